// Which photos of a grid are selected, and which one the keyboard is on.

export type SelectHow = 'only' | 'toggle' | 'range' | 'addRange';

/** How a click or Space selects, from the keys held: Ctrl (⌘) adds or removes one photo,
 * Shift takes every photo from the last one chosen, both add that run to the selection. */
export function howFrom(event: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): SelectHow {
  const add = event.ctrlKey || event.metaKey;
  if (event.shiftKey) return add ? 'addRange' : 'range';
  return add ? 'toggle' : 'only';
}

export class Selection {
  /** The selected photo ids (replaced, never changed in place). */
  selected = $state.raw<ReadonlySet<number>>(new Set());
  /** Where a Shift-selection starts from: the photo last chosen. */
  anchor = $state<number | null>(null);
  /** The photo the keyboard is on. */
  focus = $state<number | null>(null);

  get size(): number {
    return this.selected.size;
  }

  has(id: number): boolean {
    return this.selected.has(id);
  }

  /** The selected ids in the order of `order`. */
  inOrder(order: readonly number[]): number[] {
    return order.filter((id) => this.selected.has(id));
  }

  select(order: readonly number[], id: number, how: SelectHow): void {
    this.focus = id;
    if (how === 'only') {
      this.selected = new Set([id]);
      this.anchor = id;
    } else if (how === 'toggle') {
      const next = new Set(this.selected);
      if (!next.delete(id)) next.add(id);
      this.selected = next;
      this.anchor = id;
    } else {
      const from = this.anchor !== null && order.includes(this.anchor) ? order.indexOf(this.anchor) : order.indexOf(id);
      const to = order.indexOf(id);
      const run = order.slice(Math.min(from, to), Math.max(from, to) + 1);
      this.selected = new Set(how === 'addRange' ? [...this.selected, ...run] : run);
      if (this.anchor === null) this.anchor = id;
    }
  }

  selectAll(order: readonly number[]): void {
    this.selected = new Set(order);
  }

  clear(): void {
    this.selected = new Set();
    this.anchor = null;
  }

  /** Forgets photos no longer shown (removed, or gone from the library). */
  keepOnly(order: readonly number[]): void {
    const shown = new Set(order);
    if ([...this.selected].some((id) => !shown.has(id))) {
      this.selected = new Set([...this.selected].filter((id) => shown.has(id)));
    }
    if (this.anchor !== null && !shown.has(this.anchor)) this.anchor = null;
    if (this.focus !== null && !shown.has(this.focus)) this.focus = null;
  }
}
