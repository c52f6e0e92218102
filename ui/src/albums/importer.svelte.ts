// The photo import under way. One runs at a time, in the shell, off the window's thread; it
// tells its progress through events. This lives outside the components so that leaving the
// albums area and coming back still shows it.
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { api } from '../lib/ipc/client';
import type { ImportProgress, ImportReport } from '../lib/ipc/photos';
import { errors } from '../lib/errors.svelte';

export const PROGRESS_EVENT = 'photo-import-progress';
export const DONE_EVENT = 'photo-import-done';
export const DROPPED_EVENT = 'photos-dropped';

export type ImportRun = {
  /** The album the photos go into; null for the library alone. */
  albumId: number | null;
  done: number;
  total: number;
  cancelling: boolean;
};

export type FinishedImport = { albumId: number | null; report: ImportReport };

class Importer {
  /** Set from the moment the shell started the import until its report arrives. */
  running = $state<ImportRun | null>(null);
  /** Waiting for the file dialog (or the shell) to start an import. */
  starting = $state(false);
  /** The photos of the import under way (or the last one), in the order they were finished. */
  arrived = $state.raw<number[]>([]);
  /** The report of the last import, kept until dismissed. */
  finished = $state<FinishedImport | null>(null);
  /** Counts finished imports: views reload what they show when it changes. */
  generation = $state(0);

  #stops: UnlistenFn[] = [];
  #target: number | null = null;
  #seen = new Set<number>();

  get busy(): boolean {
    return this.starting || this.running !== null;
  }

  /** Listens for the import's events, then `begin`s it (file dialog or dropped files).
   * Errors (e.g. `import_running`) go to the window's error area. */
  async start(albumId: number | null, begin: () => Promise<boolean>): Promise<void> {
    if (this.busy) {
      // The shell refuses a second import and says why.
      await begin().catch((e) => errors.show(e));
      return;
    }
    this.starting = true;
    this.#target = albumId;
    let finishedEarly = false;
    const before = this.generation;
    try {
      await this.#listen();
      if (!(await begin())) {
        this.#unlisten();
        return;
      }
      finishedEarly = this.generation !== before;
      if (!finishedEarly && !this.running) {
        this.finished = null;
        this.running = { albumId, done: 0, total: 0, cancelling: false };
      }
    } catch (e) {
      if (!this.running) this.#unlisten();
      errors.show(e);
    } finally {
      this.starting = false;
    }
  }

  /** Asks the shell to stop between photos; its report follows. */
  async cancel(): Promise<void> {
    const run = this.running;
    if (!run || run.cancelling) return;
    this.running = { ...run, cancelling: true };
    try {
      await api.photoImportCancel();
    } catch (e) {
      if (this.running) this.running = { ...this.running, cancelling: false };
      errors.show(e);
    }
  }

  dismiss(): void {
    this.finished = null;
  }

  /** Forgets everything (tests). */
  reset(): void {
    this.#unlisten();
    this.running = null;
    this.starting = false;
    this.arrived = [];
    this.finished = null;
    this.#seen = new Set();
  }

  async #listen(): Promise<void> {
    this.#unlisten();
    this.arrived = [];
    this.#seen = new Set();
    const stops = await Promise.all([
      listen<ImportProgress>(PROGRESS_EVENT, (e) => this.#progress(e.payload)),
      listen<ImportReport>(DONE_EVENT, (e) => this.#done(e.payload)),
    ]);
    this.#stops = stops;
  }

  #unlisten(): void {
    for (const stop of this.#stops) {
      try {
        stop();
      } catch {
        // Already gone with the window.
      }
    }
    this.#stops = [];
  }

  #progress(p: ImportProgress): void {
    // The first news of a new import replaces the last one's report.
    if (!this.running) this.finished = null;
    const run = this.running ?? { albumId: this.#target, done: 0, total: 0, cancelling: false };
    this.running = { ...run, done: p.done, total: p.total };
    const id = p.item.photo_id;
    if (id !== null && !this.#seen.has(id)) {
      this.#seen.add(id);
      this.arrived = [...this.arrived, id];
    }
  }

  #done(report: ImportReport): void {
    this.finished = { albumId: this.running?.albumId ?? this.#target, report };
    this.running = null;
    this.generation++;
    this.#unlisten();
  }
}

export const importer = new Importer();
