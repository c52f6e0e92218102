import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import { FakeBackend, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import type { ReviewItem } from '../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;
const ITEM: ReviewItem = { kind: 'post', id: SAMPLE_POST.id };

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

function newsroom() {
  const lan = fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
  const hung = fake.addUser('hung', 'Phạm Văn Hùng', ['photographer']);
  const truong = fake.addUser('truong', 'Trần Văn Trưởng', ['supervisor'], 'mật-khẩu');
  return { lan, hung, truong };
}

async function openSample() {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
  return (await screen.findByLabelText('Tiêu đề')) as HTMLTextAreaElement;
}

const bar = () => screen.getByRole('region', { name: 'Trạng thái duyệt bài' });
const index = (cmd: string) => fake.calls.findIndex((c) => c.cmd === cmd);
const lastIndex = (cmd: string) => fake.calls.map((c) => c.cmd).lastIndexOf(cmd);

describe('review bar', () => {
  it('an editor submits a draft: the autosave is flushed first, then the post is sent', async () => {
    newsroom();
    fake.signIn('lan');
    const title = await openSample();
    await waitFor(() => expect(within(bar()).getByText('Bản nháp')).toBeTruthy());
    expect(await within(bar()).findByText('Chưa có tác giả')).toBeTruthy();

    await fireEvent.input(title, { target: { value: 'Tổng kết công tác năm 2019' } });
    fake.calls.length = 0;
    await fireEvent.click(within(bar()).getByRole('button', { name: 'Gửi duyệt' }));

    await waitFor(() => expect(within(bar()).getByText('Đã gửi duyệt')).toBeTruthy());
    expect(index('post_edit')).toBeGreaterThanOrEqual(0);
    expect(index('post_edit')).toBeLessThan(index('review_transition'));
    expect(fake.callsOf('review_transition')).toEqual([
      { cmd: 'review_transition', args: { item: ITEM, action: 'submit', note: null, at: null, seenHash: null } },
    ]);
    expect(fake.posts.get(SAMPLE_POST.id)!.title).toBe('Tổng kết công tác năm 2019');
    expect(fake.posts.get(SAMPLE_POST.id)!.state).toBe('submitted');
    // The state is read again and the counts refreshed after the step.
    await waitFor(() => expect(lastIndex('review_state')).toBeGreaterThan(index('review_transition')));
    await waitFor(() => expect(lastIndex('review_counts')).toBeGreaterThan(index('review_transition')));
    expect(within(bar()).getByText('Tác giả: Nguyễn Thị Lan')).toBeTruthy();
    expect(within(bar()).getByRole('status').textContent).toBe('Đã gửi bài cho lãnh đạo duyệt.');
    expect(within(bar()).queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();
    expect(within(bar()).getByText('Bài đang chờ lãnh đạo duyệt.')).toBeTruthy();
  });

  it('does not send when the save fails', async () => {
    newsroom();
    fake.signIn('lan');
    const title = await openSample();
    fake.failures.set('post_edit', { code: 'disk_full', message: 'Không lưu được: ổ đĩa đã đầy.' });
    await fireEvent.input(title, { target: { value: 'Tiêu đề mới' } });
    await fireEvent.click(await within(bar()).findByRole('button', { name: 'Gửi duyệt' }));
    await waitFor(() => expect(screen.getByText('Không lưu được: ổ đĩa đã đầy.')).toBeTruthy());
    expect(fake.callsOf('review_transition')).toHaveLength(0);
    expect(within(bar()).getByText('Bản nháp')).toBeTruthy();
  });

  it('shows the core\'s refusal in the alert area', async () => {
    newsroom();
    fake.signIn('lan');
    await openSample();
    fake.failures.set('review_transition', {
      code: 'invalid_transition',
      message: 'Bài đang ở trạng thái «đã gửi duyệt» nên không thể «gửi duyệt». Hãy tải lại để xem trạng thái mới nhất.',
    });
    await fireEvent.click(await within(bar()).findByRole('button', { name: 'Gửi duyệt' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('không thể «gửi duyệt»'));
  });

  it('asks to choose a user when none is, and offers nothing to someone who is not the author', async () => {
    const { hung } = newsroom();
    await openSample();
    expect(await within(bar()).findByText('Chọn người dùng (ở khung bên trái) để gửi bài duyệt.')).toBeTruthy();
    expect(within(bar()).queryByRole('button')).toBeNull();
    cleanup();

    fake.reviewing.put(ITEM, { author_id: hung.id, author: 'Phạm Văn Hùng' });
    fake.signIn('lan');
    await openSample();
    expect(await within(bar()).findByText('Chỉ tác giả mới gửi duyệt được bài này.')).toBeTruthy();
    expect(await within(bar()).findByText('Tác giả: Phạm Văn Hùng')).toBeTruthy();
    expect(within(bar()).queryByRole('button')).toBeNull();
  });

  it('reopens a withdrawn post', async () => {
    const { lan } = newsroom();
    fake.reviewing.put(ITEM, { state: 'withdrawn', author_id: lan.id, author: 'Nguyễn Thị Lan' });
    fake.signIn('lan');
    await openSample();
    expect(await within(bar()).findByText('Đã gỡ')).toBeTruthy();
    await fireEvent.click(within(bar()).getByRole('button', { name: 'Mở lại để sửa' }));
    await waitFor(() => expect(within(bar()).getByText('Bản nháp')).toBeTruthy());
    expect(fake.callsOf('review_transition')[0].args).toMatchObject({ action: 'reopen' });
    expect(within(bar()).getByRole('button', { name: 'Gửi duyệt' })).toBeTruthy();
  });

  it('an approved post edited goes back to the queue, marked "Sửa sau khi duyệt"', async () => {
    const { lan, truong } = newsroom();
    fake.signIn('lan');
    fake.reviewing.submit(ITEM, '2024-05-02T03:00:00Z', { id: lan.id, name: 'Nguyễn Thị Lan' });
    fake.reviewing.approve(ITEM, '2024-05-02T03:30:00Z', { id: truong.id, name: 'Trần Văn Trưởng' });
    const title = await openSample();
    expect(await within(bar()).findByText('Đã duyệt')).toBeTruthy();
    expect(within(bar()).getByText('Nếu sửa bài lúc này, bài sẽ quay lại chờ duyệt.')).toBeTruthy();

    await fireEvent.input(title, { target: { value: 'Tiêu đề sửa sau khi duyệt' } });
    await fireEvent.blur(title);
    await waitFor(() => expect(within(bar()).getByText('Đã gửi duyệt')).toBeTruthy());
    expect(within(bar()).getByText('Sửa sau khi duyệt')).toBeTruthy();
    expect(within(bar()).getByText('Bài đã được sửa sau khi duyệt nên đang chờ duyệt lại.')).toBeTruthy();
  });
});

describe('notes beside the text', () => {
  /** Lan's post, sent back by the supervisor with a note on a passage and the request itself. */
  function changesRequested() {
    const { lan } = newsroom();
    fake.signIn('lan');
    fake.reviewing.submit(ITEM, '2024-05-02T03:00:00Z', { id: lan.id, name: 'Nguyễn Thị Lan' });
    fake.signIn('truong');
    const onPassage = fake.reviewing.addNote(ITEM, 'Ghi rõ tên xã.', 'Ủy ban nhân dân xã', null);
    fake.reviewing.transition(ITEM, 'request_changes', 'Sửa lại đoạn mở đầu.', null);
    fake.signIn('lan');
    return { onPassage };
  }

  const panel = () => screen.getByRole('complementary', { name: 'Góp ý của người duyệt' });

  it('shows the notes with the quoted passage, and the author replies under one', async () => {
    const { onPassage } = changesRequested();
    await openSample();
    expect(await within(bar()).findByText('Cần sửa')).toBeTruthy();
    await waitFor(() => expect(within(panel()).getAllByRole('listitem')).toHaveLength(2));
    expect(within(panel()).getByText(/Lãnh đạo yêu cầu sửa bài/)).toBeTruthy();
    // "Bài viết" shows what was returned to me.
    expect(within(screen.getByRole('navigation')).getByRole('button', { name: 'Bài viết (1 bài cần sửa)' })).toBeTruthy();

    const quote = within(panel()).getByLabelText('Đoạn được ghi chú');
    expect(quote.tagName).toBe('BLOCKQUOTE');
    expect(quote.textContent).toBe('Ủy ban nhân dân xã');
    const note = quote.closest('li')!;
    expect(within(note).getByText('Ghi rõ tên xã.')).toBeTruthy();
    expect(within(note).getByText('Trần Văn Trưởng')).toBeTruthy();
    expect(within(note).getByText(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/)).toBeTruthy();

    await fireEvent.click(within(note).getByRole('button', { name: 'Trả lời ghi chú của Trần Văn Trưởng' }));
    const box = within(note).getByLabelText('Trả lời Trần Văn Trưởng');
    expect(document.activeElement).toBe(box);
    await fireEvent.input(box, { target: { value: 'Đã ghi rõ: xã Tây Tựu.' } });
    await fireEvent.click(within(note).getByRole('button', { name: 'Gửi trả lời' }));

    await waitFor(() => expect(within(note).getByText('Đã ghi rõ: xã Tây Tựu.')).toBeTruthy());
    expect(fake.callsOf('review_note_add')[0].args).toEqual({
      item: ITEM,
      body: 'Đã ghi rõ: xã Tây Tựu.',
      passage: null,
      replyTo: onPassage.id,
    });
    const reply = within(note).getByText('Đã ghi rõ: xã Tây Tựu.').closest('li')!;
    expect(reply.parentElement!.classList.contains('replies')).toBe(true);
    expect(within(reply).getByText('Nguyễn Thị Lan')).toBeTruthy();
  });

  it('resolve is offered on the top note only, and resolving greys the whole thread', async () => {
    const { onPassage } = changesRequested();
    fake.reviewing.addNote(ITEM, 'Đã ghi rõ: xã Tây Tựu.', null, onPassage.id);
    await openSample();
    await waitFor(() => expect(within(panel()).getAllByRole('listitem')).toHaveLength(3));
    const note = within(panel()).getByLabelText('Đoạn được ghi chú').closest('li')!;
    const reply = within(note).getByText('Đã ghi rõ: xã Tây Tựu.').closest('li')!;
    // One button for the thread, on its top note; the reply has none of its own.
    expect(within(note).getAllByRole('button', { name: 'Đánh dấu đã giải quyết' })).toHaveLength(1);
    expect(within(reply).queryByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeNull();
    expect(within(reply).getByRole('button', { name: 'Trả lời ghi chú của Nguyễn Thị Lan' })).toBeTruthy();

    await fireEvent.click(within(note).getByRole('button', { name: 'Đánh dấu đã giải quyết' }));
    await waitFor(() => expect(note.classList.contains('resolved')).toBe(true));
    expect(fake.callsOf('review_note_resolve').map((c) => c.args)).toEqual([{ noteId: onPassage.id }]);
    // Greyed as one: the reply too; the mark once, on the top note.
    expect(reply.classList.contains('resolved')).toBe(true);
    expect(within(note).getAllByText('Đã giải quyết')).toHaveLength(1);
    expect(within(reply).queryByText('Đã giải quyết')).toBeNull();
    expect(within(note).queryByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeNull();
    // The other thread (the request itself) is still open.
    const request = within(panel()).getByText('Sửa lại đoạn mở đầu.').closest('li')!;
    expect(request.classList.contains('resolved')).toBe(false);
    expect(within(request).getByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeTruthy();
  });

  it('a reply to a resolved thread opens it again', async () => {
    const { onPassage } = changesRequested();
    fake.reviewing.resolveNote(onPassage.id);
    await openSample();
    await waitFor(() => expect(within(panel()).getAllByRole('listitem')).toHaveLength(2));
    const note = within(panel()).getByLabelText('Đoạn được ghi chú').closest('li')!;
    expect(note.classList.contains('resolved')).toBe(true);
    expect(within(note).getByText('Đã giải quyết')).toBeTruthy();

    await fireEvent.click(within(note).getByRole('button', { name: 'Trả lời ghi chú của Trần Văn Trưởng' }));
    await fireEvent.input(within(note).getByLabelText('Trả lời Trần Văn Trưởng'), {
      target: { value: 'Tên xã còn thiếu dấu, tôi sửa thêm.' },
    });
    await fireEvent.click(within(note).getByRole('button', { name: 'Gửi trả lời' }));

    const reply = (await within(note).findByText('Tên xã còn thiếu dấu, tôi sửa thêm.')).closest('li')!;
    await waitFor(() => expect(note.classList.contains('resolved')).toBe(false));
    expect(reply.classList.contains('resolved')).toBe(false);
    expect(within(note).queryByText('Đã giải quyết')).toBeNull();
    expect(within(note).getByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeTruthy();
    expect(fake.reviewing.notes.every((n) => n.resolved_at === null)).toBe(true);
  });

  it("only a supervisor, the top note's writer or the author may resolve; anyone may reply", async () => {
    const { onPassage } = changesRequested();
    fake.signIn('hung');
    fake.reviewing.addNote(ITEM, 'Ảnh minh họa để tôi chụp lại.', null, null);
    await openSample();
    await waitFor(() => expect(within(panel()).getAllByRole('listitem')).toHaveLength(3));
    const own = within(panel()).getByText('Ảnh minh họa để tôi chụp lại.').closest('li')!;
    expect(within(own).getByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeTruthy();
    expect(within(panel()).getAllByRole('button', { name: 'Đánh dấu đã giải quyết' })).toHaveLength(1);
    expect(within(panel()).getAllByRole('button', { name: 'Trả lời ghi chú của Trần Văn Trưởng' })).toHaveLength(2);
    // The fake core refuses the same.
    let refused: unknown = null;
    try {
      fake.reviewing.resolveNote(onPassage.id);
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ code: 'forbidden' });
  });

  it('an empty reply is refused by the core and the message shown beside it', async () => {
    changesRequested();
    await openSample();
    await waitFor(() => expect(within(panel()).getAllByRole('listitem')).toHaveLength(2));
    const note = within(panel()).getByLabelText('Đoạn được ghi chú').closest('li')!;
    await fireEvent.click(within(note).getByRole('button', { name: 'Trả lời ghi chú của Trần Văn Trưởng' }));
    await fireEvent.click(within(note).getByRole('button', { name: 'Gửi trả lời' }));
    const alert = await within(note).findByRole('alert');
    expect(alert.textContent).toContain('Ghi chú đang trống');
    expect(within(note).getByLabelText('Trả lời Trần Văn Trưởng').getAttribute('aria-describedby')).toBe(alert.id);
  });

  it('sending the revised post again clears the count', async () => {
    changesRequested();
    await openSample();
    const nav = within(screen.getByRole('navigation'));
    await waitFor(() => expect(nav.getByRole('button', { name: 'Bài viết (1 bài cần sửa)' })).toBeTruthy());
    await fireEvent.click(await within(bar()).findByRole('button', { name: 'Gửi duyệt' }));
    await waitFor(() => expect(within(bar()).getByText('Đã gửi duyệt')).toBeTruthy());
    await waitFor(() => expect(nav.getByRole('button', { name: 'Bài viết' })).toBeTruthy());
    // The notes stay beside the text while some are open.
    expect(panel()).toBeTruthy();
  });

  it('has no notes panel for a draft without notes', async () => {
    newsroom();
    fake.signIn('lan');
    await openSample();
    await within(bar()).findByText('Bản nháp');
    await waitFor(() => expect(fake.callsOf('review_notes').length).toBeGreaterThan(0));
    expect(screen.queryByRole('complementary', { name: 'Góp ý của người duyệt' })).toBeNull();
  });
});

describe("the portal's copy", () => {
  const LINK = 'https://cong.tayho.gov.vn/tong-ket-cong-tac-nam-2019/';
  let writeText: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  });

  afterEach(() => {
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  /** Lan's post, approved and sent: the portal has it as `status`, at `link`. */
  function sent(status: string | null, link: string | null) {
    const { lan, truong } = newsroom();
    fake.signIn('lan');
    fake.reviewing.submit(ITEM, '2024-05-02T03:00:00Z', { id: lan.id, name: 'Nguyễn Thị Lan' });
    fake.reviewing.approve(ITEM, '2024-05-02T03:30:00Z', { id: truong.id, name: 'Trần Văn Trưởng' });
    fake.reviewing.put(ITEM, { portal_status: status, portal_link: link });
  }

  it('says what the portal has and copies its address', async () => {
    sent('publish', LINK);
    await openSample();
    expect(await within(bar()).findByText('Trên cổng: đã đăng')).toBeTruthy();
    const address = within(bar()).getByText(LINK);
    expect(address.closest('a')).toBeNull();
    expect(bar().querySelector('a')).toBeNull();
    expect(within(bar()).getByRole('status').textContent).toBe('');

    await fireEvent.click(within(bar()).getByRole('button', { name: 'Chép địa chỉ' }));
    await waitFor(() => expect(within(bar()).getByRole('status').textContent).toBe('Đã chép'));
    expect(writeText).toHaveBeenCalledWith(LINK);
  });

  it('says how to copy by hand when the clipboard is refused', async () => {
    writeText.mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    sent('pending', LINK);
    await openSample();
    expect(await within(bar()).findByText('Trên cổng: chờ duyệt')).toBeTruthy();
    await fireEvent.click(within(bar()).getByRole('button', { name: 'Chép địa chỉ' }));
    await waitFor(() =>
      expect(within(bar()).getByRole('status').textContent).toBe(
        'Không chép tự động được. Hãy bấm vào địa chỉ để chọn cả địa chỉ, rồi bấm Ctrl+C.',
      ),
    );
    expect(window.getSelection()?.toString()).toBe(LINK);
  });

  it('names each status the portal may give; without an address there is nothing to copy', async () => {
    sent('future', null);
    await openSample();
    expect(await within(bar()).findByText('Trên cổng: hẹn giờ đăng')).toBeTruthy();
    expect(within(bar()).queryByRole('button', { name: 'Chép địa chỉ' })).toBeNull();
    cleanup();

    fake.reviewing.put(ITEM, { portal_status: 'draft' });
    await openSample();
    expect(await within(bar()).findByText('Trên cổng: bản nháp')).toBeTruthy();
    cleanup();

    fake.reviewing.put(ITEM, { portal_status: 'private' });
    await openSample();
    expect(await within(bar()).findByText('Trên cổng: riêng tư')).toBeTruthy();
  });

  it('shows nothing of the portal before the sync has sent the post', async () => {
    sent(null, null);
    await openSample();
    // Once the state is read (it names the author).
    expect(await within(bar()).findByText('Tác giả: Nguyễn Thị Lan')).toBeTruthy();
    expect(within(bar()).getByText('Đã duyệt')).toBeTruthy();
    expect(within(bar()).queryByText(/Trên cổng/)).toBeNull();
    expect(within(bar()).queryByRole('button', { name: 'Chép địa chỉ' })).toBeNull();
    expect(within(bar()).queryByRole('status')).toBeNull();
  });
});
