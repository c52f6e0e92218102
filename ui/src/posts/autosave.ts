// Autosave for one post: debounced after typing, immediate on flush (blur, leaving, Ctrl+S).
// Never runs two saves at once: while one is running, the next one waits and then
// saves whatever is newest at that moment.
import { toErrorReport, type ErrorReport } from '../lib/ipc/client';
import type { PostEdit } from '../lib/ipc/types';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; error: ErrorReport };

export interface AutosaverOptions {
  /** The editor's current content. */
  snapshot: () => PostEdit;
  save: (edit: PostEdit) => Promise<unknown>;
  onState: (state: SaveState) => void;
  delayMs?: number;
}

// Every field the editor sends; the id never changes.
const key = ({ id: _id, ...fields }: PostEdit) => JSON.stringify(fields);

export class Autosaver {
  readonly #opts: AutosaverOptions;
  #lastSaved: string;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<ErrorReport | null> | null = null;
  #again = false;
  #error: ErrorReport | null = null;

  constructor(opts: AutosaverOptions, saved: PostEdit) {
    this.#opts = opts;
    this.#lastSaved = key(saved);
  }

  /** The content changed: save once typing pauses. */
  touch(): void {
    this.#clearTimer();
    if (!this.#running && !this.#error) this.#opts.onState({ kind: 'pending' });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#opts.delayMs ?? 800);
  }

  /** Save now if anything changed; resolves with the error, or null once everything is saved. */
  flush(): Promise<ErrorReport | null> {
    this.#clearTimer();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    const run = this.#loop().finally(() => {
      this.#running = null;
    });
    this.#running = run;
    return run;
  }

  /** Take the editor's current content as the saved state (e.g. after it was first loaded). */
  rebase(): void {
    this.#lastSaved = key(this.#opts.snapshot());
  }

  get hasPendingChanges(): boolean {
    return key(this.#opts.snapshot()) !== this.#lastSaved;
  }

  dispose(): void {
    this.#clearTimer();
  }

  async #loop(): Promise<ErrorReport | null> {
    do {
      this.#again = false;
      const edit = this.#opts.snapshot();
      const k = key(edit);
      if (k === this.#lastSaved) {
        if (this.#error) {
          this.#error = null;
          this.#opts.onState({ kind: 'idle' });
        }
        continue;
      }
      this.#opts.onState({ kind: 'saving' });
      try {
        await this.#opts.save(edit);
        this.#lastSaved = k;
        this.#error = null;
        this.#opts.onState({ kind: 'saved', at: new Date() });
      } catch (e) {
        this.#error = toErrorReport(e);
        this.#opts.onState({ kind: 'error', error: this.#error });
      }
    } while (this.#again);
    return this.#error;
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
