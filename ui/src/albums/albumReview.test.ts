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
import type { ReviewItem } from '../lib/ipc/types';

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

const HUNG = { id: 2, name: 'Phạm Văn Hùng' };
const TRUONG = { id: 3, name: 'Trần Văn Trưởng' };

/** Opens the album "Hội nghị tổng kết" as profile `as` (null: none chosen); `author`: the album is
 * already theirs; `setup`: where its review stands before it opens. */
async function openAlbum(
  as: string | null,
  author?: { id: number; name: string },
  setup?: (item: ReviewItem) => void,
) {
  fake.addPhotos(samplePhoto(1, { caption: 'Ảnh một' }), samplePhoto(2, { caption: 'Ảnh hai' }));
  const album = fake.addAlbum({ title: 'Hội nghị tổng kết', photo_ids: [1, 2] });
  const item: ReviewItem = { kind: 'album', id: album.id };
  if (author) fake.reviewing.put(item, { author_id: author.id, author: author.name });
  setup?.(item);
  if (as) fake.signIn(as);
  else fake.actor = null;
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
    expect(within(bar).getByRole('status').textContent).toBe('Đã gửi album cho lãnh đạo duyệt.');
    expect(within(bar).getByText('Album đang chờ lãnh đạo duyệt.')).toBeTruthy();
  });

  it("another maker's album is not theirs to submit", async () => {
    const { bar } = await openAlbum('lan', HUNG);
    expect(await within(bar).findByText('Chỉ tác giả mới gửi duyệt được album này.')).toBeTruthy();
    expect(within(bar).queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();
  });

  it('a supervisor sees the state but gets no submit button', async () => {
    const { bar } = await openAlbum('truong', HUNG);
    expect(await within(bar).findByText('Tác giả: Phạm Văn Hùng')).toBeTruthy();
    expect(within(bar).getByText('Bản nháp')).toBeTruthy();
    expect(within(bar).queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();
  });

  it("shows the portal's copy of a published album, its address as text", async () => {
    const link = 'https://cong.tayho.gov.vn/hoi-nghi-tong-ket/';
    const { bar } = await openAlbum('hung', HUNG, (item) =>
      fake.reviewing.put(item, { state: 'published', portal_status: 'publish', portal_link: link }),
    );
    expect(await within(bar).findByText('Trên cổng: đã đăng')).toBeTruthy();
    expect(within(bar).getByText(link).tagName).not.toBe('A');
    expect(within(bar).getByRole('button', { name: 'Chép địa chỉ' })).toBeTruthy();
  });
});

describe("the bar's words for an album", () => {
  /** What the bar says, without the Review area's own name («Duyệt bài»). */
  const words = (bar: HTMLElement) => (bar.textContent ?? '').replace('«Duyệt bài»', '');

  it.each([
    ['no profile chosen', null, 'Chọn người dùng (ở khung bên trái) để gửi album duyệt.', undefined],
    ["another maker's draft", 'lan', 'Chỉ tác giả mới gửi duyệt được album này.', undefined],
    ['waiting, to its author', 'hung', 'Album đang chờ lãnh đạo duyệt.', 'submitted'],
    [
      'waiting, to a supervisor',
      'truong',
      'Album đang chờ lãnh đạo duyệt. Việc duyệt album làm trong phần «Duyệt bài».',
      'submitted',
    ],
    ['edited after approval', 'hung', 'Album đã được sửa sau khi duyệt nên đang chờ duyệt lại.', 'edited'],
    ['approved', 'hung', 'Nếu sửa album lúc này, album sẽ quay lại chờ duyệt.', 'approved'],
  ] as const)('%s: "album", not "bài"', async (_case, as, hint, stage) => {
    const { bar } = await openAlbum(as, HUNG, (item) => {
      if (stage) fake.reviewing.submit(item, '2024-05-02T03:00:00Z', HUNG, stage === 'edited');
      if (stage === 'approved') fake.reviewing.approve(item, '2024-05-02T03:30:00Z', TRUONG);
    });
    expect(await within(bar).findByText(hint)).toBeTruthy();
    expect(words(bar)).not.toMatch(/bài/i);
  });

  it('reopening a withdrawn album says the album is open again', async () => {
    const { bar } = await openAlbum('hung', HUNG, (item) => fake.reviewing.put(item, { state: 'withdrawn' }));
    await fireEvent.click(await within(bar).findByRole('button', { name: 'Mở lại để sửa' }));
    await waitFor(() => expect(within(bar).getByRole('status').textContent).toBe('Đã mở lại album để sửa.'));
    expect(words(bar)).not.toMatch(/bài/i);
  });
});

describe('the notes beside an album', () => {
  /** Hùng's album, sent back by the supervisor with a note on a caption and the request itself. */
  function sentBack(item: ReviewItem) {
    fake.reviewing.submit(item, '2024-05-02T03:00:00Z', HUNG);
    fake.signIn('truong');
    fake.reviewing.addNote(item, 'Chú thích cần ghi rõ tên đại biểu.', 'Ảnh một', null);
    fake.reviewing.transition(item, 'request_changes', 'Thay ảnh bìa.', null);
  }

  const panel = () => screen.getByRole('complementary', { name: 'Góp ý của người duyệt' });

  it("a photographer whose album was sent back sees the supervisor's notes under the bar", async () => {
    const { album, bar } = await openAlbum('hung', undefined, sentBack);
    expect(await within(bar).findByText('Cần sửa')).toBeTruthy();
    await waitFor(() => expect(within(panel()).getAllByRole('listitem')).toHaveLength(2));
    expect(bar.nextElementSibling).toBe(panel());
    expect(within(panel()).getByText(/^Lãnh đạo yêu cầu sửa album\./)).toBeTruthy();
    expect(within(panel()).queryByText(/bài/i)).toBeNull();

    const quote = within(panel()).getByLabelText('Đoạn được ghi chú');
    expect(quote.textContent).toBe('Ảnh một');
    const note = quote.closest('li')!;
    expect(within(note).getByText('Chú thích cần ghi rõ tên đại biểu.')).toBeTruthy();
    expect(within(note).getByText('Trần Văn Trưởng')).toBeTruthy();
    expect(within(panel()).getByText('Thay ảnh bìa.')).toBeTruthy();

    // The album is Hùng's: he marks the thread resolved.
    await fireEvent.click(within(note).getByRole('button', { name: 'Đánh dấu đã giải quyết' }));
    await waitFor(() => expect(note.classList.contains('resolved')).toBe(true));
    expect(within(note).getByText('Đã giải quyết')).toBeTruthy();
    expect(fake.callsOf('review_notes').at(-1)!.args).toEqual({ item: { kind: 'album', id: album.id } });
  });

  it('has no notes panel for a draft album without notes', async () => {
    const { bar } = await openAlbum('hung');
    await within(bar).findByText('Bản nháp');
    await waitFor(() => expect(fake.callsOf('review_notes').length).toBeGreaterThan(0));
    expect(screen.queryByRole('complementary', { name: 'Góp ý của người duyệt' })).toBeNull();
  });
});
