// Moving photos within an album's order: the grid's drag and drop, its arrow keys and the
// "move earlier/later" buttons all end here, and the album then gets the full new order.

/** `order` with the `moving` photos `steps` places earlier (negative) or later (positive).
 * Several photos move together, each one stepping over the photo next to it that is not moving,
 * so a photo already at the start (or end) waits for the others. */
export function moveBy(order: readonly number[], moving: ReadonlySet<number>, steps: number): number[] {
  const out = [...order];
  for (let n = 0; n < Math.abs(steps); n++) {
    if (steps < 0) {
      for (let i = 1; i < out.length; i++) {
        if (moving.has(out[i]) && !moving.has(out[i - 1])) [out[i - 1], out[i]] = [out[i], out[i - 1]];
      }
    } else {
      for (let i = out.length - 2; i >= 0; i--) {
        if (moving.has(out[i]) && !moving.has(out[i + 1])) [out[i], out[i + 1]] = [out[i + 1], out[i]];
      }
    }
  }
  return out;
}

/** `order` with the `moving` photos taken out and put back together, in their order, at
 * `slot`: the gap before the photo at that index of `order` (`order.length`: the end). */
export function moveTo(order: readonly number[], moving: ReadonlySet<number>, slot: number): number[] {
  const at = Math.max(0, Math.min(slot, order.length));
  const before = order.slice(0, at).filter((id) => !moving.has(id));
  const after = order.slice(at).filter((id) => !moving.has(id));
  const block = order.filter((id) => moving.has(id));
  return [...before, ...block, ...after];
}

export function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
