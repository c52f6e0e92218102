// The arithmetic of turning and cropping a photo. A crop is a rectangle in fractions (0 to 1)
// of the turned photo's width and height; the core makes the renditions from the original with
// it. Aspect ratios are in pixels, so they need the picture's size in pixels.
import type { Crop, Framing } from '../lib/ipc/photos';

/** No side of a crop is shorter than this fraction of the picture's side. */
export const MIN_SIDE = 0.05;
/** The size slider of a fixed aspect: per cent of the largest rectangle of that aspect. */
export const MIN_ZOOM = 30;
export const MAX_ZOOM = 100;

/** The aspect presets of the framing dialog: free, fixed ratios, or the whole picture. */
export type Aspect = 'free' | '3:2' | '4:3' | '16:9' | '1:1' | 'none';
export const ASPECTS: readonly Aspect[] = ['free', '3:2', '4:3', '16:9', '1:1', 'none'];

const RATIOS: Record<'3:2' | '4:3' | '16:9' | '1:1', number> = { '3:2': 3 / 2, '4:3': 4 / 3, '16:9': 16 / 9, '1:1': 1 };

/** Fractions are kept to a millionth: small enough for any camera, and turning back and forth
 * gives the same numbers again. */
const UNIT = 1_000_000;

export const WHOLE: Crop = Object.freeze({ x: 0, y: 0, w: 1, h: 1 });

export function clamp(value: number, low: number, high: number): number {
  if (Number.isNaN(value)) return low;
  return Math.min(high, Math.max(low, value));
}

/** Width over height in pixels of a fixed preset (turned upright when `portrait`); null for
 * "free" and "whole picture". */
export function aspectRatio(aspect: Aspect, portrait = false): number | null {
  if (aspect === 'free' || aspect === 'none') return null;
  const ratio = RATIOS[aspect];
  return portrait ? 1 / ratio : ratio;
}

/** The shortest sides a crop may have, as fractions of the picture it is drawn on. */
export type Least = { w: number; h: number };
export const LEAST: Least = Object.freeze({ w: MIN_SIDE, h: MIN_SIDE });
const ANY: Least = Object.freeze({ w: 1 / UNIT, h: 1 / UNIT });

/** The crop moved (and only if need be grown or shrunk) to lie inside the picture, no side
 * shorter than `least`, its numbers rounded to a millionth. */
export function clampCrop(crop: Crop, least: Least = LEAST): Crop {
  const w = clamp(Math.round(crop.w * UNIT), Math.min(UNIT, Math.ceil(least.w * UNIT)), UNIT);
  const h = clamp(Math.round(crop.h * UNIT), Math.min(UNIT, Math.ceil(least.h * UNIT)), UNIT);
  const x = clamp(Math.round(crop.x * UNIT), 0, UNIT - w);
  const y = clamp(Math.round(crop.y * UNIT), 0, UNIT - h);
  return { x: x / UNIT, y: y / UNIT, w: w / UNIT, h: h / UNIT };
}

/** The shortest sides of a crop drawn on the picture already cut by `outer`, so that the crop
 * of the whole picture it makes is no shorter than MIN_SIDE. */
export function leastWithin(outer: Crop | null): Least {
  if (!outer) return LEAST;
  return { w: Math.min(1, MIN_SIDE / outer.w), h: Math.min(1, MIN_SIDE / outer.h) };
}

/** The whole picture, give or take a rounding. */
export function isWhole(crop: Crop | null): boolean {
  if (!crop) return true;
  const c = clampCrop(crop, ANY);
  return c.x === 0 && c.y === 0 && c.w === 1 && c.h === 1;
}

/** What is sent: the crop inside the picture, or null when it keeps all of it. */
export function tidyCrop(crop: Crop | null): Crop | null {
  return crop === null || isWhole(crop) ? null : clampCrop(crop, ANY);
}

/** Width and height (fractions) of the largest rectangle of `ratio` (pixels, width over height)
 * inside a picture of `width` × `height` pixels. */
export function fitAspect(ratio: number, width: number, height: number): { w: number; h: number } {
  const picture = width / height;
  return picture > ratio ? { w: ratio / picture, h: 1 } : { w: 1, h: picture / ratio };
}

/** A rectangle of `w` × `h` whose place is given as parts (0 to 1) of the room it has to move:
 * 0 at the left (top) edge, 1 at the right (bottom), ½ in the middle. */
export function placeCrop(w: number, h: number, across: number, down: number, least: Least = LEAST): Crop {
  const cw = clamp(w, least.w, 1);
  const ch = clamp(h, least.h, 1);
  return clampCrop({ x: clamp(across, 0, 1) * (1 - cw), y: clamp(down, 0, 1) * (1 - ch), w: cw, h: ch }, least);
}

/** Where the crop stands, as placeCrop takes it (½ along a side it fills). */
export function placeOf(crop: Crop): { across: number; down: number } {
  const part = (start: number, size: number) => (size >= 1 - 1e-9 ? 0.5 : clamp(start / (1 - size), 0, 1));
  return { across: part(crop.x, crop.w), down: part(crop.y, crop.h) };
}

/** The rectangle of a fixed `ratio` at `zoom` per cent of the largest one, at a place. Never
 * shorter than `least`: a very thin picture gets the smallest size that still fits. */
export function sizedCrop(
  ratio: number,
  width: number,
  height: number,
  zoom: number,
  across: number,
  down: number,
  least: Least = LEAST,
): Crop {
  const full = fitAspect(ratio, width, height);
  const scale = Math.min(1, Math.max(clamp(zoom, MIN_ZOOM, MAX_ZOOM) / 100, least.w / full.w, least.h / full.h));
  return placeCrop(full.w * scale, full.h * scale, across, down, least);
}

/** The crop moved by `dx`, `dy` (fractions of the picture), stopping at the edges. */
export function moveCrop(crop: Crop, dx: number, dy: number): Crop {
  return clampCrop({ ...crop, x: crop.x + dx, y: crop.y + dy }, ANY);
}

/** The same part of the picture once the picture is turned by `turns` quarter turns
 * (clockwise when positive). Turning right then left gives the rectangle back. */
export function turnCrop(crop: Crop | null, turns: number): Crop | null {
  if (crop === null) return null;
  let c = clampCrop(crop, ANY);
  const steps = ((turns % 4) + 4) % 4;
  for (let i = 0; i < steps; i++) {
    // Clockwise: the left edge becomes the top, the bottom edge becomes the left.
    c = clampCrop({ x: 1 - (c.y + c.h), y: c.x, w: c.h, h: c.w }, ANY);
  }
  return c;
}

/** The framing after `turns` more quarter turns, keeping the same part of the picture. */
export function turnFraming(framing: Framing, turns: number): Framing {
  return {
    quarter_turns: (((framing.quarter_turns + turns) % 4) + 4) % 4,
    crop: turnCrop(framing.crop, turns),
  };
}

/** `inner`, a crop of the picture already cut by `outer`, as a crop of the whole picture. */
export function withinCrop(outer: Crop | null, inner: Crop | null): Crop | null {
  if (inner === null || isWhole(inner)) return tidyCrop(outer);
  const i = clampCrop(inner, ANY);
  if (outer === null || isWhole(outer)) return i;
  const o = clampCrop(outer, ANY);
  return tidyCrop({ x: o.x + i.x * o.w, y: o.y + i.y * o.h, w: i.w * o.w, h: i.h * o.h });
}
