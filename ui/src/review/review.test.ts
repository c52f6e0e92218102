import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import ReviewArea from './ReviewArea.svelte';
import ReviewView from './ReviewView.svelte';
import { FakeBackend, SAMPLE_POST, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { resetSession, session } from '../users/session.svelte';
import { errors } from '../lib/errors.svelte';
import type { Actor, Post, ReviewItem } from '../lib/ipc/types';
import { passageOf, supervisorActions, threads } from './review';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const LAN: Actor = { id: 1, name: 'lan', display_name: 'Trần Thị Lan', roles: ['supervisor'] };
const MINH = { id: 2, name: 'Minh Anh' };
const HUNG = { id: 3, name: 'Đỗ Văn Hùng' };

const REPORT: Post = {
  ...structuredClone(SAMPLE_POST),
  id: 1,
  title: 'Hội nghị tổng kết công tác năm 2019',
  sapo: 'Sáng 16/1, xã tổ chức hội nghị tổng kết.',
  body_html: '<p>Hội nghị đánh giá kết quả công tác năm 2019 và đề ra nhiệm vụ năm 2020.</p>',
  is_sample: false,
};
const FLOOD: Post = {
  ...structuredClone(SAMPLE_POST),
  id: 2,
  title: 'Phòng chống lụt bão năm 2024',
  body_html: '<p>Xã triển khai phương án phòng chống lụt bão.</p>',
  is_sample: false,
};

const post = (id: number): ReviewItem => ({ kind: 'post', id });

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  resetSession();
  fake = new FakeBackend([structuredClone(REPORT), structuredClone(FLOOD)]);
  fake.reviewing.actor = structuredClone(LAN);
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => {
  cleanup();
  document.getSelection()?.removeAllRanges();
});

/** Opens the queue row whose title matches. */
async function open(title: RegExp) {
  render(ReviewArea);
  const queue = await screen.findByRole('list', { name: 'Chờ tôi duyệt' });
  await fireEvent.click(within(queue).getByRole('button', { name: title }));
  await screen.findByRole('heading', { level: 1, name: title });
}

/** Opens an item's review view directly (approved, scheduled… items are not in the queue). */
async function view(item: ReviewItem) {
  const onchanged = vi.fn();
  render(ReviewView, { item, title: '', onback: () => {}, onchanged });
  await screen.findByRole('group', { name: 'Thao tác duyệt' });
  return onchanged;
}

function actionBar() {
  return screen.getByRole('group', { name: 'Thao tác duyệt' });
}

describe('the queue', () => {
  it('lists what waits, oldest first, with kind, author, time, the badge and open notes', async () => {
    fake.addPhotos(samplePhoto(1000, { caption: 'Đại biểu dự hội nghị' }));
    const album = fake.addAlbum({ title: 'Ảnh hội nghị tổng kết', photo_ids: [1000] });
    fake.reviewing.submit(post(1), '2024-05-01T02:00:00Z', MINH);
    fake.reviewing.submit(post(2), '2024-04-30T01:00:00Z', MINH, true);
    fake.reviewing.submit({ kind: 'album', id: album.id }, '2024-05-01T01:00:00Z', HUNG);
    fake.reviewing.notes.push({
      id: 99,
      item: post(1),
      author_id: LAN.id,
      author: LAN.display_name,
      body: 'Thêm số liệu.',
      passage: null,
      reply_to: null,
      resolved_at: null,
      resolved_by: null,
      created_at: '2024-05-01T03:00:00Z',
    });

    render(ReviewArea);
    const queue = await screen.findByRole('list', { name: 'Chờ tôi duyệt' });
    const rows = await within(queue).findAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.row-title')!.textContent)).toEqual([
      'Phòng chống lụt bão năm 2024',
      'Ảnh hội nghị tổng kết',
      'Hội nghị tổng kết công tác năm 2019',
    ]);
    expect(rows[0].textContent).toContain('Bài viết');
    expect(rows[0].textContent).toContain('Minh Anh');
    expect(rows[0].textContent).toContain('Gửi duyệt lúc 30/04/2024 08:00');
    expect(within(rows[0]).getByText('Sửa sau khi duyệt').className).toContain('badge');
    expect(rows[1].textContent).toContain('Album ảnh');
    expect(rows[1].textContent).toContain('Đỗ Văn Hùng');
    expect(rows[1].textContent).toContain('Gửi duyệt lúc 01/05/2024 08:00');
    expect(within(rows[1]).queryByText('Sửa sau khi duyệt')).toBeNull();
    expect(within(rows[2]).queryByText('Sửa sau khi duyệt')).toBeNull();
    expect(rows[2].textContent).toContain('1 ghi chú chưa giải quyết');
  });

  it('says when nothing waits', async () => {
    render(ReviewArea);
    expect(await screen.findByText('Không có bài hay album nào chờ duyệt.')).toBeTruthy();
  });

  it('without a reviewing profile, asks for one and shows no queue', async () => {
    fake.reviewing.submit(post(1), '2024-05-01T02:00:00Z', MINH);
    fake.reviewing.actor = { id: 2, name: 'minh', display_name: 'Minh Anh', roles: ['editor'] };
    render(ReviewArea);
    expect(await screen.findByText('Hãy chọn người dùng có quyền duyệt bài để xem hàng chờ.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Chờ tôi duyệt' })).toBeNull();
    expect(fake.callsOf('review_queue')).toHaveLength(0);
  });

  it('follows the profile in use: signing out hides the queue', async () => {
    fake.reviewing.submit(post(1), '2024-05-01T02:00:00Z', MINH);
    render(ReviewArea);
    await screen.findByRole('list', { name: 'Chờ tôi duyệt' });
    await session.signOut();
    expect(await screen.findByText('Hãy chọn người dùng có quyền duyệt bài để xem hàng chờ.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Chờ tôi duyệt' })).toBeNull();
  });

  it('with no profile chosen, asks for one', async () => {
    fake.reviewing.actor = null;
    render(ReviewArea);
    expect(await screen.findByText('Hãy chọn người dùng có quyền duyệt bài để xem hàng chờ.')).toBeTruthy();
  });
});

describe('the review view', () => {
  beforeEach(() => {
    fake.reviewing.submit(post(1), '2024-05-01T02:00:00Z', MINH);
  });

  it('shows the post as the portal does', async () => {
    await open(/Hội nghị tổng kết/);
    const article = await screen.findByRole('article', { name: 'Bài như trên cổng thông tin' });
    expect(within(article).getByText(REPORT.sapo).className).toContain('portal-sapo');
    expect(article.querySelector('.portal-body')!.innerHTML).toBe(REPORT.body_html);
    expect(screen.getByText('Trạng thái: đã gửi duyệt')).toBeTruthy();
  });

  it('"Yêu cầu sửa" needs a note, then sends it', async () => {
    await open(/Hội nghị tổng kết/);
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Yêu cầu sửa' }));
    const send = within(actionBar()).getByRole('button', { name: 'Gửi yêu cầu sửa' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    const field = within(actionBar()).getByLabelText('Cần sửa gì (bắt buộc)');
    await fireEvent.input(field, { target: { value: '   ' } });
    expect(send.disabled).toBe(true);
    await fireEvent.click(send);
    expect(fake.callsOf('review_transition')).toHaveLength(0);

    const queueReads = fake.callsOf('review_queue').length;
    await fireEvent.input(field, { target: { value: 'Bổ sung số liệu năm 2019.' } });
    expect(send.disabled).toBe(false);
    await fireEvent.click(send);
    await screen.findByText('Đã gửi yêu cầu sửa.');
    expect(fake.callsOf('review_transition')[0].args).toEqual({
      item: post(1),
      action: 'request_changes',
      note: 'Bổ sung số liệu năm 2019.',
      at: null,
      seenHash: expect.any(String),
    });
    await waitFor(() => expect(fake.callsOf('review_queue').length).toBeGreaterThan(queueReads));
    // The state is read again, and the request is a note beside the text.
    expect(await screen.findByText('Trạng thái: cần sửa')).toBeTruthy();
    const notes = screen.getByRole('region', { name: 'Ghi chú' });
    expect(within(notes).getByText('Bổ sung số liệu năm 2019.')).toBeTruthy();
  });

  it("shows the core's note_required refusal where the action was", async () => {
    fake.failures.set('review_transition', {
      code: 'note_required',
      message: 'Ghi chú đang trống. Khi yêu cầu sửa hoặc góp ý, hãy viết rõ cần sửa gì để tác giả biết, rồi gửi lại.',
    });
    await open(/Hội nghị tổng kết/);
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Yêu cầu sửa' }));
    await fireEvent.input(within(actionBar()).getByLabelText('Cần sửa gì (bắt buộc)'), { target: { value: '\u200b' } });
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Gửi yêu cầu sửa' }));
    expect((await within(actionBar()).findByRole('alert')).textContent).toContain('Ghi chú đang trống.');
  });

  it('"Duyệt" approves, says so and offers the next steps', async () => {
    await open(/Hội nghị tổng kết/);
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Duyệt' }));
    expect(await within(actionBar()).findByText('Đã duyệt.')).toBeTruthy();
    expect(fake.callsOf('review_transition')[0].args).toMatchObject({ item: post(1), action: 'approve', note: null, at: null });
    // What was approved is what was shown: the hash of the state the view read goes with it.
    expect(fake.callsOf('review_transition')[0].args!.seenHash).toBe(fake.reviewing.content(post(1)));
    await within(actionBar()).findByRole('button', { name: 'Hẹn giờ đăng' });
    expect(within(actionBar()).getByRole('button', { name: 'Đăng ngay' })).toBeTruthy();
    expect(within(actionBar()).queryByRole('button', { name: 'Duyệt' })).toBeNull();
    // The queue and the navigation's counts are read again.
    await waitFor(() => expect(fake.callsOf('review_counts').length).toBeGreaterThan(0));
    await fireEvent.click(screen.getByRole('button', { name: '← Hàng chờ duyệt' }));
    expect(await screen.findByText('Không có bài hay album nào chờ duyệt.')).toBeTruthy();
  });

  it('shows a refusal from the core where the action was', async () => {
    const message = 'Bài viết đang ở trạng thái «cần sửa» nên không thể «duyệt». Trạng thái và nhật ký vẫn giữ nguyên.';
    fake.failures.set('review_transition', { code: 'invalid_transition', message });
    await open(/Hội nghị tổng kết/);
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Duyệt' }));
    expect((await within(actionBar()).findByRole('alert')).textContent).toBe(message);
    expect(within(actionBar()).queryByText('Đã duyệt.')).toBeNull();
  });

  it('"Hẹn giờ đăng" sends the date and time typed as Vietnam time (+07:00)', async () => {
    fake.reviewing.approve(post(1), '2024-05-01T04:00:00Z', { id: LAN.id, name: LAN.display_name });
    await view(post(1));
    await fireEvent.click(await within(actionBar()).findByRole('button', { name: 'Hẹn giờ đăng' }));
    const confirm = within(actionBar()).getByRole('button', { name: 'Hẹn giờ' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await fireEvent.input(within(actionBar()).getByLabelText('Ngày đăng'), { target: { value: '2024-05-10' } });
    await fireEvent.input(within(actionBar()).getByLabelText('Giờ đăng (giờ Việt Nam)'), { target: { value: '09:30' } });
    await fireEvent.click(confirm);
    expect(await within(actionBar()).findByText('Đã hẹn giờ đăng lúc 10/05/2024 09:30.')).toBeTruthy();
    const call = fake.callsOf('review_transition')[0];
    expect(call.args).toEqual({
      item: post(1),
      action: 'schedule',
      note: null,
      at: '2024-05-10T09:30:00+07:00',
      seenHash: expect.any(String),
    });
    expect(fake.posts.get(1)!.scheduled_at).toBe('2024-05-10T02:30:00Z');
    expect(await screen.findByText('Hẹn đăng lúc 10/05/2024 09:30')).toBeTruthy();
  });

  it('"Gỡ bài" asks first', async () => {
    fake.reviewing.put(post(1), { state: 'published' });
    await view(post(1));
    await fireEvent.click(await within(actionBar()).findByRole('button', { name: 'Gỡ bài' }));
    expect(fake.callsOf('review_transition')).toHaveLength(0);
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Có, gỡ bài' }));
    expect(await within(actionBar()).findByText('Đã gỡ.')).toBeTruthy();
    expect(fake.callsOf('review_transition')[0].args).toMatchObject({ action: 'withdraw' });
    expect(await within(actionBar()).findByRole('button', { name: 'Mở lại' })).toBeTruthy();
  });

  it('"Xem thay đổi" shows the words added and removed since the approval', async () => {
    fake.reviewing.approve(post(1), '2024-05-01T04:00:00Z', { id: LAN.id, name: LAN.display_name });
    // Edited after approval: back in the queue.
    fake.posts.get(1)!.body_html = '<p>Hội nghị đánh giá kết quả công tác năm 2019 và triển khai nhiệm vụ năm 2020.</p>';
    fake.reviewing.submit(post(1), '2024-05-01T05:00:00Z', MINH, true);

    await open(/Hội nghị tổng kết/);
    const toggle = screen.getByRole('button', { name: 'Xem thay đổi' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    const diff = await screen.findByLabelText('Các chữ đã thêm và đã bỏ');
    const words = (tag: string) => [...diff.querySelectorAll(tag)].map((e) => e.textContent!.trim()).join(' ');
    expect(words('ins')).toBe('triển khai');
    expect(words('del')).toBe('đề ra');
    expect(diff.textContent).toContain('Hội nghị đánh giá kết quả công tác năm 2019 và');
    expect(screen.getByText('So với bản đã duyệt lúc 01/05/2024 11:00')).toBeTruthy();
    expect(fake.callsOf('review_diff')[0].args).toEqual({ item: { kind: 'post', id: 1 } });

    // Back to the preview.
    await fireEvent.click(toggle);
    expect(screen.getByRole('article', { name: 'Bài như trên cổng thông tin' })).toBeTruthy();
  });

  it('labels changes against the last submission, or a first submission', async () => {
    await open(/Hội nghị tổng kết/);
    await fireEvent.click(screen.getByRole('button', { name: 'Xem thay đổi' }));
    expect(await screen.findByText('So với bản gửi duyệt lúc 01/05/2024 09:00')).toBeTruthy();
    cleanup();

    // Never logged as submitted (made before profiles): all of it is new.
    fake.reviewing.put(post(2), { state: 'submitted', submitted_at: '2024-04-01T00:00:00Z' });
    await open(/Phòng chống lụt bão/);
    await fireEvent.click(screen.getByRole('button', { name: 'Xem thay đổi' }));
    expect(await screen.findByText('Bài gửi duyệt lần đầu')).toBeTruthy();
    const diff = screen.getByLabelText('Các chữ đã thêm và đã bỏ');
    expect(diff.querySelector('ins')!.textContent).toContain('Phòng chống lụt bão năm 2024');
  });

  it('a note on a passage sends the selected text, trimmed', async () => {
    await open(/Hội nghị tổng kết/);
    const article = await screen.findByRole('article', { name: 'Bài như trên cổng thông tin' });
    const button = screen.getByRole('button', { name: 'Ghi chú cho đoạn đã chọn' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    const text = article.querySelector('.portal-body p')!.firstChild as Text;
    const start = text.data.indexOf(' kết quả');
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + ' kết quả công tác '.length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    await waitFor(() => expect(button.disabled).toBe(false));

    await fireEvent.click(button);
    const form = screen.getByRole('region', { name: 'Ghi chú' });
    expect(within(form).getByText('kết quả công tác')).toBeTruthy();
    await fireEvent.input(within(form).getByLabelText('Nội dung ghi chú'), { target: { value: 'Nêu rõ kết quả nào.' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Gửi ghi chú' }));
    await waitFor(() => expect(fake.callsOf('review_note_add')).toHaveLength(1));
    expect(fake.callsOf('review_note_add')[0].args).toEqual({
      item: post(1),
      body: 'Nêu rõ kết quả nào.',
      passage: 'kết quả công tác',
      replyTo: null,
    });
    const note = (await within(form).findByText('Nêu rõ kết quả nào.')).closest('li')!;
    expect(note.querySelector('blockquote')!.textContent).toBe('kết quả công tác');
  });

  it('a selection outside the preview offers no passage note', async () => {
    await open(/Hội nghị tổng kết/);
    const heading = screen.getByRole('heading', { level: 1 });
    const range = document.createRange();
    range.selectNodeContents(heading);
    document.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    await Promise.resolve();
    expect((screen.getByRole('button', { name: 'Ghi chú cho đoạn đã chọn' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('notes: general, replies indented, resolved greyed', async () => {
    await open(/Hội nghị tổng kết/);
    const notes = screen.getByRole('region', { name: 'Ghi chú' });
    expect(within(notes).getByText('Chưa có ghi chú.')).toBeTruthy();
    const add = within(notes).getByRole('button', { name: 'Thêm ghi chú' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    await fireEvent.input(within(notes).getByLabelText('Ghi chú chung'), { target: { value: 'Cần thêm ảnh.' } });
    await fireEvent.click(add);
    const first = (await within(notes).findByText('Cần thêm ảnh.')).closest('li')!;
    expect(fake.callsOf('review_note_add')[0].args).toEqual({ item: post(1), body: 'Cần thêm ảnh.', passage: null, replyTo: null });

    await fireEvent.click(within(first).getByRole('button', { name: 'Trả lời ghi chú của Trần Thị Lan' }));
    await fireEvent.input(within(first).getByLabelText('Trả lời Trần Thị Lan'), { target: { value: 'Đã thêm hai ảnh.' } });
    await fireEvent.click(within(first).getByRole('button', { name: 'Gửi trả lời' }));
    const reply = (await within(notes).findByText('Đã thêm hai ảnh.')).closest('li')!;
    expect(reply.parentElement!.className).toContain('replies');
    expect(reply.parentElement!.closest('li')!.textContent).toContain('Cần thêm ảnh.');
    expect(fake.callsOf('review_note_add')[1].args).toMatchObject({ replyTo: 1 });

    const firstNow = within(notes).getByText('Cần thêm ảnh.').closest('li')!;
    // The thread is resolved as a whole, from its top note: the reply has no button of its own.
    const resolve = within(firstNow).getByRole('button', { name: 'Đánh dấu đã giải quyết' });
    const replyNow = within(notes).getByText('Đã thêm hai ảnh.').closest('li')!;
    expect(within(replyNow).queryByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeNull();
    await fireEvent.click(resolve);
    await waitFor(() => expect(within(notes).getByText('Cần thêm ảnh.').closest('li')!.className).toContain('resolved'));
    expect(fake.callsOf('review_note_resolve')[0].args).toEqual({ noteId: 1 });
    expect(within(notes).getAllByText('Đã giải quyết')).toHaveLength(1);
    expect(within(notes).getByText('Đã thêm hai ảnh.').closest('li')!.className).toContain('resolved');
    expect(within(notes).queryByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeNull();
  });

  it('a reply to a resolved thread opens it again, and the whole thread shows open', async () => {
    const top = fake.reviewing.addNote(post(1), 'Cần thêm ảnh.', null, null);
    fake.reviewing.addNote(post(1), 'Đã thêm hai ảnh.', null, top.id);
    fake.reviewing.resolveNote(top.id);
    expect(fake.reviewing.notes.every((n) => n.resolved_at !== null)).toBe(true);
    await open(/Hội nghị tổng kết/);
    const notes = screen.getByRole('region', { name: 'Ghi chú' });
    const reply = (await within(notes).findByText('Đã thêm hai ảnh.')).closest('li')!;
    expect(reply.className).toContain('resolved');

    await fireEvent.click(within(reply).getByRole('button', { name: 'Trả lời ghi chú của Trần Thị Lan' }));
    await fireEvent.input(within(reply).getByLabelText('Trả lời Trần Thị Lan'), { target: { value: 'Ảnh thứ hai bị mờ.' } });
    await fireEvent.click(within(reply).getByRole('button', { name: 'Gửi trả lời' }));

    await within(notes).findByText('Ảnh thứ hai bị mờ.');
    const thread = within(notes).getByText('Cần thêm ảnh.').closest('li')!;
    await waitFor(() => expect(thread.className).not.toContain('resolved'));
    expect(within(thread).queryByText('Đã giải quyết')).toBeNull();
    expect(thread.querySelectorAll('li.resolved')).toHaveLength(0);
    expect(within(thread).getByRole('button', { name: 'Đánh dấu đã giải quyết' })).toBeTruthy();
  });

  it('"Nhật ký" lists who did what, when, and the state change', async () => {
    await open(/Hội nghị tổng kết/);
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Duyệt' }));
    await within(actionBar()).findByText('Đã duyệt.');
    const log = screen.getByText('Nhật ký').closest('details')!;
    await waitFor(() => expect(log.querySelectorAll('li')).toHaveLength(2));
    const [submitted, approved] = [...log.querySelectorAll('li')];
    expect(submitted.textContent).toContain('01/05/2024 09:00');
    expect(submitted.textContent).toContain('Minh Anh');
    expect(submitted.textContent).toContain('Gửi duyệt');
    expect(submitted.textContent).toContain('bản nháp → đã gửi duyệt');
    expect(approved.textContent).toContain('Trần Thị Lan');
    expect(approved.textContent).toContain('Duyệt');
    expect(approved.textContent).toContain('đã gửi duyệt → đã duyệt');
  });
});

describe('an album under review', () => {
  it('shows its title, date, description and photos in order with captions', async () => {
    fake.addPhotos(
      samplePhoto(1000, { caption: 'Đại biểu dự hội nghị', version: 2 }),
      samplePhoto(1001, { caption: 'Trao kỷ niệm chương' }),
      samplePhoto(1002, { caption: '' }),
    );
    const album = fake.addAlbum({
      title: 'Ảnh hội nghị tổng kết',
      event_date: '2020-01-15',
      description: 'Hội nghị tổng kết công tác dân vận năm 2019.',
      photo_ids: [1001, 1000, 1002],
    });
    fake.reviewing.submit({ kind: 'album', id: album.id }, '2024-05-01T01:00:00Z', HUNG);

    await open(/Ảnh hội nghị tổng kết/);
    expect(await screen.findByText('Ngày sự kiện: 15/01/2020')).toBeTruthy();
    expect(screen.getByText('Hội nghị tổng kết công tác dân vận năm 2019.')).toBeTruthy();
    const photos = screen.getByRole('list', { name: 'Ảnh trong album, theo thứ tự' });
    const items = within(photos).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('figcaption')!.textContent!.trim())).toEqual([
      'Trao kỷ niệm chương',
      'Đại biểu dự hội nghị',
      'Chưa có chú thích',
    ]);
    expect(items.map((li) => li.querySelector('img')!.getAttribute('src'))).toEqual([
      'photo://localhost/1001/320?v=1',
      'photo://localhost/1000/320?v=2',
      'photo://localhost/1002/320?v=1',
    ]);
    expect(fake.callsOf('album_get')[0].args).toEqual({ id: album.id });
    // Its changes are compared caption by caption (changes.test.ts).
    expect(screen.getByRole('button', { name: 'Xem thay đổi' })).toBeTruthy();
  });

  it('speaks of the album, not of a post ("Gỡ album", the selection hint)', async () => {
    fake.addPhotos(samplePhoto(1000, { caption: 'Đại biểu dự hội nghị' }));
    const album = fake.addAlbum({ title: 'Ảnh hội nghị tổng kết', photo_ids: [1000] });
    const item: ReviewItem = { kind: 'album', id: album.id };
    fake.reviewing.submit(item, '2024-05-01T01:00:00Z', HUNG);
    fake.reviewing.put(item, { state: 'published' });
    await view(item);
    expect(
      screen.getByText('Bôi đen một đoạn trong album (tên, mô tả, chú thích ảnh) để ghi chú cho đúng đoạn đó.'),
    ).toBeTruthy();
    await fireEvent.click(await within(actionBar()).findByRole('button', { name: 'Gỡ album' }));
    expect(within(actionBar()).queryByRole('button', { name: /bài/ })).toBeNull();
    await fireEvent.click(within(actionBar()).getByRole('button', { name: 'Có, gỡ album' }));
    expect(await within(actionBar()).findByText('Đã gỡ.')).toBeTruthy();
    expect(fake.callsOf('review_transition')[0].args).toMatchObject({ item, action: 'withdraw' });
  });
});

describe('review helpers', () => {
  it('offer the supervisor the steps of the state', () => {
    expect(supervisorActions('submitted')).toEqual(['request_changes', 'approve']);
    expect(supervisorActions('approved')).toEqual(['request_changes', 'schedule', 'publish']);
    expect(supervisorActions('scheduled')).toEqual(['request_changes', 'schedule', 'publish', 'withdraw']);
    expect(supervisorActions('published')).toEqual(['withdraw']);
    expect(supervisorActions('withdrawn')).toEqual(['reopen']);
    expect(supervisorActions('draft')).toEqual([]);
    expect(supervisorActions('changes_requested')).toEqual([]);
  });

  it('send a passage trimmed and in NFC', () => {
    expect(passageOf('  Hội nghi\u0323 \n')).toBe('Hội nghị');
    expect(passageOf('   ')).toBeNull();
  });

  it('nest replies under the notes they answer', () => {
    const note = (id: number, reply_to: number | null) => ({
      id,
      item: post(1),
      author_id: 1,
      author: 'Lan',
      body: `${id}`,
      passage: null,
      reply_to,
      resolved_at: null,
      resolved_by: null,
      created_at: '2024-05-01T00:00:00Z',
    });
    const tree = threads([note(1, null), note(2, 1), note(3, null), note(4, 2), note(5, 42)]);
    expect(tree.map((n) => n.note.id)).toEqual([1, 3, 5]);
    expect(tree[0].replies[0].note.id).toBe(2);
    expect(tree[0].replies[0].replies[0].note.id).toBe(4);
  });
});
