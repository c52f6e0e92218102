// Vietnamese is typed through an input method (Unikey/EVKey in Telex or VNI, IBus-Unikey,
// IBus-Bamboo): "tieengs" becomes "tiếng" through a composition the browser is still editing.
// While it runs, nothing may touch the editor's content, and a save in the middle would store
// a half-typed word, so changes are held back and reported once the composition ends.

export class ChangeGate {
  readonly #isComposing: () => boolean;
  readonly #emit: () => void;
  #held = false;

  constructor(isComposing: () => boolean, emit: () => void) {
    this.#isComposing = isComposing;
    this.#emit = emit;
  }

  /** The document changed. */
  changed(): void {
    if (this.#isComposing()) {
      this.#held = true;
      return;
    }
    this.#held = false;
    this.#emit();
  }

  /** The input method finished (compositionend, after the editor has taken it in). */
  compositionEnded(): void {
    if (!this.#held || this.#isComposing()) return;
    this.#held = false;
    this.#emit();
  }

  /** A change is being held back until the composition ends. */
  get holding(): boolean {
    return this.#held;
  }
}
