// The whole photo library as the grids show it (newest first), shared by the views of the
// albums area: reloaded now and then while an import brings photos in.
import { api } from '../lib/ipc/client';
import type { PhotoSummary } from '../lib/ipc/photos';
import { errors } from '../lib/errors.svelte';

/** Reloads while photos arrive are at least this far apart. */
export const REFRESH_GAP_MS = 400;

export class PhotoLibrary {
  /** Null until first read. Replaced, never changed in place (a large list is not proxied). */
  photos = $state.raw<PhotoSummary[] | null>(null);
  /** The last read failed. */
  failed = $state(false);
  byId = $derived(new Map((this.photos ?? []).map((p) => [p.id, p])));

  #loading = false;
  #again = false;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #gone = false;

  /** Reads the library now, or right after the read under way, but never more often than
   * every REFRESH_GAP_MS: an import of hundreds of photos asks for many reloads. */
  refresh(): void {
    if (this.#gone) return;
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
    try {
      const photos = await api.photoList();
      if (!this.#gone) {
        this.photos = photos;
        this.failed = false;
      }
    } catch (e) {
      if (!this.#gone) {
        this.failed = true;
        errors.show(e);
      }
    } finally {
      this.#loading = false;
      if (this.#again) this.refresh();
    }
  }

  /** Photos edited elsewhere take the place of their old copies. */
  replace(edited: readonly PhotoSummary[]): void {
    if (!this.photos || edited.length === 0) return;
    const byId = new Map(edited.map((p) => [p.id, p]));
    this.photos = this.photos.map((p) => byId.get(p.id) ?? p);
  }

  dispose(): void {
    this.#gone = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** `photos` with the edited ones in their place. */
export function withEdited(photos: readonly PhotoSummary[], edited: readonly PhotoSummary[]): PhotoSummary[] {
  const byId = new Map(edited.map((p) => [p.id, p]));
  return photos.map((p) => byId.get(p.id) ?? p);
}
