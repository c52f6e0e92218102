import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import PreviewView from './PreviewView.svelte';
import { FakeBackend, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import type { Post } from '../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const REPORT: Post = {
  ...SAMPLE_POST,
  title: 'Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019',
  category: 'Kinh tế - chính trị',
  sapo: 'Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức tổng kết công tác dân vận năm 2019.',
  body_html: '<p>Dự hội nghị có đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy.</p><p>Một là, các cấp ủy đảng…</p>',
  signature: 'Ban Tuyên giáo Quận Tây Hồ',
  published_at: '2020-01-16T04:19:00Z',
};

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend([structuredClone(REPORT)]);
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

describe('PreviewView', () => {
  it('shows the post like the portal page: category, title, date line, sapo, body, signature', () => {
    const { container } = render(PreviewView, { post: REPORT, onback: () => {} });
    expect(screen.getByText('Kinh tế - chính trị')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(REPORT.title);
    expect(screen.getByText('Ngày đăng 16/01/2020 | 11:19')).toBeTruthy();
    expect(screen.getByText(REPORT.sapo).className).toContain('portal-sapo');
    expect(container.querySelector('.portal-body')!.innerHTML).toBe(REPORT.body_html);
    const signature = screen.getByText('Ban Tuyên giáo Quận Tây Hồ');
    expect(signature.className).toContain('portal-signature');
    // The signature closes the article.
    expect(container.querySelector('article')!.lastElementChild).toBe(signature);
  });

  it('says when no publication time is set', () => {
    render(PreviewView, { post: { ...REPORT, published_at: null }, onback: () => {} });
    expect(screen.getByText('Chưa đặt thời gian đăng')).toBeTruthy();
  });

  it('"In" prints', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    render(PreviewView, { post: REPORT, onback: () => {} });
    await fireEvent.click(screen.getByRole('button', { name: 'In' }));
    expect(print).toHaveBeenCalledTimes(1);
  });
});

describe('preview from the editor', () => {
  it('saves first, shows the saved post, and goes back to the editor', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: new RegExp(REPORT.title) }));
    await screen.findByLabelText('Tiêu đề');
    await fireEvent.input(screen.getByLabelText('Sapo (đoạn mở đầu)'), { target: { value: 'Sapo mới.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));

    expect(await screen.findByRole('heading', { level: 1, name: REPORT.title })).toBeTruthy();
    expect(fake.callsOf('post_edit')).toHaveLength(1);
    expect(screen.getByText('Sapo mới.')).toBeTruthy();
    expect(screen.getByText('Ngày đăng 16/01/2020 | 11:19')).toBeTruthy();
    expect(screen.getByText('Ban Tuyên giáo Quận Tây Hồ')).toBeTruthy();
    expect(screen.queryByLabelText('Tiêu đề')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'In' }));
    expect(print).toHaveBeenCalledTimes(1);

    await fireEvent.click(screen.getByRole('button', { name: '← Quay lại bài viết' }));
    const sapo = (await screen.findByLabelText('Sapo (đoạn mở đầu)')) as HTMLTextAreaElement;
    expect(sapo.value).toBe('Sapo mới.');
  });

  it('stays in the editor when the save fails', async () => {
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: new RegExp(REPORT.title) }));
    const title = await screen.findByLabelText('Tiêu đề');
    fake.failures.set('post_edit', { code: 'disk_full', message: 'Không lưu được: ổ đĩa đã đầy.' });
    await fireEvent.input(title, { target: { value: 'Tiêu đề khác' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Xem trước' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('ổ đĩa đã đầy'));
    expect(screen.getByLabelText('Tiêu đề')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'In' })).toBeNull();
  });
});
