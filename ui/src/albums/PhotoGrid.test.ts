import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import PhotoGrid from './PhotoGrid.svelte';
import { Selection } from './selection.svelte';
import { samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { photoUrl } from '../lib/photos';

beforeEach(() => setLang('vi'));
afterEach(() => cleanup());

const many = (n: number) => Array.from({ length: n }, (_, i) => samplePhoto(i + 1, { caption: `Ảnh số ${i + 1}` }));

function renderGrid(count: number, extra: Record<string, unknown> = {}) {
  const selection = new Selection();
  const onreorder = vi.fn();
  render(PhotoGrid, { photos: many(count), selection, label: 'Ảnh trong album', onreorder, ...extra });
  const grid = screen.getByRole('listbox', { name: 'Ảnh trong album' });
  return { grid, selection, onreorder };
}

const positions = (grid: HTMLElement) => within(grid).getAllByRole('option').map((o) => Number(o.getAttribute('aria-posinset')));

describe('PhotoGrid with 1,000 photos', () => {
  it('puts only the rows in view (and a margin) in the page', () => {
    const { grid } = renderGrid(1000);
    const images = grid.querySelectorAll('img');
    expect(images.length).toBeGreaterThan(0);
    expect(images.length).toBeLessThan(60);
    for (const img of images) {
      expect(img.getAttribute('loading')).toBe('lazy');
      expect(img.getAttribute('decoding')).toBe('async');
    }
    const first = within(grid).getAllByRole('option')[0];
    expect(first.getAttribute('aria-setsize')).toBe('1000');
    expect(first.querySelector('img')!.getAttribute('src')).toBe('photo://localhost/1/320?v=1');
    expect(first.querySelector('img')!.getAttribute('alt')).toBe('Ảnh số 1');
    // The canvas is as tall as all the rows, so the scroll bar is right.
    const canvas = grid.firstElementChild as HTMLElement;
    expect(parseFloat(canvas.style.height)).toBeGreaterThan(100 * 100);
  });

  it('renders the rows scrolled to', async () => {
    const { grid } = renderGrid(1000);
    grid.scrollTop = 20_000;
    await fireEvent.scroll(grid);
    const shown = positions(grid);
    expect(Math.min(...shown)).toBeGreaterThan(500);
    expect(shown.length).toBeLessThan(60);
  });

  it('keeps the photo the keyboard is on in the page', async () => {
    const { grid, selection } = renderGrid(1000);
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'End' });
    expect(selection.focus).toBe(1000);
    const active = grid.getAttribute('aria-activedescendant')!;
    expect(document.getElementById(active)?.getAttribute('aria-posinset')).toBe('1000');
    // Shift+Up selects the run from there to the photo a row (five tiles) above.
    await fireEvent.keyDown(grid, { key: 'ArrowUp', shiftKey: true });
    expect([...selection.selected].sort((a, b) => a - b)).toEqual([995, 996, 997, 998, 999, 1000]);
  });
});

describe('PhotoGrid reordering', () => {
  it('drags a photo to a new place with the pointer', async () => {
    const { grid, onreorder } = renderGrid(8, { reorderable: true });
    const first = within(grid).getByRole('option', { name: 'Ảnh 1: Ảnh số 1' });
    // No layout here: tiles are 150.4px wide with 12px gaps, five to a row, from (0, 0).
    await fireEvent.pointerDown(first, { button: 0, pointerId: 1, clientX: 20, clientY: 20 });
    await fireEvent.pointerMove(grid, { pointerId: 1, buttons: 1, clientX: 200, clientY: 20 });
    await fireEvent.pointerMove(grid, { pointerId: 1, buttons: 1, clientX: 3 * 162.4 + 2, clientY: 20 });
    expect(first.classList.contains('moving')).toBe(true);
    await fireEvent.pointerUp(grid, { pointerId: 1, clientX: 3 * 162.4 + 2, clientY: 20 });
    expect(onreorder).toHaveBeenCalledWith([2, 3, 1, 4, 5, 6, 7, 8], [1]);
    // The click that ends the drag does not change the selection.
    await fireEvent.click(first);
    expect(first.getAttribute('aria-selected')).toBe('true');
  });

  it('does not reorder a grid that is not reorderable', async () => {
    const { grid, onreorder } = renderGrid(8);
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowRight', altKey: true });
    const first = within(grid).getByRole('option', { name: 'Ảnh 1: Ảnh số 1' });
    await fireEvent.pointerDown(first, { button: 0, pointerId: 1, clientX: 20, clientY: 20 });
    await fireEvent.pointerMove(grid, { pointerId: 1, buttons: 1, clientX: 400, clientY: 20 });
    await fireEvent.pointerUp(grid, { pointerId: 1, clientX: 400, clientY: 20 });
    expect(onreorder).not.toHaveBeenCalled();
  });

  it('moves the selection a row down with Alt+Down', async () => {
    const { grid, onreorder } = renderGrid(8, { reorderable: true });
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown', altKey: true });
    expect(onreorder).toHaveBeenCalledWith([1, 3, 4, 5, 6, 7, 2, 8], [2]);
  });

  it('shows the empty state instead of an empty grid', () => {
    const selection = new Selection();
    const empty = createRawSnippet(() => ({ render: () => '<p>Album chưa có ảnh.</p>' }));
    render(PhotoGrid, { photos: [], selection, label: 'Ảnh', empty });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByText('Album chưa có ảnh.')).toBeTruthy();
  });
});

describe('photoUrl', () => {
  it('addresses the shell’s photo protocol with the version', () => {
    expect(photoUrl(42, 320, 3)).toBe('photo://localhost/42/320?v=3');
  });

  it('follows the platform’s form of custom protocols (Windows)', () => {
    const internals = { convertFileSrc: (path: string, protocol: string) => `http://${protocol}.localhost/${path}` };
    (globalThis as Record<string, unknown>).__TAURI_INTERNALS__ = internals;
    try {
      expect(photoUrl(42, 1024, 3)).toBe('http://photo.localhost/42/1024?v=3');
    } finally {
      delete (globalThis as Record<string, unknown>).__TAURI_INTERNALS__;
    }
  });
});
