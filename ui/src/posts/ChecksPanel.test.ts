import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import ChecksPanel from './ChecksPanel.svelte';
import { FakeBackend, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

const panel = () => screen.getByRole('complementary', { name: /Kiểm tra biên tập/ });

describe('ChecksPanel', () => {
  it('lists the findings with their names, excerpts and suggestions, and counts them', async () => {
    fake.posts.get(1)!.body_html = '<p>Ông nói "Dân vận khéo"  là phong trào lớn.</p>';
    render(ChecksPanel, { postId: 1 });
    const list = await screen.findByRole('list', { name: 'Các lỗi tìm thấy' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByText('Ngoặc kép thẳng')).toBeTruthy();
    expect(within(items[0]).getByText('Gợi ý:', { exact: false }).textContent).toContain('“Dân vận khéo”');
    expect(within(items[1]).getByText('Hai dấu cách liền nhau')).toBeTruthy();
    // The excerpt keeps the two spaces (shown with white-space: pre-wrap).
    expect(items[1].querySelector('.check-excerpt')!.textContent).toContain('Dân vận khéo"  là');
    expect(within(items[1]).getByText('một dấu cách thường')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toMatch(/Kiểm tra biên tập\s+2 mục/);
    expect(fake.callsOf('post_check')[0].args).toEqual({ id: 1 });
  });

  it('says when there is nothing to fix', async () => {
    render(ChecksPanel, { postId: 1 });
    expect(await screen.findByText('Không thấy lỗi nào.')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('checks again when the revision changes', async () => {
    const { rerender } = render(ChecksPanel, { postId: 1, revision: 0 });
    expect(await screen.findByText('Không thấy lỗi nào.')).toBeTruthy();
    fake.posts.get(1)!.title = 'Hội nghị  tổng kết';
    await rerender({ postId: 1, revision: 1 });
    expect(await screen.findByText('Hai dấu cách liền nhau')).toBeTruthy();
    expect(fake.callsOf('post_check')).toHaveLength(2);
  });

  it('never raises an alert when the check fails', async () => {
    fake.failures.set('post_check', { code: 'store_busy', message: 'Kho dữ liệu đang bận.' });
    render(ChecksPanel, { postId: 1 });
    expect(await screen.findByText(/Chưa kiểm tra được bài này/)).toBeTruthy();
    expect(errors.current).toBeNull();
  });
});

describe('checks beside the editor', () => {
  it('checks the post when it opens and again after each save', async () => {
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
    const title = (await screen.findByLabelText('Tiêu đề')) as HTMLTextAreaElement;
    await waitFor(() => expect(within(panel()).getByText('Không thấy lỗi nào.')).toBeTruthy());
    expect(fake.callsOf('post_check')).toHaveLength(1);

    await fireEvent.input(title, { target: { value: 'Hội nghị tổng kết  năm 2019' } });
    // Not saved yet: the panel still shows the saved text's result.
    expect(fake.callsOf('post_check')).toHaveLength(1);
    await fireEvent.blur(title);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Đã lưu lúc/));
    expect(await within(panel()).findByText('Hai dấu cách liền nhau')).toBeTruthy();
    expect(within(panel()).getByText('1 mục')).toBeTruthy();
    expect(fake.callsOf('post_check')).toHaveLength(2);
  });
});
