import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import ReviewView from './ReviewView.svelte';
import { FakeBackend, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { resetSession } from '../users/session.svelte';
import type { Actor } from '../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const BOSS: Actor = { id: 1, name: 'boss', display_name: 'Phạm Văn Duyệt', roles: ['supervisor'] };
const HOA = { id: 2, name: 'Lê Hoa' };

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  resetSession();
  fake = new FakeBackend([]);
  fake.reviewing.actor = structuredClone(BOSS);
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(cleanup);

it('"Xem thay đổi" on an album shows the captions and the order changed since the approval', async () => {
  fake.addPhotos(
    samplePhoto(1000, { caption: 'Học sinh chào cờ' }),
    samplePhoto(1001, { caption: 'Thầy hiệu trưởng phát biểu' }),
  );
  const album = fake.addAlbum({ title: 'Lễ khai giảng', photo_ids: [1000, 1001] });
  const item = { kind: 'album' as const, id: album.id };
  fake.reviewing.submit(item, '2024-09-05T01:00:00Z', HOA);
  fake.reviewing.approve(item, '2024-09-05T02:00:00Z', { id: BOSS.id, name: BOSS.display_name });
  // The photographer changes a caption and swaps the photos: back in the queue.
  fake.photos.get(1001)!.caption = 'Thầy hiệu trưởng khai mạc';
  fake.albums.get(album.id)!.photo_ids = [1001, 1000];
  fake.reviewing.submit(item, '2024-09-05T03:00:00Z', HOA, true);

  render(ReviewView, { item, title: '', onback: () => {}, onchanged: vi.fn() });
  await screen.findByRole('group', { name: 'Thao tác duyệt' });
  await fireEvent.click(screen.getByRole('button', { name: 'Xem thay đổi' }));
  const diff = await screen.findByLabelText('Các chữ đã thêm và đã bỏ');
  expect(screen.getByText('So với bản đã duyệt lúc 05/09/2024 09:00')).toBeTruthy();
  const added = [...diff.querySelectorAll('ins')].map((e) => e.textContent!).join(' ');
  const removed = [...diff.querySelectorAll('del')].map((e) => e.textContent!).join(' ');
  expect(added).toContain('khai mạc');
  expect(removed).toContain('phát biểu');
  // The order changed: photo #1001's line moved up to the first place.
  expect(diff.textContent!.indexOf('#1001')).toBeLessThan(diff.textContent!.indexOf('#1000'));
  expect(added).toContain('#1001');
  expect(fake.callsOf('review_diff')[0].args).toEqual({ item });
});

it('an album never submitted through the workflow is all new', async () => {
  const album = fake.addAlbum({ title: 'Ảnh tư liệu', photo_ids: [] });
  const item = { kind: 'album' as const, id: album.id };
  fake.reviewing.put(item, { state: 'submitted', submitted_at: '2024-04-01T00:00:00Z' });
  render(ReviewView, { item, title: '', onback: () => {}, onchanged: vi.fn() });
  await screen.findByRole('group', { name: 'Thao tác duyệt' });
  await fireEvent.click(screen.getByRole('button', { name: 'Xem thay đổi' }));
  expect(await screen.findByText('Album gửi duyệt lần đầu')).toBeTruthy();
  expect(screen.getByLabelText('Các chữ đã thêm và đã bỏ').querySelector('ins')!.textContent).toContain('Ảnh tư liệu');
});
