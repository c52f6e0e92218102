import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import AlbumsArea from './AlbumsArea.svelte';
import { FakeBackend, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { importer } from './importer.svelte';
import type { Crop, Framing, PhotoSummary } from '../lib/ipc/photos';
import {
  MIN_SIDE,
  aspectRatio,
  clamp,
  clampCrop,
  fitAspect,
  isWhole,
  leastWithin,
  moveCrop,
  placeCrop,
  placeOf,
  sizedCrop,
  tidyCrop,
  turnCrop,
  turnFraming,
  withinCrop,
} from './framing';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

/** Inside the picture, give or take a rounding, and not too thin. */
function expectInside(c: Crop, least = MIN_SIDE) {
  expect(c.x).toBeGreaterThanOrEqual(0);
  expect(c.y).toBeGreaterThanOrEqual(0);
  expect(c.x + c.w).toBeLessThanOrEqual(1 + 1e-9);
  expect(c.y + c.h).toBeLessThanOrEqual(1 + 1e-9);
  expect(c.w).toBeGreaterThanOrEqual(least - 1e-9);
  expect(c.h).toBeGreaterThanOrEqual(least - 1e-9);
}

function expectCrop(actual: Crop | null, expected: Crop) {
  expect(actual).not.toBeNull();
  for (const k of ['x', 'y', 'w', 'h'] as const) expect(actual![k], k).toBeCloseTo(expected[k], 5);
}

describe('crop arithmetic', () => {
  it('clamps numbers and rectangles into the picture', () => {
    expect(clamp(5, 0, 1)).toBe(1);
    expect(clamp(-5, 0, 1)).toBe(0);
    expect(clamp(Number.NaN, 0, 1)).toBe(0);
    // Moved back in, not shrunk.
    expect(clampCrop({ x: 0.8, y: -0.1, w: 0.5, h: 0.5 })).toEqual({ x: 0.5, y: 0, w: 0.5, h: 0.5 });
    // Too big: the whole side; too small: the least side.
    expect(clampCrop({ x: 0.2, y: 0.2, w: 1.5, h: 0.001 })).toEqual({ x: 0, y: 0.2, w: 1, h: MIN_SIDE });
    expect(clampCrop({ x: 0.99, y: 0.99, w: 0.01, h: 0.01 }, leastWithin({ x: 0, y: 0, w: 0.5, h: 0.25 }))).toEqual({
      x: 0.9,
      y: 0.8,
      w: 0.1,
      h: 0.2,
    });
    expect(isWhole({ x: 0, y: 0, w: 1, h: 1 })).toBe(true);
    expect(isWhole(null)).toBe(true);
    expect(tidyCrop({ x: 1e-9, y: 0, w: 1, h: 0.9999999 })).toBeNull();
    expect(tidyCrop({ x: 0.1, y: 0, w: 0.9, h: 1 })).toEqual({ x: 0.1, y: 0, w: 0.9, h: 1 });
  });

  it('fits the largest rectangle of an aspect, in pixels', () => {
    // A square on a 6000 × 4000 photo: 4000 px each way.
    const square = fitAspect(1, 6000, 4000);
    expect(square.w * 6000).toBeCloseTo(4000, 6);
    expect(square.h).toBe(1);
    // 16:9 on an upright 4000 × 6000 photo: the full width, 2250 px high.
    const wide = fitAspect(16 / 9, 4000, 6000);
    expect(wide.w).toBe(1);
    expect(wide.h * 6000).toBeCloseTo(2250, 6);
    expect(aspectRatio('3:2')).toBe(1.5);
    expect(aspectRatio('3:2', true)).toBeCloseTo(2 / 3);
    expect(aspectRatio('free')).toBeNull();
    expect(aspectRatio('none')).toBeNull();
  });

  it('sizes and places a fixed frame, never too small nor outside', () => {
    const half = sizedCrop(1, 6000, 4000, 50, 0.5, 0.5);
    expect(half.w * 6000).toBeCloseTo(half.h * 4000, 2);
    expectCrop(half, { x: (1 - 1 / 3) / 2, y: 0.25, w: 1 / 3, h: 0.5 });
    expectCrop(sizedCrop(1, 6000, 4000, 50, 1, 0), { x: 2 / 3, y: 0, w: 1 / 3, h: 0.5 });
    // Zoom is held to 30–100 %.
    expectCrop(sizedCrop(1, 6000, 4000, 5, 0, 0), { x: 0, y: 0, w: 0.2, h: 0.3 });
    // On a very thin picture the frame grows to the least side.
    const thin = sizedCrop(16 / 9, 600, 6000, 30, 0.5, 0.5);
    expectInside(thin);
    for (const [across, down] of [
      [0, 0],
      [1, 1],
      [-3, 7],
    ]) {
      expectInside(placeCrop(0.4, 0.3, across, down));
    }
    const placed = placeCrop(0.4, 0.3, 0.25, 0.75);
    expect(placeOf(placed).across).toBeCloseTo(0.25, 5);
    expect(placeOf(placed).down).toBeCloseTo(0.75, 5);
    expect(placeOf({ x: 0, y: 0.2, w: 1, h: 0.5 }).across).toBe(0.5);
  });

  it('moves a frame and stops at the edges', () => {
    const c = { x: 0.2, y: 0.3, w: 0.4, h: 0.5 };
    expectCrop(moveCrop(c, 0.1, -0.1), { x: 0.3, y: 0.2, w: 0.4, h: 0.5 });
    expectCrop(moveCrop(c, 5, 5), { x: 0.6, y: 0.5, w: 0.4, h: 0.5 });
    expectCrop(moveCrop(c, -5, -5), { x: 0, y: 0, w: 0.4, h: 0.5 });
  });

  it('turns a crop with the picture, keeping the same part of it', () => {
    const c = { x: 0.1, y: 0.2, w: 0.3, h: 0.4 };
    // On a 6000 × 4000 picture this keeps pixels x 600–2400, y 800–2400. Turned right, the
    // picture is 4000 × 6000 and the point (px, py) goes to (4000 − py, px): x 1600–3200, y 600–2400.
    expect(turnCrop(c, 1)).toEqual({ x: 0.4, y: 0.1, w: 0.4, h: 0.3 });
    expect(turnCrop(c, -1)).toEqual({ x: 0.2, y: 0.6, w: 0.4, h: 0.3 });
    expect(turnCrop(c, 2)).toEqual({ x: 0.6, y: 0.4, w: 0.3, h: 0.4 });
    expect(turnCrop(turnCrop(c, 1), -1)).toEqual(c);
    expect(turnCrop(turnCrop(c, -1), 1)).toEqual(c);
    expect(turnCrop(c, 4)).toEqual(c);
    const odd = { x: 1 / 7, y: 2 / 9, w: 3 / 11, h: 0.5 };
    expectCrop(turnCrop(turnCrop(odd, 1), -1), odd);
    expect(turnCrop(null, 1)).toBeNull();
  });

  it('turns the framing a quarter at a time, 0 to 3', () => {
    const f: Framing = { quarter_turns: 3, crop: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 } };
    expect(turnFraming(f, 1)).toEqual({ quarter_turns: 0, crop: { x: 0.4, y: 0.1, w: 0.4, h: 0.3 } });
    expect(turnFraming({ quarter_turns: 0, crop: null }, -1)).toEqual({ quarter_turns: 3, crop: null });
    expect(turnFraming(turnFraming(f, -1), 1)).toEqual(f);
  });

  it('puts a crop of a cropped picture back on the whole picture', () => {
    const outer = { x: 0.5, y: 0, w: 0.5, h: 1 };
    expectCrop(withinCrop(outer, { x: 0, y: 0.125, w: 1, h: 0.75 }), { x: 0.5, y: 0.125, w: 0.5, h: 0.75 });
    expectCrop(withinCrop(outer, { x: 0.5, y: 0.5, w: 0.5, h: 0.5 }), { x: 0.75, y: 0.5, w: 0.25, h: 0.5 });
    expect(withinCrop(outer, null)).toEqual(outer);
    expect(withinCrop(outer, { x: 0, y: 0, w: 1, h: 1 })).toEqual(outer);
    expect(withinCrop(null, { x: 0.1, y: 0.1, w: 0.5, h: 0.5 })).toEqual({ x: 0.1, y: 0.1, w: 0.5, h: 0.5 });
    expect(withinCrop(null, null)).toBeNull();
    expect(leastWithin(outer)).toEqual({ w: 0.1, h: MIN_SIDE });
  });
});

// ── In the albums area ──────────────────────────────────────────────────

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  importer.reset();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(() => cleanup());

type FrameArgs = { id: number; framing: Framing };
const frames = () => fake.callsOf('photo_frame').map((c) => c.args as FrameArgs);

/** The library with this photo (captioned "Ảnh một"), selected. */
async function selectPhoto(fields: Partial<PhotoSummary> = {}) {
  fake.addPhotos(samplePhoto(1, { caption: 'Ảnh một', ...fields }));
  render(AlbumsArea);
  await fireEvent.click(await screen.findByRole('button', { name: /Thư viện ảnh/ }));
  const grid = await screen.findByRole('listbox', { name: 'Tất cả ảnh, mới nhất trước' });
  await fireEvent.click(await within(grid).findByRole('option', { name: /Ảnh một/ }));
  await screen.findByRole('heading', { name: 'Thông tin ảnh' });
  const thumb = () => within(grid).getByRole('option', { name: /Ảnh một/ }).querySelector('img')!.getAttribute('src');
  return { grid, thumb };
}

async function openDialog() {
  await fireEvent.click(screen.getByRole('button', { name: 'Cắt ảnh…' }));
  return screen.getByRole('dialog', { name: 'Cắt ảnh' });
}

const slider = (dialog: HTMLElement, name: string) => within(dialog).getByRole('slider', { name: new RegExp(name) });

describe('turning', () => {
  it('turns right: sends a quarter turn, and the thumbnail and details show the new version', async () => {
    const { thumb } = await selectPhoto();
    expect(thumb()).toBe('photo://localhost/1/320?v=1');
    await fireEvent.click(screen.getByRole('button', { name: 'Xoay phải' }));
    await waitFor(() => expect(frames()).toEqual([{ id: 1, framing: { quarter_turns: 1, crop: null } }]));
    await waitFor(() => expect(thumb()).toBe('photo://localhost/1/320?v=2'));
    expect(screen.getByText('4000 × 6000 điểm ảnh')).toBeTruthy();
    const preview = document.querySelector('.photo-details .preview img')!;
    expect(preview.getAttribute('src')).toBe('photo://localhost/1/1024?v=2');

    // Right again, from the new framing.
    await fireEvent.click(screen.getByRole('button', { name: 'Xoay phải' }));
    await waitFor(() => expect(frames()[1]).toEqual({ id: 1, framing: { quarter_turns: 2, crop: null } }));
    await waitFor(() => expect(thumb()).toBe('photo://localhost/1/320?v=3'));
  });

  it('turns left from no turn to three, carrying the crop along', async () => {
    await selectPhoto({ width: 1800, height: 1600, framing: { quarter_turns: 0, crop: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 } } });
    await fireEvent.click(screen.getByRole('button', { name: 'Xoay trái' }));
    await waitFor(() =>
      expect(frames()).toEqual([{ id: 1, framing: { quarter_turns: 3, crop: { x: 0.2, y: 0.6, w: 0.4, h: 0.3 } } }]),
    );
    // The kept part is the same 1800 × 1600 pixels, now upright.
    expect(await screen.findByText('1600 × 1800 điểm ảnh')).toBeTruthy();
  });

  it('shows why a turn failed', async () => {
    const { thumb } = await selectPhoto();
    fake.failures.set('photo_frame', { code: 'original_missing', message: 'Không tìm thấy ảnh gốc.' });
    await fireEvent.click(screen.getByRole('button', { name: 'Xoay phải' }));
    expect(await screen.findByText('Không tìm thấy ảnh gốc.')).toBeTruthy();
    expect(thumb()).toBe('photo://localhost/1/320?v=1');
    expect((screen.getByRole('button', { name: 'Xoay phải' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('the framing dialog', () => {
  it('crops 1:1 on a 6000 × 4000 photo: a square in pixels, inside the picture', async () => {
    const { thumb } = await selectPhoto();
    const dialog = await openDialog();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByRole('img').getAttribute('src')).toBe('photo://localhost/1/1024?v=1');
    expect((within(dialog).getByRole('radio', { name: 'Giữ nguyên ảnh' }) as HTMLInputElement).checked).toBe(true);

    await fireEvent.click(within(dialog).getByRole('radio', { name: '1:1' }));
    expect(within(dialog).getByText('Phần giữ lại: 4000 × 4000 điểm ảnh')).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));

    await waitFor(() => expect(frames()).toHaveLength(1));
    const { id, framing } = frames()[0];
    expect(id).toBe(1);
    expect(framing.quarter_turns).toBe(0);
    const crop = framing.crop!;
    expectInside(crop);
    expect(crop.w * 6000).toBeCloseTo(crop.h * 4000, 1);
    expectCrop(crop, { x: 1 / 6, y: 0, w: 2 / 3, h: 1 });

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(thumb()).toBe('photo://localhost/1/320?v=2'));
    expect(screen.getByText('4000 × 4000 điểm ảnh')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cắt ảnh…' }));
  });

  it('sizes and moves the frame with the sliders, never past the edges', async () => {
    await selectPhoto();
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('radio', { name: '1:1' }));
    const rect = within(dialog).getByTestId('crop-rect');

    await fireEvent.input(slider(dialog, 'Cỡ khung'), { target: { value: '50' } });
    expect(within(dialog).getByText('Phần giữ lại: 2000 × 2000 điểm ảnh')).toBeTruthy();
    expect(parseFloat(rect.style.width)).toBeCloseTo(100 / 3, 3);
    expect(parseFloat(rect.style.height)).toBeCloseTo(50, 3);
    expect(parseFloat(rect.style.top)).toBeCloseTo(25, 3);

    await fireEvent.input(slider(dialog, 'Vị trí ngang'), { target: { value: '100' } });
    await fireEvent.input(slider(dialog, 'Vị trí dọc'), { target: { value: '0' } });
    expect(parseFloat(rect.style.left) + parseFloat(rect.style.width)).toBeCloseTo(100, 3);
    expect(parseFloat(rect.style.top)).toBe(0);
    // Out-of-range values stay in.
    await fireEvent.input(slider(dialog, 'Vị trí ngang'), { target: { value: '250' } });
    expect(parseFloat(rect.style.left) + parseFloat(rect.style.width)).toBeLessThanOrEqual(100 + 1e-6);

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    await waitFor(() => expect(frames()).toHaveLength(1));
    const crop = frames()[0].framing.crop!;
    expectInside(crop);
    expectCrop(crop, { x: 2 / 3, y: 0, w: 1 / 3, h: 0.5 });
  });

  it('keeps the free frame no smaller than 5 % of a side', async () => {
    await selectPhoto();
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('radio', { name: 'Tự do' }));
    const width = slider(dialog, 'Chiều rộng');
    expect(width.getAttribute('min')).toBe('5');
    await fireEvent.input(width, { target: { value: '1' } });
    await fireEvent.input(slider(dialog, 'Chiều cao'), { target: { value: '60' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    await waitFor(() => expect(frames()).toHaveLength(1));
    const crop = frames()[0].framing.crop!;
    expectInside(crop);
    expectCrop(crop, { x: 0.475, y: 0.2, w: 0.05, h: 0.6 });
  });

  it('moves the frame when dragged, and it stops at the edges', async () => {
    await selectPhoto();
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('radio', { name: '16:9' }));
    await fireEvent.input(slider(dialog, 'Cỡ khung'), { target: { value: '50' } });
    const rect = within(dialog).getByTestId('crop-rect');
    const stage = rect.parentElement!;
    vi.spyOn(stage, 'getBoundingClientRect').mockReturnValue({
      x: 0, y: 0, left: 0, top: 0, right: 600, bottom: 400, width: 600, height: 400, toJSON: () => ({}),
    });
    const leftBefore = parseFloat(rect.style.left);
    await fireEvent.pointerDown(rect, { pointerId: 7, button: 0, clientX: 300, clientY: 200 });
    await fireEvent.pointerMove(rect, { pointerId: 7, clientX: 330, clientY: 200 });
    // 30 px of 600: 5 % of the width.
    expect(parseFloat(rect.style.left)).toBeCloseTo(leftBefore + 5, 3);
    await fireEvent.pointerMove(rect, { pointerId: 7, clientX: -5000, clientY: 9000 });
    await fireEvent.pointerUp(rect, { pointerId: 7, clientX: -5000, clientY: 9000 });
    expect(parseFloat(rect.style.left)).toBe(0);
    expect(parseFloat(rect.style.top) + parseFloat(rect.style.height)).toBeCloseTo(100, 3);
    // After the button is let go, moving does nothing.
    await fireEvent.pointerMove(rect, { pointerId: 7, clientX: 300, clientY: 0 });
    expect(parseFloat(rect.style.left)).toBe(0);
    // The sliders follow.
    expect((slider(dialog, 'Vị trí ngang') as HTMLInputElement).value).toBe('0');
    expect((slider(dialog, 'Vị trí dọc') as HTMLInputElement).value).toBe('100');

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    await waitFor(() => expect(frames()).toHaveLength(1));
    const crop = frames()[0].framing.crop!;
    expectInside(crop);
    expect(crop.x).toBe(0);
    expect(crop.y + crop.h).toBeCloseTo(1, 6);
    expect((crop.w * 6000) / (crop.h * 4000)).toBeCloseTo(16 / 9, 3);
  });

  it('crops an upright frame of a landscape ratio when asked', async () => {
    await selectPhoto();
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('radio', { name: '3:2' }));
    expect((within(dialog).getByRole('checkbox', { name: 'Khung dọc' }) as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Khung dọc' }));
    expect(within(dialog).getByText('Phần giữ lại: 2667 × 4000 điểm ảnh')).toBeTruthy();
  });

  it('crops within the present crop: the same part as a crop of the whole photo', async () => {
    // The right half of a 6000 × 4000 photo, kept: 3000 × 4000.
    await selectPhoto({ width: 3000, height: 4000, version: 4, framing: { quarter_turns: 1, crop: { x: 0.5, y: 0, w: 0.5, h: 1 } } });
    const dialog = await openDialog();
    expect(within(dialog).getByText(/Ảnh đang hiện phần đã cắt/)).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('radio', { name: '1:1' }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    await waitFor(() => expect(frames()).toHaveLength(1));
    const { framing } = frames()[0];
    expect(framing.quarter_turns).toBe(1);
    expectCrop(framing.crop, { x: 0.5, y: 0.125, w: 0.5, h: 0.75 });
    expect(await screen.findByText('3000 × 3000 điểm ảnh')).toBeTruthy();
  });

  it('"Bỏ cắt" sends no crop and shows the whole photo to choose again', async () => {
    const { thumb } = await selectPhoto({
      width: 3000,
      height: 4000,
      framing: { quarter_turns: 2, crop: { x: 0.5, y: 0, w: 0.5, h: 1 } },
    });
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Bỏ cắt' }));
    await waitFor(() => expect(frames()).toEqual([{ id: 1, framing: { quarter_turns: 2, crop: null } }]));
    expect(await within(dialog).findByText(/Đã bỏ cắt/)).toBeTruthy();
    expect(within(dialog).getByRole('img').getAttribute('src')).toBe('photo://localhost/1/1024?v=2');
    expect(within(dialog).queryByRole('button', { name: 'Bỏ cắt' })).toBeNull();
    expect(within(dialog).getByText('Giữ cả ảnh: 6000 × 4000 điểm ảnh')).toBeTruthy();
    await waitFor(() => expect(thumb()).toBe('photo://localhost/1/320?v=2'));
    // Nothing more chosen: "Áp dụng" has nothing to send.
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(frames()).toHaveLength(1);
  });

  it('Escape and "Hủy" close without a call', async () => {
    await selectPhoto();
    let dialog = await openDialog();
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { name: 'Cắt ảnh' }));
    await fireEvent.click(within(dialog).getByRole('radio', { name: '4:3' }));
    await fireEvent.keyDown(within(dialog).getByRole('radio', { name: '4:3' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cắt ảnh…' })));

    dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('radio', { name: '1:1' }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(frames()).toHaveLength(0);
    // The selection is kept: Escape in the dialog is not Escape in the grid.
    expect(screen.getByRole('heading', { name: 'Thông tin ảnh' })).toBeTruthy();
  });

  it('shows the error from photo_frame and stays open', async () => {
    const { thumb } = await selectPhoto();
    fake.failures.set('photo_frame', { code: 'render_failed', message: 'Không làm lại được ảnh: ổ đĩa đầy.' });
    const dialog = await openDialog();
    await fireEvent.click(within(dialog).getByRole('radio', { name: '1:1' }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    expect(await within(dialog).findByText('Không làm lại được ảnh: ổ đĩa đầy.')).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'Cắt ảnh' })).toBe(dialog);
    expect(thumb()).toBe('photo://localhost/1/320?v=1');

    // Once the disk has room, the same frame goes through.
    fake.failures.delete('photo_frame');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Áp dụng' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(frames()).toHaveLength(2);
    await waitFor(() => expect(thumb()).toBe('photo://localhost/1/320?v=2'));
  });

  it('updates the photo in an album too', async () => {
    fake.addPhotos(samplePhoto(1, { caption: 'Ảnh một' }), samplePhoto(2, { caption: 'Ảnh hai' }));
    fake.addAlbum({ title: 'Hội nghị', photo_ids: [1, 2] });
    render(AlbumsArea);
    await fireEvent.click(await screen.findByRole('button', { name: /Hội nghị/ }));
    const grid = await screen.findByRole('listbox', { name: 'Ảnh trong album, theo thứ tự' });
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh hai/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Xoay trái' }));
    await waitFor(() =>
      expect(within(grid).getByRole('option', { name: /Ảnh hai/ }).querySelector('img')!.getAttribute('src')).toBe(
        'photo://localhost/2/320?v=2',
      ),
    );
    expect(frames()).toEqual([{ id: 2, framing: { quarter_turns: 3, crop: null } }]);
    expect(fake.photos.get(2)!.framing.quarter_turns).toBe(3);
  });
});
