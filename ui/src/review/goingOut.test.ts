import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import ReviewArea from './ReviewArea.svelte';
import { FakeBackend, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { resetSession } from '../users/session.svelte';
import { errors } from '../lib/errors.svelte';
import type { Actor, Post, ReviewItem } from '../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const LAN: Actor = { id: 1, name: 'lan', display_name: 'Trần Thị Lan', roles: ['supervisor'] };
const MINH = { id: 2, name: 'Minh Anh' };

const postOf = (id: number, title: string): Post => ({
  ...structuredClone(SAMPLE_POST),
  id,
  title,
  body_html: '<p>Nội dung.</p>',
  is_sample: false,
});
const post = (id: number): ReviewItem => ({ kind: 'post', id });

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  resetSession();
  fake = new FakeBackend([
    postOf(1, 'Hội nghị tổng kết công tác năm 2019'),
    postOf(2, 'Phòng chống lụt bão năm 2024'),
    postOf(3, 'Lễ khai giảng năm học mới'),
    postOf(4, 'Tiêm chủng mở rộng'),
  ]);
  fake.reviewing.actor = structuredClone(LAN);
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

const by = { id: LAN.id, name: LAN.display_name };
const titles = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((r) => r.querySelector('.row-title')!.textContent);

describe('approved, scheduled and published', () => {
  it('lists approved items first, then scheduled with their time, then published', async () => {
    fake.reviewing.submit(post(1), '2024-05-01T01:00:00Z', MINH);
    fake.reviewing.approve(post(1), '2024-05-01T02:00:00Z', by);
    fake.reviewing.submit(post(2), '2024-05-01T01:30:00Z', MINH);
    fake.reviewing.approve(post(2), '2024-05-01T02:10:00Z', by);
    fake.reviewing.put(post(2), { state: 'scheduled', scheduled_at: '2024-05-10T02:30:00Z' });
    fake.reviewing.submit(post(3), '2024-04-30T01:00:00Z', MINH);
    fake.reviewing.put(post(3), { state: 'published' });
    // Still waiting: only in "Chờ tôi duyệt".
    fake.reviewing.submit(post(4), '2024-05-01T03:00:00Z', MINH);

    render(ReviewArea);
    const list = await screen.findByRole('list', { name: 'Đã duyệt, chờ đăng và đã đăng' });
    await waitFor(() =>
      expect(titles(list)).toEqual([
        'Hội nghị tổng kết công tác năm 2019',
        'Phòng chống lụt bão năm 2024',
        'Lễ khai giảng năm học mới',
      ]),
    );
    const rows = within(list).getAllByRole('listitem');
    expect(within(rows[0]).getByText('Đã duyệt')).toBeTruthy();
    expect(rows[0].textContent).toContain('Minh Anh');
    expect(within(rows[1]).getByText('Đã hẹn giờ đăng')).toBeTruthy();
    expect(rows[1].textContent).toContain('Đăng lúc 10/05/2024 09:30');
    expect(rows[0].textContent).not.toContain('Đăng lúc');
    expect(within(rows[2]).getByText('Đã đăng')).toBeTruthy();
    const queue = screen.getByRole('list', { name: 'Chờ tôi duyệt' });
    expect(titles(queue)).toEqual(['Tiêm chủng mở rộng']);
    expect(fake.callsOf('review_going_out')).toHaveLength(1);
  });

  it('opens an approved item to publish it, then reads both lists again', async () => {
    fake.reviewing.submit(post(1), '2024-05-01T01:00:00Z', MINH);
    fake.reviewing.approve(post(1), '2024-05-01T02:00:00Z', by);

    render(ReviewArea);
    const list = await screen.findByRole('list', { name: 'Đã duyệt, chờ đăng và đã đăng' });
    await fireEvent.click(within(list).getByRole('button', { name: /Hội nghị tổng kết/ }));
    await screen.findByRole('heading', { level: 1, name: /Hội nghị tổng kết/ });
    const actions = await screen.findByRole('group', { name: 'Thao tác duyệt' });
    expect(await within(actions).findByRole('button', { name: 'Hẹn giờ đăng' })).toBeTruthy();
    const before = fake.callsOf('review_going_out').length;
    await fireEvent.click(within(actions).getByRole('button', { name: 'Đăng ngay' }));
    await waitFor(() => expect(fake.callsOf('review_transition')[0]?.args).toMatchObject({ item: post(1), action: 'publish' }));
    await waitFor(() => expect(fake.callsOf('review_going_out').length).toBeGreaterThan(before));
    expect(await within(actions).findByRole('button', { name: 'Gỡ bài' })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: '← Hàng chờ duyệt' }));
    const again = await screen.findByRole('list', { name: 'Đã duyệt, chờ đăng và đã đăng' });
    await waitFor(() => expect(within(again).getByText('Đã đăng')).toBeTruthy());
  });

  it('says when nothing has been approved', async () => {
    render(ReviewArea);
    expect(await screen.findByText('Chưa có bài hay album nào đã duyệt.')).toBeTruthy();
  });
});
