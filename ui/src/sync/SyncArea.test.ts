import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import App from '../App.svelte';
import { FakeBackend } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { reasonName, remoteName } from './sync';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const PORTAL = 'https://cong.tayho.gov.vn';
const WRONG_PASSWORD =
  'Cổng thông tin không nhận tên đăng nhập hoặc mật khẩu ứng dụng này. Hãy kiểm tra tên đăng nhập, rồi tạo mật khẩu ứng dụng mới trong trang Hồ sơ của bạn trên cổng và nhập lại ở Cài đặt → Cổng thông tin.';
const OFFLINE =
  'Không kết nối được tới cổng thông tin (dns error). Hãy kiểm tra mạng; bài vẫn được giữ trên máy và sẽ tự gửi khi có mạng.';
const CONFLICT =
  'Bài trên cổng thông tin đã bị sửa ở nơi khác từ lần đồng bộ trước, nên chưa gửi gì để khỏi ghi đè. Hãy mở mục xung đột để so sánh và chọn: giữ bản của mình, lấy bản trên cổng, hoặc tự gộp.';

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(cleanup);

/** A failed post approval, a post edit in conflict and an album schedule waiting after a
 * network failure; then one sent and one cancelled. */
function seed() {
  fake.sync.add({
    title: 'Hội nghị tổng kết công tác năm 2019',
    item: { kind: 'post', id: 1 },
    reason: 'approve',
    user_id: 2,
    user: 'Trần Văn Minh',
    created_at: '2024-05-02T03:05:00Z',
    state: 'failed',
    attempts: 1,
    error_code: 'portal_wrong_password',
    error: WRONG_PASSWORD,
  });
  fake.sync.add({
    title: 'Ngày hội đại đoàn kết toàn dân tộc',
    item: { kind: 'album', id: 3 },
    reason: 'schedule',
    created_at: '2024-05-02T03:06:00Z',
    attempts: 2,
    next_at: '2024-05-02T03:10:20Z',
    error_code: 'portal_offline',
    error: OFFLINE,
  });
  fake.sync.add({
    title: 'Thông báo lịch tiếp công dân',
    item: { kind: 'post', id: 2 },
    reason: 'edit',
    user_id: 1,
    user: 'Nguyễn Thị Lan',
    created_at: '2024-05-02T03:07:00Z',
    state: 'conflict',
    attempts: 1,
    error_code: 'portal_conflict',
    error: CONFLICT,
  });
  fake.sync.add({
    title: 'Kế hoạch phòng chống lụt bão',
    item: { kind: 'post', id: 4 },
    reason: 'publish',
    user: 'Trần Văn Minh',
    created_at: '2024-05-01T08:00:00Z',
    state: 'sent',
    attempts: 1,
    done_at: '2024-05-01T08:01:00Z',
  });
  fake.sync.add({
    title: 'Tin cũ đã gỡ',
    item: { kind: 'post', id: 5 },
    reason: 'withdraw',
    created_at: '2024-04-30T02:00:00Z',
    state: 'cancelled',
    done_at: '2024-04-30T02:30:00Z',
  });
}

const nav = () => within(screen.getByRole('navigation'));

/** The Đồng bộ area, once its list is read. */
async function openSync() {
  render(App);
  await fireEvent.click(nav().getByRole('button', { name: /^Đồng bộ/ }));
  expect(await screen.findByRole('heading', { level: 1, name: 'Đồng bộ' })).toBeTruthy();
  await waitFor(() => expect(screen.queryByText('Đang tải…')).toBeNull());
}

const openList = () => screen.getByRole('list', { name: 'Hàng chờ gửi' });
const doneList = () => screen.getByRole('list', { name: 'Đã gửi gần đây' });

/** The row of the list whose title is `title`. */
function row(list: HTMLElement, title: string): HTMLElement {
  const found = within(list)
    .getAllByRole('listitem')
    .find((li) => li.textContent?.includes(title));
  if (!found) throw new Error(`no row for ${title}`);
  return found;
}

/** The status line under the heading. */
const summary = () => document.querySelector<HTMLElement>('.sync-summary')!;

describe('Đồng bộ', () => {
  it('says when everything has been sent', async () => {
    await openSync();
    expect(summary().textContent?.trim()).toBe('Mọi thay đổi đã được gửi lên cổng.');
    expect(screen.queryByRole('list', { name: 'Hàng chờ gửi' })).toBeNull();
    expect(fake.callsOf('sync_status').length).toBeGreaterThanOrEqual(1);
  });

  it('counts what waits, what failed and what is in conflict', async () => {
    seed();
    fake.sync.add({ title: 'Bài thứ hai chờ gửi', item: { kind: 'post', id: 6 } });
    await openSync();
    const parts = [...summary().querySelectorAll('span')].map((s) => s.textContent);
    expect(parts).toEqual(['Còn 2 mục chờ gửi.', '1 mục gửi lỗi cần xử lý.', '1 mục xung đột cần xem lại.']);
  });

  it('lists each entry with its item, step, account, time, state and why it stopped', async () => {
    seed();
    await openSync();
    const open = openList();
    expect(within(open).getAllByRole('listitem')).toHaveLength(3);

    const failed = row(open, 'Hội nghị tổng kết công tác năm 2019');
    expect(failed.textContent).toContain('Bài viết');
    expect(within(failed).getByText('Duyệt')).toBeTruthy();
    expect(within(failed).getByText('Lỗi')).toBeTruthy();
    expect(within(failed).getByText('Tài khoản cổng của Trần Văn Minh')).toBeTruthy();
    expect(within(failed).getByText('Ghi lúc 02/05/2024 | 10:05')).toBeTruthy();
    expect(within(failed).getByText('Đã thử 1 lần')).toBeTruthy();
    expect(within(failed).getByText(WRONG_PASSWORD)).toBeTruthy();
    expect(within(failed).getByRole('button', { name: 'Thử lại «Hội nghị tổng kết công tác năm 2019» (Duyệt)' }));
    expect(within(failed).getByRole('button', { name: 'Huỷ «Hội nghị tổng kết công tác năm 2019» (Duyệt)' }));

    const waiting = row(open, 'Ngày hội đại đoàn kết toàn dân tộc');
    expect(waiting.textContent).toContain('Album ảnh');
    expect(within(waiting).getByText('Hẹn giờ đăng')).toBeTruthy();
    expect(within(waiting).getByText('Chờ gửi')).toBeTruthy();
    expect(within(waiting).getByText('Tài khoản cổng của máy này')).toBeTruthy();
    expect(within(waiting).getByText('Đã thử 2 lần, thử lại lúc 02/05/2024 | 10:10')).toBeTruthy();
    expect(within(waiting).getByText(OFFLINE)).toBeTruthy();
    expect(within(waiting).getByRole('button', { name: 'Thử lại «Ngày hội đại đoàn kết toàn dân tộc» (Hẹn giờ đăng)' }));
    expect(within(waiting).getByRole('button', { name: 'Huỷ «Ngày hội đại đoàn kết toàn dân tộc» (Hẹn giờ đăng)' }));

    const conflict = row(open, 'Thông báo lịch tiếp công dân');
    expect(within(conflict).getByText('Sửa')).toBeTruthy();
    expect(within(conflict).getByText('Xung đột')).toBeTruthy();
    expect(within(conflict).getByText('Tài khoản cổng của Nguyễn Thị Lan')).toBeTruthy();
    expect(within(conflict).getByText(CONFLICT)).toBeTruthy();
    expect(within(conflict).getByRole('button', { name: 'So sánh hai bản của «Thông báo lịch tiếp công dân» (Sửa)' }));
    // Sent again, it would only meet the portal's copy again.
    expect(within(conflict).queryByRole('button', { name: /^Thử lại/ })).toBeNull();

    const done = doneList();
    const sent = row(done, 'Kế hoạch phòng chống lụt bão');
    expect(within(sent).getByText('Đăng')).toBeTruthy();
    expect(within(sent).getByText('Đã gửi')).toBeTruthy();
    expect(within(sent).getByText('Gửi xong lúc 01/05/2024 | 15:01')).toBeTruthy();
    const cancelled = row(done, 'Tin cũ đã gỡ');
    expect(within(cancelled).getByText('Gỡ')).toBeTruthy();
    expect(within(cancelled).getByText('Đã huỷ')).toBeTruthy();
    expect(within(cancelled).getByText('Huỷ lúc 30/04/2024 | 09:30')).toBeTruthy();
    expect(within(done).queryAllByRole('button')).toHaveLength(0);
  });

  it('words every step and portal status in Vietnamese', () => {
    const steps = ['submit', 'approve', 'schedule', 'publish', 'withdraw', 'reopen', 'request_changes', 'edit'];
    expect(steps.map(reasonName)).toEqual([
      'Gửi duyệt',
      'Duyệt',
      'Hẹn giờ đăng',
      'Đăng',
      'Gỡ',
      'Mở lại',
      'Yêu cầu sửa',
      'Sửa',
    ]);
    expect(['publish', 'pending', 'future', 'draft'].map(remoteName)).toEqual([
      'đã đăng',
      'chờ duyệt',
      'hẹn giờ đăng',
      'bản nháp',
    ]);
    expect(reasonName('something_new')).toBe('something_new');
  });

  it('"Thử lại" sends the entry again and the list and the count follow', async () => {
    seed();
    await openSync();
    await fireEvent.click(
      screen.getByRole('button', { name: 'Thử lại «Hội nghị tổng kết công tác năm 2019» (Duyệt)' }),
    );
    await waitFor(() => expect(fake.callsOf('sync_retry')).toHaveLength(1));
    expect(fake.callsOf('sync_retry')[0].args).toEqual({ id: 1 });
    expect(await screen.findByText('«Hội nghị tổng kết công tác năm 2019» sẽ được gửi lại ngay.')).toBeTruthy();
    const entry = row(openList(), 'Hội nghị tổng kết công tác năm 2019');
    await waitFor(() => expect(within(entry).getByText('Chờ gửi')).toBeTruthy());
    expect(within(entry).queryByRole('button', { name: /^Thử lại/ })).toBeNull();
    expect(nav().getByRole('button', { name: 'Đồng bộ (1 mục cần xử lý)' })).toBeTruthy();
    expect(summary().textContent).toContain('Còn 2 mục chờ gửi.');
  });

  it('"Huỷ" asks first, then cancels the entry, which moves to the finished ones', async () => {
    seed();
    await openSync();
    await fireEvent.click(screen.getByRole('button', { name: 'Huỷ «Thông báo lịch tiếp công dân» (Sửa)' }));
    const entry = row(openList(), 'Thông báo lịch tiếp công dân');
    expect(within(entry).getByText('Không gửi thay đổi này lên cổng nữa? Bài trên máy vẫn giữ nguyên.')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Có, huỷ gửi');
    await fireEvent.click(within(entry).getByRole('button', { name: 'Thôi' }));
    expect(fake.callsOf('sync_cancel')).toHaveLength(0);
    expect(within(entry).queryByText(/Không gửi thay đổi này/)).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Huỷ «Thông báo lịch tiếp công dân» (Sửa)' }));
    await fireEvent.click(within(entry).getByRole('button', { name: 'Có, huỷ gửi' }));
    await waitFor(() => expect(fake.callsOf('sync_cancel')).toHaveLength(1));
    expect(fake.callsOf('sync_cancel')[0].args).toEqual({ id: 3 });
    expect(await screen.findByText('Đã huỷ gửi «Thông báo lịch tiếp công dân».')).toBeTruthy();
    await waitFor(() => expect(openList().textContent).not.toContain('Thông báo lịch tiếp công dân'));
    expect(within(row(doneList(), 'Thông báo lịch tiếp công dân')).getByText('Đã huỷ')).toBeTruthy();
    expect(nav().getByRole('button', { name: 'Đồng bộ (1 mục cần xử lý)' })).toBeTruthy();
  });

  it('shows the core\'s refusal when an entry can no longer be cancelled', async () => {
    seed();
    await openSync();
    // Meanwhile the sender took it.
    fake.sync.entries[1].state = 'sending';
    const cancel = 'Huỷ «Ngày hội đại đoàn kết toàn dân tộc» (Hẹn giờ đăng)';
    await fireEvent.click(screen.getByRole('button', { name: cancel }));
    await fireEvent.click(screen.getByRole('button', { name: 'Có, huỷ gửi' }));
    expect(await screen.findByText('Mục gửi số 2 đang được gửi hoặc đã xong nên không huỷ được.')).toBeTruthy();
    const entry = row(openList(), 'Ngày hội đại đoàn kết toàn dân tộc');
    await waitFor(() => expect(within(entry).getByText('Đang gửi')).toBeTruthy());
    expect(within(entry).queryByRole('button')).toBeNull();
  });

  it('"Gửi ngay" sends, says so while sending, then what happened to each item', async () => {
    fake.portal.url = PORTAL;
    fake.sync.add({ title: 'Hội nghị tổng kết công tác năm 2019', item: { kind: 'post', id: 1 }, reason: 'publish' });
    fake.sync.add({ title: 'Ngày hội đại đoàn kết toàn dân tộc', item: { kind: 'album', id: 3 }, reason: 'schedule' });
    fake.sync.add({ title: 'Thông báo lịch tiếp công dân', item: { kind: 'post', id: 2 }, reason: 'submit' });
    fake.sync.add({ title: 'Lịch trực Tết', item: { kind: 'post', id: 7 }, reason: 'approve' });
    fake.sync.runResult = [
      {
        item: { kind: 'post', id: 1 },
        title: 'Hội nghị tổng kết công tác năm 2019',
        outcome: 'sent',
        remote_status: 'publish',
        link: `${PORTAL}/2024/05/hoi-nghi-tong-ket/`,
        error: null,
      },
      {
        item: { kind: 'album', id: 3 },
        title: 'Ngày hội đại đoàn kết toàn dân tộc',
        outcome: 'sent',
        remote_status: 'future',
        link: null,
        error: null,
      },
      {
        item: { kind: 'post', id: 2 },
        title: 'Thông báo lịch tiếp công dân',
        outcome: 'sent',
        remote_status: 'pending',
        link: null,
        error: null,
      },
      {
        item: { kind: 'post', id: 7 },
        title: 'Lịch trực Tết',
        outcome: 'failed',
        remote_status: null,
        link: null,
        error: { code: 'portal_wrong_password', message: WRONG_PASSWORD },
      },
    ];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    vi.mocked(invoke).mockImplementation(async (cmd, args) => {
      if (cmd === 'sync_run') await gate;
      return fake.invoke(cmd, args as Record<string, unknown>) as never;
    });
    await openSync();
    expect(summary().textContent).toContain('Còn 4 mục chờ gửi.');

    await fireEvent.click(screen.getByRole('button', { name: 'Gửi ngay' }));
    const sending = screen.getByRole('button', { name: 'Đang gửi…' }) as HTMLButtonElement;
    expect(sending.disabled).toBe(true);
    open();

    const report = await screen.findByRole('list', { name: 'Kết quả lần gửi vừa rồi' });
    expect(screen.getByRole('button', { name: 'Gửi ngay' })).toBeTruthy();
    const published = row(report, 'Hội nghị tổng kết công tác năm 2019');
    expect(within(published).getByText('Đã gửi; trên cổng: đã đăng.')).toBeTruthy();
    expect(published.textContent).toContain(`Xem trên cổng: ${PORTAL}/2024/05/hoi-nghi-tong-ket/`);
    // The address is text: the window does not navigate to the portal.
    expect(within(report).queryAllByRole('link')).toHaveLength(0);
    expect(within(row(report, 'Ngày hội đại đoàn kết toàn dân tộc')).getByText('Đã gửi; trên cổng: hẹn giờ đăng.'));
    expect(row(report, 'Ngày hội đại đoàn kết toàn dân tộc').textContent).toContain('Album ảnh');
    expect(within(row(report, 'Thông báo lịch tiếp công dân')).getByText('Đã gửi; trên cổng: chờ duyệt.'));
    const failed = row(report, 'Lịch trực Tết');
    expect(within(failed).getByText('Gửi lỗi.')).toBeTruthy();
    expect(within(failed).getByText(WRONG_PASSWORD)).toBeTruthy();

    // The list follows: three sent, one failed.
    await waitFor(() => expect(within(openList()).getAllByRole('listitem')).toHaveLength(1));
    expect(within(row(openList(), 'Lịch trực Tết')).getByText('Lỗi')).toBeTruthy();
    expect(within(doneList()).getAllByRole('listitem')).toHaveLength(3);
    expect(summary().textContent?.trim()).toBe('1 mục gửi lỗi cần xử lý.');
    expect(nav().getByRole('button', { name: 'Đồng bộ (1 mục cần xử lý)' })).toBeTruthy();
  });

  it('"Gửi ngay" also tells what came from the portal, and the review count follows', async () => {
    fake.addUser('minh', 'Trần Văn Minh', ['supervisor'], 'mật khẩu');
    fake.signIn('minh');
    fake.portal.url = PORTAL;
    fake.sync.runReceived = [
      {
        item: { kind: 'post', id: 40 },
        title: 'Tin từ phường bạn',
        outcome: 'received',
        remote_status: 'pending',
        link: `${PORTAL}/?p=812`,
        error: null,
      },
      {
        item: { kind: 'post', id: 1 },
        title: 'Hội nghị tổng kết công tác năm 2019',
        outcome: 'published_elsewhere',
        remote_status: 'publish',
        link: `${PORTAL}/2024/05/hoi-nghi-tong-ket/`,
        error: null,
      },
    ];
    await openSync();
    await waitFor(() => expect(fake.callsOf('review_counts')).toHaveLength(1));
    await fireEvent.click(screen.getByRole('button', { name: 'Gửi ngay' }));
    const received = await screen.findByRole('list', { name: 'Nhận từ cổng' });
    const fromAnotherPc = row(received, 'Tin từ phường bạn');
    expect(within(fromAnotherPc).getByText('Bài do máy khác gửi duyệt; đã có trong phần Duyệt bài.')).toBeTruthy();
    expect(within(row(received, 'Hội nghị tổng kết')).getByText('Đã được duyệt và đăng ở nơi khác.')).toBeTruthy();
    expect(screen.getByText('Không có mục nào cần gửi.')).toBeTruthy();
    await waitFor(() => expect(fake.callsOf('review_counts')).toHaveLength(2));
  });

  it('"Gửi ngay" with nothing to send says so', async () => {
    fake.portal.url = PORTAL;
    await openSync();
    await fireEvent.click(screen.getByRole('button', { name: 'Gửi ngay' }));
    expect(await screen.findByText('Không có mục nào cần gửi.')).toBeTruthy();
    expect(fake.callsOf('sync_run')).toHaveLength(1);
    expect(screen.queryByRole('list', { name: 'Nhận từ cổng' })).toBeNull();
  });

  it('without a portal address, points to Cài đặt → Cổng thông tin', async () => {
    fake.sync.add({ title: 'Hội nghị tổng kết công tác năm 2019' });
    await openSync();
    await fireEvent.click(screen.getByRole('button', { name: 'Gửi ngay' }));
    expect(
      await screen.findByText(
        'Chưa gửi được: máy này chưa có địa chỉ cổng thông tin. Hãy nhập địa chỉ ở Cài đặt → Cổng thông tin.',
      ),
    ).toBeTruthy();
    // Nothing failed: the entry still waits.
    expect(within(row(openList(), 'Hội nghị tổng kết công tác năm 2019')).getByText('Chờ gửi')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Mở Cài đặt → Cổng thông tin' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Cài đặt' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Cổng thông tin' })).toBeTruthy();
  });

  it('shows the core\'s message when a run cannot start for another reason', async () => {
    fake.portal.url = PORTAL;
    fake.sync.runResult = { code: 'store_busy', message: 'Kho dữ liệu đang bận, hãy thử lại sau ít phút.' };
    await openSync();
    await fireEvent.click(screen.getByRole('button', { name: 'Gửi ngay' }));
    expect(await screen.findByText('Kho dữ liệu đang bận, hãy thử lại sau ít phút.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Mở Cài đặt → Cổng thông tin' })).toBeNull();
  });

  it('reads the list again when the background sender tells of a change', async () => {
    await openSync();
    await waitFor(() => expect(fake.listenerCount('sync-changed')).toBeGreaterThanOrEqual(2));
    const reads = fake.callsOf('sync_status').length;
    fake.sync.add({ title: 'Lịch trực Tết', reason: 'submit', user: 'Nguyễn Thị Lan' });
    fake.sync.add({ title: 'Bài bị từ chối', item: { kind: 'post', id: 9 }, state: 'failed', error: WRONG_PASSWORD });
    fake.emit('sync-changed', fake.sync.counts());
    const entry = row(await screen.findByRole('list', { name: 'Hàng chờ gửi' }), 'Lịch trực Tết');
    expect(within(entry).getByText('Gửi duyệt')).toBeTruthy();
    expect(fake.callsOf('sync_status').length).toBeGreaterThan(reads);
    expect(summary().textContent).toContain('Còn 1 mục chờ gửi.');
    expect(nav().getByRole('button', { name: 'Đồng bộ (1 mục cần xử lý)' })).toBeTruthy();
  });

  it('stops listening when the area is left', async () => {
    await openSync();
    await waitFor(() => expect(fake.listenerCount('sync-changed')).toBe(2));
    await fireEvent.click(nav().getByRole('button', { name: 'Bài viết' }));
    await waitFor(() => expect(fake.listenerCount('sync-changed')).toBe(1));
  });
});

describe('the navigation count', () => {
  it('shows the entries that need a person on "Đồng bộ", and follows the sender', async () => {
    seed();
    render(App);
    const button = await nav().findByRole('button', { name: 'Đồng bộ (2 mục cần xử lý)' });
    expect(button.textContent).toBe('Đồng bộ2');
    await waitFor(() => expect(fake.listenerCount('sync-changed')).toBe(1));

    fake.emit('sync-changed', { waiting: 3, sending: 0, failed: 0, conflict: 1 });
    expect(await nav().findByRole('button', { name: 'Đồng bộ (1 mục cần xử lý)' })).toBeTruthy();
    fake.emit('sync-changed', { waiting: 0, sending: 0, failed: 0, conflict: 0 });
    const plain = await nav().findByRole('button', { name: 'Đồng bộ' });
    expect(plain.textContent).toBe('Đồng bộ');
    expect(plain.getAttribute('aria-label')).toBeNull();
  });

  it('shows no count while nothing needs a person', async () => {
    fake.sync.add({ title: 'Hội nghị tổng kết công tác năm 2019' });
    render(App);
    await waitFor(() => expect(fake.callsOf('sync_status')).toHaveLength(1));
    expect(nav().getByRole('button', { name: 'Đồng bộ' }).textContent).toBe('Đồng bộ');
  });
});
