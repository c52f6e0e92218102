import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import AlbumsArea from './AlbumsArea.svelte';
import { FakeBackend, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { resetSession, session } from '../users/session.svelte';
import { importer } from './importer.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  importer.reset();
  resetSession();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
  fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
  fake.addUser('hung', 'Phạm Văn Hùng', ['photographer']);
  fake.addUser('truong', 'Trần Văn Trưởng', ['supervisor'], 'mật-khẩu');
});

afterEach(() => cleanup());

/** Opens the album "Hội nghị tổng kết" as profile `as`; `author`: the album is already theirs. */
async function openAlbum(as: string, author?: { id: number; name: string }) {
  fake.addPhotos(samplePhoto(1, { caption: 'Ảnh một' }), samplePhoto(2, { caption: 'Ảnh hai' }));
  const album = fake.addAlbum({ title: 'Hội nghị tổng kết', photo_ids: [1, 2] });
  if (author) fake.reviewing.put({ kind: 'album', id: album.id }, { author_id: author.id, author: author.name });
  fake.signIn(as);
  await session.load();
  render(AlbumsArea);
  await fireEvent.click(await screen.findByRole('button', { name: /Hội nghị tổng kết/ }));
  await screen.findByRole('heading', { level: 1, name: 'Hội nghị tổng kết' });
  const bar = await screen.findByRole('region', { name: 'Trạng thái duyệt album' });
  return { album, bar };
}

describe('album review bar', () => {
  it('a photographer submits an album: the badge reads "Đã gửi duyệt"', async () => {
    const { album, bar } = await openAlbum('hung');
    await waitFor(() => expect(within(bar).getByText('Bản nháp')).toBeTruthy());
    expect(await within(bar).findByText('Chưa có tác giả')).toBeTruthy();

    await fireEvent.click(within(bar).getByRole('button', { name: 'Gửi duyệt' }));

    await waitFor(() => expect(within(bar).getByText('Đã gửi duyệt')).toBeTruthy());
    expect(fake.callsOf('review_transition')).toEqual([
      {
        cmd: 'review_transition',
        args: { item: { kind: 'album', id: album.id }, action: 'submit', note: null, at: null, seenHash: null },
      },
    ]);
    expect(fake.reviewing.record({ kind: 'album', id: album.id }).state).toBe('submitted');
    expect(await within(bar).findByText('Tác giả: Phạm Văn Hùng')).toBeTruthy();
    expect(within(bar).queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();
  });

  it("another maker's album is not theirs to submit", async () => {
    const { bar } = await openAlbum('lan', { id: 2, name: 'Phạm Văn Hùng' });
    expect(await within(bar).findByText('Chỉ tác giả mới gửi duyệt được bài này.')).toBeTruthy();
    expect(within(bar).queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();
  });

  it('a supervisor sees the state but gets no submit button', async () => {
    const { bar } = await openAlbum('truong', { id: 2, name: 'Phạm Văn Hùng' });
    expect(await within(bar).findByText('Tác giả: Phạm Văn Hùng')).toBeTruthy();
    expect(within(bar).getByText('Bản nháp')).toBeTruthy();
    expect(within(bar).queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();
  });
});
