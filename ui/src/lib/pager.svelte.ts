// A long list read a page at a time (issue 7): the core reads by keyset, each page ending with
// the cursor the next one starts after, and keeps the list's total without counting. The pager
// holds what was read so far; the list asks for the next page as the person scrolls near its end.
// One read at a time; a failed next page keeps what is shown and waits for "Thử lại".
import type { ListCursor } from './ipc/types';
import { errors } from './errors.svelte';

export type Page<T> = { items: T[]; next: ListCursor | null; total: number };
/** Reads the page after `after` (null: the first), `limit` rows at most. */
export type ReadPage<T> = (after: ListCursor | null, limit: number) => Promise<Page<T>>;

/** The most rows the core gives in one page (crates/newsroom/src/lists.rs `MAX_PAGE`). */
export const MAX_PAGE = 500;

export class Pager<T extends { id: number }> {
  /** Null until the first page arrives. Replaced, never changed in place (not proxied). */
  items = $state.raw<T[] | null>(null);
  /** How many the whole list holds, as the core keeps it. */
  total = $state(0);
  /** Where the next page starts; null at the end of the list. */
  next = $state.raw<ListCursor | null>(null);
  /** The first read failed: nothing to show. */
  failed = $state(false);
  /** Reading the list from the start (the first time or again). */
  loading = $state(false);
  /** Reading the next page. */
  loadingMore = $state(false);
  /** The next page could not be read; what is shown stays, retryMore() reads it again. */
  moreFailed = $state(false);
  /** More rows can be read after those shown. */
  readonly hasMore = $derived(this.items !== null && this.next !== null);

  readonly #read: ReadPage<T>;
  readonly #size: number;
  /** Bumped by every read from the start and by dispose(): a read answered after that is dropped. */
  #generation = 0;
  #ids = new Set<number>();
  #gone = false;

  /** `size`: rows a page holds. */
  constructor(read: ReadPage<T>, size = 100) {
    this.#read = read;
    this.#size = Math.max(1, Math.min(MAX_PAGE, size));
  }

  /** Shows a page read elsewhere (the shell's first page, handed over with the window). */
  seed(page: Page<T>): void {
    this.#generation++;
    this.loading = false;
    this.loadingMore = false;
    this.#show(page.items, page.next, page.total);
  }

  /** Reads the list again from its start: as many rows as are shown (and at least a page, or
   * `atLeast`), so a list scrolled far keeps its place. False when the read failed (the error
   * is shown; rows already shown stay). */
  async reload(atLeast = 0): Promise<boolean> {
    if (this.#gone) return false;
    const generation = ++this.#generation;
    this.loading = true;
    this.loadingMore = false;
    const want = Math.max(this.#size, this.items?.length ?? 0, atLeast);
    try {
      const rows: T[] = [];
      const seen = new Set<number>();
      let after: ListCursor | null = null;
      let total = 0;
      do {
        const page: Page<T> = await this.#read(after, Math.min(MAX_PAGE, Math.max(this.#size, want - rows.length)));
        if (generation !== this.#generation) return false;
        for (const row of page.items) {
          if (!seen.has(row.id)) {
            seen.add(row.id);
            rows.push(row);
          }
        }
        after = page.next;
        total = page.total;
      } while (after !== null && rows.length < want);
      this.#show(rows, after, total);
      return true;
    } catch (e) {
      if (generation !== this.#generation) return false;
      if (this.items === null) this.failed = true;
      errors.show(e);
      return false;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Reads the next page and adds it to those shown; nothing when a read is under way, at the
   * end of the list, or after a failed page (until retryMore()). */
  async more(): Promise<void> {
    const after = this.next;
    if (this.#gone || this.items === null || after === null) return;
    if (this.loading || this.loadingMore || this.moreFailed) return;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const page = await this.#read(after, this.#size);
      if (generation !== this.#generation) return;
      const fresh = page.items.filter((row) => !this.#ids.has(row.id));
      for (const row of fresh) this.#ids.add(row.id);
      this.items = fresh.length > 0 ? [...(this.items ?? []), ...fresh] : this.items;
      this.next = page.next;
      this.total = page.total;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.moreFailed = true;
      errors.show(e);
    } finally {
      if (generation === this.#generation) this.loadingMore = false;
    }
  }

  /** "Thử lại" after a failed page. */
  retryMore(): Promise<void> {
    this.moreFailed = false;
    return this.more();
  }

  /** Rows changed elsewhere take the place of their old copies. */
  replace(changed: readonly T[]): void {
    if (!this.items || changed.length === 0) return;
    const byId = new Map(changed.map((row) => [row.id, row]));
    this.items = this.items.map((row) => byId.get(row.id) ?? row);
  }

  /** Drops every read under way (the view is gone). */
  dispose(): void {
    this.#gone = true;
    this.#generation++;
  }

  #show(rows: T[], next: ListCursor | null, total: number): void {
    this.items = rows;
    this.#ids = new Set(rows.map((row) => row.id));
    this.next = next;
    this.total = total;
    this.failed = false;
    this.moreFailed = false;
  }
}
