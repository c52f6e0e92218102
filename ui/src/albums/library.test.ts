// The photo library and the album list read a page at a time (issue 7: 500,000 photos).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import AlbumsArea from './AlbumsArea.svelte';
import { FakeBackend, GENERATED_PHOTO_ID, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { importer } from './importer.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  importer.reset();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const pageArgs = () => fake.callsOf('photo_page').map((c) => c.args);

async function openLibrary() {
  render(AlbumsArea);
  await fireEvent.click(await screen.findByRole('button', { name: /Thư viện ảnh/ }));
  return screen.findByRole('listbox', { name: 'Tất cả ảnh, mới nhất trước' });
}

/** Scrolls the grid to the end of the photos it shows (no layout here: 5 tiles of 149px rows). */
async function scrollGridToEnd(grid: HTMLElement) {
  grid.scrollTop = parseFloat((grid.firstElementChild as HTMLElement).style.height);
  await fireEvent.scroll(grid);
}

describe('the photo library with 100,000 photos', () => {
  it('opens with the first page and the total, and reads the next page once near the end', async () => {
    fake.generatePhotos(100_000);
    const grid = await openLibrary();
    expect(await screen.findByText('100.000 ảnh')).toBeTruthy();
    expect(pageArgs()).toEqual([{ after: null, limit: 200 }]);
    const options = within(grid).getAllByRole('option');
    expect(options.length).toBeLessThan(60);
    expect(options[0].getAttribute('aria-label')).toBe('Ảnh 1: Ảnh thử số 1');
    expect(options[0].getAttribute('aria-setsize')).toBe('100000');

    await scrollGridToEnd(grid);
    await fireEvent.scroll(grid);
    await waitFor(() => expect(within(grid).getByRole('option', { name: 'Ảnh 201: Ảnh thử số 201' })).toBeTruthy());
    expect(pageArgs()).toEqual([
      { after: null, limit: 200 },
      { after: { key: '-200', id: GENERATED_PHOTO_ID + 199 }, limit: 200 },
    ]);
    expect(within(grid).getAllByRole('option').length).toBeLessThan(60);
  });

  it('keeps the selection across pages: Shift takes the run from the first page into the second', async () => {
    fake.generatePhotos(100_000);
    const grid = await openLibrary();
    await fireEvent.click(within(grid).getByRole('option', { name: 'Ảnh 2: Ảnh thử số 2' }));
    expect(screen.getByText('Đã chọn 1/100.000 ảnh')).toBeTruthy();
    await scrollGridToEnd(grid);
    const far = await within(grid).findByRole('option', { name: 'Ảnh 203: Ảnh thử số 203' });
    await fireEvent.click(far, { shiftKey: true });
    expect(screen.getByText('Đã chọn 202/100.000 ảnh')).toBeTruthy();
    expect(far.getAttribute('aria-selected')).toBe('true');
    // Ctrl adds one more from the first page.
    grid.scrollTop = 0;
    await fireEvent.scroll(grid);
    await fireEvent.click(within(grid).getByRole('option', { name: 'Ảnh 1: Ảnh thử số 1' }), { ctrlKey: true });
    expect(screen.getByText('Đã chọn 203/100.000 ảnh')).toBeTruthy();
    // Ctrl+A takes every photo read so far.
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    expect(screen.getByText('Đã chọn 400/100.000 ảnh')).toBeTruthy();
  });

  it('says when the next page could not be read, keeps the photos, and "Thử lại" reads it', async () => {
    fake.generatePhotos(1000);
    const grid = await openLibrary();
    fake.failures.set('photo_page', { code: 'store_failed', message: 'Kho ảnh báo lỗi.' });
    await scrollGridToEnd(grid);
    expect(await screen.findByText('Chưa đọc được phần tiếp theo của danh sách.')).toBeTruthy();
    expect(errors.current?.message).toBe('Kho ảnh báo lỗi.');
    expect(within(grid).getAllByRole('option').length).toBeGreaterThan(10);

    fake.failures.delete('photo_page');
    await fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(within(grid).getByRole('option', { name: 'Ảnh 201: Ảnh thử số 201' })).toBeTruthy());
    expect(screen.queryByText('Chưa đọc được phần tiếp theo của danh sách.')).toBeNull();
  });

  it('shows the whole library’s count on its card', async () => {
    fake.generatePhotos(123_456);
    render(AlbumsArea);
    const card = await screen.findByRole('button', { name: /Thư viện ảnh/ });
    await waitFor(() => expect(card.textContent).toContain('123.456 ảnh'));
  });
});

describe('adding library photos to an album', () => {
  it('reads on when a whole page is already in the album', async () => {
    const photos = Array.from({ length: 250 }, (_, i) => samplePhoto(i + 1, { caption: `Ảnh số ${i + 1}` }));
    fake.addPhotos(...photos);
    // The album holds the 200 newest: the library's first page has nothing to add.
    fake.addAlbum({ title: 'Hội nghị', photo_ids: photos.slice(50).map((p) => p.id) });
    render(AlbumsArea);
    await fireEvent.click(await screen.findByRole('button', { name: /Hội nghị/ }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Thêm ảnh từ thư viện' }));
    const picker = await screen.findByRole('listbox', { name: 'Ảnh trong thư viện chưa có trong album' });
    await waitFor(() => expect(within(picker).getAllByRole('option')[0].getAttribute('aria-label')).toBe('Ảnh 1: Ảnh số 50'));
    expect(screen.queryByText(/Mọi ảnh trong thư viện đã có trong album/)).toBeNull();
    expect(pageArgs()).toHaveLength(2);
  });
});

describe('the album list', () => {
  it('reads the next page when the end of the cards comes into view', async () => {
    const seen: { callback: IntersectionObserverCallback; target: Element | null }[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        entry: { callback: IntersectionObserverCallback; target: Element | null };
        constructor(callback: IntersectionObserverCallback) {
          this.entry = { callback, target: null };
          seen.push(this.entry);
        }
        observe(target: Element) {
          this.entry.target = target;
        }
        unobserve() {}
        disconnect() {
          this.entry.target = null;
        }
      },
    );
    for (let i = 1; i <= 150; i++) fake.addAlbum({ title: `Sự kiện số ${i}` });
    render(AlbumsArea);
    const list = screen.getByRole('list', { name: 'Thư viện và các album' });
    await within(list).findByRole('button', { name: /Sự kiện số 150\b/ });
    expect(screen.getByText('150 album')).toBeTruthy();
    // The library's card and the first 100 albums, newest first.
    expect(within(list).getAllByRole('button')).toHaveLength(101);
    expect(within(list).queryByRole('button', { name: /Sự kiện số 50\b/ })).toBeNull();

    const mark = seen.find((s) => s.target !== null)!;
    mark.callback([{ isIntersecting: true, target: mark.target } as IntersectionObserverEntry], {} as IntersectionObserver);
    mark.callback([{ isIntersecting: true, target: mark.target } as IntersectionObserverEntry], {} as IntersectionObserver);
    await within(list).findByRole('button', { name: /Sự kiện số 1\b/ });
    expect(within(list).getAllByRole('button')).toHaveLength(151);
    expect(fake.callsOf('album_page').map((c) => (c.args as { after: unknown }).after === null)).toEqual([true, false]);
  });
});
