// The post list and the bin with 100,000 posts: read a page at a time as they are scrolled,
// with only the rows on screen in the page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { invoke } from '@tauri-apps/api/core';
import PostsArea from './PostsArea.svelte';
import { FakeBackend, GENERATED_POST_ID, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend([]);
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

/** Pretends the window was scrolled so that the list's top is `y` pixels above it. */
async function scrollListTo(list: HTMLElement, y: number) {
  list.getBoundingClientRect = () => ({ top: -y, bottom: 0, left: 0, right: 0, width: 0, height: 0, x: 0, y: -y, toJSON: () => ({}) });
  window.dispatchEvent(new Event('scroll'));
  await tick();
}

/** Scrolls to the end of what the list shows. */
const scrollToEnd = (list: HTMLElement) => scrollListTo(list, parseFloat(list.style.height) - 700);

const pageArgs = () => fake.callsOf('post_page').map((c) => c.args);
const rowTitles = (list: HTMLElement) => within(list).getAllByRole('listitem').map((li) => li.querySelector('.row-title')!.textContent);

async function openList() {
  render(PostsArea);
  return screen.findByRole('list', { name: 'Danh sách bài viết' });
}

describe('the post list with 100,000 posts', () => {
  it('opens with the first page and the total', async () => {
    fake.generatePosts(100_000);
    const list = await openList();
    expect(screen.getByText('100.000 bài viết')).toBeTruthy();
    expect(pageArgs()).toEqual([{ shelf: 'active', after: null, limit: 100 }]);
    expect(rowTitles(list)[0]).toBe('Bài viết thử số 1');
    // Each row is still a button named by its title.
    expect(within(list).getByRole('button', { name: /Bài viết thử số 2\b/ }).classList.contains('post-row')).toBe(true);
  });

  it('reads the next page once when scrolled near the end, and keeps the rows in the page few', async () => {
    fake.generatePosts(100_000);
    const list = await openList();
    await scrollToEnd(list);
    // More scrolling while the page is on its way asks for nothing more.
    await scrollToEnd(list);
    window.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(screen.getByText('Bài viết thử số 101')).toBeTruthy());
    const hundredth = new Date(Date.parse('2019-12-01T00:00:00Z') - 100 * 60_000).toISOString().replace('.000Z', 'Z');
    expect(pageArgs()).toEqual([
      { shelf: 'active', after: null, limit: 100 },
      { shelf: 'active', after: { key: hundredth, id: GENERATED_POST_ID + 99 }, limit: 100 },
    ]);

    // Five pages further down, the page still holds only the rows around those on screen.
    for (let page = 3; page <= 7; page++) {
      await scrollToEnd(list);
      await waitFor(() => expect(pageArgs()).toHaveLength(page));
      await waitFor(() => expect(screen.getByText(`Bài viết thử số ${(page - 1) * 100 + 1}`)).toBeTruthy());
    }
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(30);
    expect(screen.queryByText('Bài viết thử số 1')).toBeNull();
    const last = within(list).getAllByRole('listitem').at(-1)!;
    expect(last.getAttribute('aria-setsize')).toBe('100000');
  });

  it('says when the next page could not be read, keeps the rows, and "Thử lại" reads it', async () => {
    fake.generatePosts(100_000);
    const list = await openList();
    fake.failures.set('post_page', { code: 'store_failed', message: 'Kho dữ liệu báo lỗi: disk I/O error.' });
    await scrollToEnd(list);
    expect(await screen.findByText('Chưa đọc được phần tiếp theo của danh sách.')).toBeTruthy();
    expect(errors.current?.message).toBe('Kho dữ liệu báo lỗi: disk I/O error.');
    expect(screen.getByText('Bài viết thử số 100')).toBeTruthy();
    // Scrolling does not try again by itself.
    await scrollToEnd(list);
    expect(pageArgs()).toHaveLength(2);

    fake.failures.delete('post_page');
    await fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(screen.getByText('Bài viết thử số 101')).toBeTruthy());
    expect(screen.queryByText('Chưa đọc được phần tiếp theo của danh sách.')).toBeNull();
    expect(pageArgs()).toHaveLength(3);
  });

  it('shows the change after a post is moved to the bin and back', async () => {
    fake.posts.set(SAMPLE_POST.id, structuredClone(SAMPLE_POST));
    fake.generatePosts(300);
    const list = await openList();
    expect(screen.getByText('301 bài viết')).toBeTruthy();
    expect(rowTitles(list)[0]).toBe(SAMPLE_POST.title);
    await fireEvent.click(within(list).getByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Chuyển vào thùng rác' }));
    const again = await screen.findByRole('list', { name: 'Danh sách bài viết' });
    await waitFor(() => expect(rowTitles(again)[0]).toBe('Bài viết thử số 1'));
    expect(screen.getByText('300 bài viết')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Hoàn tác' }));
    await waitFor(() => expect(rowTitles(again)[0]).toBe(SAMPLE_POST.title));
    expect(screen.getByText('301 bài viết')).toBeTruthy();
  });
});

describe('the bin', () => {
  it('pages the same way', async () => {
    fake.generatePosts(250, 'bin');
    render(PostsArea);
    await fireEvent.click(await screen.findByRole('button', { name: 'Thùng rác' }));
    const list = await screen.findByRole('list', { name: 'Bài viết trong thùng rác' });
    expect(screen.getByText('250 bài viết trong thùng rác')).toBeTruthy();
    expect(rowTitles(list)[0]).toBe('Bài viết thử số 1');
    await scrollToEnd(list);
    await waitFor(() => expect(screen.getByText('Bài viết thử số 101')).toBeTruthy());
    await scrollToEnd(list);
    await waitFor(() => expect(screen.getByText('Bài viết thử số 201')).toBeTruthy());
    await scrollToEnd(list);
    expect(within(list).getAllByRole('listitem').at(-1)!.textContent).toContain('Bài viết thử số 250');
    const args = fake.callsOf('post_page').map((c) => c.args as { shelf: string; after: unknown });
    expect(args.map((a) => a.shelf)).toEqual(['active', 'bin', 'bin', 'bin']);
    expect(args[1].after).toBeNull();
  });

  it('shows the bin again after a restore', async () => {
    fake.generatePosts(120, 'bin');
    fake.posts.set(SAMPLE_POST.id, { ...structuredClone(SAMPLE_POST), deleted_at: '2024-05-02T02:00:00Z', updated_at: '2024-05-02T02:00:00Z' });
    render(PostsArea);
    await fireEvent.click(await screen.findByRole('button', { name: 'Thùng rác' }));
    const list = await screen.findByRole('list', { name: 'Bài viết trong thùng rác' });
    expect(screen.getByText('121 bài viết trong thùng rác')).toBeTruthy();
    const row = within(list).getAllByRole('listitem')[0];
    expect(row.textContent).toContain(SAMPLE_POST.title);
    await fireEvent.click(within(row).getByRole('button', { name: 'Khôi phục' }));
    await waitFor(() => expect(screen.getByText('120 bài viết trong thùng rác')).toBeTruthy());
    expect(rowTitles(list)[0]).toBe('Bài viết thử số 1');
  });
});

describe('counts in English', () => {
  it('uses English thousands separators', async () => {
    setLang('en');
    fake.generatePosts(100_000);
    render(PostsArea);
    expect(await screen.findByText('100,000 posts')).toBeTruthy();
  });
});
