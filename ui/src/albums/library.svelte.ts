// The photo library as the grids show it (newest first), shared by the views of the albums
// area. It is read a page at a time (issue 7: hundreds of thousands of photos): the grids ask
// for the next page as they are scrolled near their end. Read again now and then while an
// import brings photos in: as many as are shown, so a grid scrolled far keeps its place.
import { api } from '../lib/ipc/client';
import type { PhotoSummary } from '../lib/ipc/photos';
import { Pager } from '../lib/pager.svelte';

/** Reloads while photos arrive are at least this far apart. */
export const REFRESH_GAP_MS = 400;
/** Photos a page holds (small tiles: a page fills a few screens). */
export const PHOTO_PAGE = 200;
/** A refresh reads at most this many photos more than are shown (an import's arrivals). */
const ARRIVALS_READ = 2000;

export class PhotoLibrary {
  readonly #pager = new Pager<PhotoSummary>((after, limit) => api.photoPage(after, limit), PHOTO_PAGE);
  byId = $derived(new Map((this.#pager.items ?? []).map((p) => [p.id, p])));

  #loading = false;
  #again = false;
  #atLeast = 0;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #gone = false;

  /** The photos read so far, newest first; null until the first page. Replaced, never changed
   * in place (a large list is not proxied). */
  get photos(): readonly PhotoSummary[] | null {
    return this.#pager.items;
  }

  /** How many photos the library holds (all of them, not only those read). */
  get total(): number {
    return this.#pager.total;
  }

  /** The first read failed. */
  get failed(): boolean {
    return this.#pager.failed;
  }

  /** More photos can be read after those shown. */
  get hasMore(): boolean {
    return this.#pager.hasMore;
  }

  get loadingMore(): boolean {
    return this.#pager.loadingMore;
  }

  get moreFailed(): boolean {
    return this.#pager.moreFailed;
  }

  /** Reads the library again now, or right after the read under way, but never more often than
   * every REFRESH_GAP_MS: an import of hundreds of photos asks for many reloads. `atLeast`:
   * read that many photos even when fewer are shown (an import's arrivals, so an album can show
   * them as they come). */
  refresh(atLeast = 0): void {
    if (this.#gone) return;
    this.#atLeast = Math.max(this.#atLeast, Math.min(atLeast, ARRIVALS_READ));
    if (this.#loading || this.#timer) {
      this.#again = true;
      return;
    }
    const wait = this.#startedAt + REFRESH_GAP_MS - Date.now();
    if (this.#startedAt && wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.refresh();
      }, wait);
      return;
    }
    void this.#load();
  }

  async #load(): Promise<void> {
    this.#loading = true;
    this.#again = false;
    this.#startedAt = Date.now();
    const atLeast = this.#atLeast;
    this.#atLeast = 0;
    try {
      await this.#pager.reload(atLeast);
    } finally {
      this.#loading = false;
      if (this.#again) this.refresh();
    }
  }

  /** Reads the next page (a grid scrolled near its end). */
  more(): void {
    void this.#pager.more();
  }

  /** "Thử lại" after a page that could not be read. */
  retryMore(): Promise<void> {
    return this.#pager.retryMore();
  }

  /** Photos edited elsewhere take the place of their old copies. */
  replace(edited: readonly PhotoSummary[]): void {
    this.#pager.replace(edited);
  }

  dispose(): void {
    this.#gone = true;
    this.#pager.dispose();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** `photos` with the edited ones in their place. */
export function withEdited(photos: readonly PhotoSummary[], edited: readonly PhotoSummary[]): PhotoSummary[] {
  const byId = new Map(edited.map((p) => [p.id, p]));
  return photos.map((p) => byId.get(p.id) ?? p);
}
