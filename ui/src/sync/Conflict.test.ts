import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import App from '../App.svelte';
import { FakeBackend, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const OFFLINE =
  'Không kết nối được tới cổng thông tin (dns error). Hãy kiểm tra mạng; bài vẫn được giữ trên máy và sẽ tự gửi khi có mạng.';
const CONFLICT =
  'Bài trên cổng thông tin đã bị sửa ở nơi khác từ lần đồng bộ trước, nên chưa gửi gì để khỏi ghi đè. Hãy mở mục xung đột để so sánh và chọn: giữ bản của mình, lấy bản trên cổng, hoặc tự gộp.';
const NO_CONFLICT = 'Không còn xung đột nào ở mục này (có thể đã được giải quyết ở cửa sổ khác).';
const TITLE = SAMPLE_POST.title;
const COMPARE = `So sánh hai bản của «${TITLE}» (Sửa)`;

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(cleanup);

/** The sample post's edit in conflict with the portal's copy (a ward where the post says commune,
 * and another title), and an album schedule waiting after a network failure. */
function seed() {
  fake.sync.add({
    title: TITLE,
    item: { kind: 'post', id: SAMPLE_POST.id },
    reason: 'edit',
    user: 'Nguyễn Thị Lan',
    created_at: '2024-05-02T03:05:00Z',
    state: 'conflict',
    attempts: 1,
    error_code: 'portal_conflict',
    error: CONFLICT,
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
  fake.sync.addConflict({ portal_title: 'Hội nghị tổng kết công tác năm 2019 của phường' });
}

const nav = () => within(screen.getByRole('navigation'));
const openList = () => screen.getByRole('list', { name: 'Hàng chờ gửi' });

/** The row of the list whose title is `title`. */
function row(list: HTMLElement, title: string): HTMLElement {
  const found = within(list)
    .getAllByRole('listitem')
    .find((li) => li.textContent?.includes(title));
  if (!found) throw new Error(`no row for ${title}`);
  return found;
}

async function openSync() {
  render(App);
  await fireEvent.click(nav().getByRole('button', { name: /^Đồng bộ/ }));
  expect(await screen.findByRole('heading', { level: 1, name: 'Đồng bộ' })).toBeTruthy();
  await waitFor(() => expect(screen.queryByText('Đang tải…')).toBeNull());
}

/** Opens "So sánh hai bản" of the sample post (from its button, which has the focus). */
async function openConflict() {
  await openSync();
  const button = await screen.findByRole('button', { name: COMPARE });
  button.focus();
  await fireEvent.click(button);
  const dialog = await screen.findByRole('dialog', { name: `So sánh hai bản: «${TITLE}»` });
  await waitFor(() => expect(within(dialog).queryByText('Đang tải…')).toBeNull());
  return dialog;
}

const status = () => document.querySelector<HTMLElement>('.sync-done')!;

describe('a conflict', () => {
  it('shows when the portal copy changed, both titles and the word diff, with what the colours mean', async () => {
    seed();
    const dialog = await openConflict();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { level: 2 }));
    expect(fake.callsOf('sync_conflict')[0].args).toEqual({ item: { kind: 'post', id: SAMPLE_POST.id } });

    // Vietnam time (UTC+7).
    expect(within(dialog).getByText('Bản trên cổng được sửa lúc 02/05/2024 | 09:40')).toBeTruthy();
    expect(within(dialog).getByText('Phát hiện xung đột lúc 02/05/2024 | 10:07')).toBeTruthy();
    expect(within(dialog).getByText('Tiêu đề trên máy này').nextElementSibling?.textContent).toBe(TITLE);
    expect(within(dialog).getByText('Tiêu đề trên cổng').nextElementSibling?.textContent).toBe(
      'Hội nghị tổng kết công tác năm 2019 của phường',
    );

    const diff = within(dialog).getByLabelText('Khác nhau giữa bản trên máy và bản trên cổng');
    expect(diff.textContent).toBe('Sáng 16/1, Ủy ban nhân dân xãphường tổ chức hội nghị tổng kết.');
    expect(diff.querySelector('del')?.textContent).toBe('xã');
    expect(diff.querySelector('ins')?.textContent).toBe('phường');
    const legend = dialog.querySelector('.conflict-legend')!;
    expect(legend.textContent).toContain('chữ gạch ngang, nền đỏ: chỉ có trong bản trên máy này');
    expect(legend.textContent).toContain('chữ nền xanh: chỉ có trong bản trên cổng');

    expect(within(dialog).getByRole('button', { name: 'Giữ bản của tôi' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Lấy bản trên cổng' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Tự gộp' })).toBeTruthy();

    // Escape closes it; the focus goes back to its button.
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: COMPARE }));
    expect(fake.callsOf('sync_resolve')).toHaveLength(0);
  });

  it('does not show the titles when they are the same', async () => {
    seed();
    fake.sync.addConflict();
    const dialog = await openConflict();
    expect(within(dialog).queryByText('Tiêu đề trên cổng')).toBeNull();
    expect(within(dialog).getByLabelText('Khác nhau giữa bản trên máy và bản trên cổng')).toBeTruthy();
  });

  it('"Giữ bản của tôi" sends this computer\'s version: the entry waits again and a status says so', async () => {
    seed();
    const dialog = await openConflict();
    const reads = fake.callsOf('sync_status').length;
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Giữ bản của tôi' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsOf('sync_resolve').map((c) => c.args)).toEqual([
      { item: { kind: 'post', id: SAMPLE_POST.id }, choice: 'keep_mine' },
    ]);
    expect(fake.callsOf('sync_status').length).toBeGreaterThan(reads);
    expect(status().getAttribute('role')).toBe('status');
    expect(status().textContent).toBe(`Bản trên máy này của «${TITLE}» sẽ được gửi lên cổng, thay cho bản trên cổng.`);
    const entry = row(openList(), TITLE);
    expect(within(entry).getByText('Chờ gửi')).toBeTruthy();
    expect(within(entry).queryByRole('button', { name: COMPARE })).toBeNull();
    expect(within(entry).queryByText(CONFLICT)).toBeNull();
    // Its button is gone: the focus goes to the heading.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Đồng bộ' })),
    );
    expect(nav().getByRole('button', { name: 'Đồng bộ' })).toBeTruthy();
  });

  it('"Lấy bản trên cổng" asks first, then replaces the local post and the entry is done', async () => {
    fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
    fake.signIn('lan');
    seed();
    const dialog = await openConflict();
    const take = within(dialog).getByRole('button', { name: 'Lấy bản trên cổng' });
    await fireEvent.click(take);
    const question = within(dialog).getByRole('group', {
      name: 'Tiêu đề, sapo và nội dung bài trên máy này sẽ được thay bằng bản trên cổng. Nếu bài đã được duyệt, bài sẽ phải được duyệt lại. Lấy bản trên cổng?',
    });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Thôi' }));
    await fireEvent.click(within(question).getByRole('button', { name: 'Thôi' }));
    expect(fake.callsOf('sync_resolve')).toHaveLength(0);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Lấy bản trên cổng' }));

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Lấy bản trên cổng' }));
    await waitFor(() => expect(fake.callsOf('review_counts')).toHaveLength(1));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Có, lấy bản trên cổng' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsOf('sync_resolve').map((c) => c.args)).toEqual([
      { item: { kind: 'post', id: SAMPLE_POST.id }, choice: 'take_theirs' },
    ]);
    expect(status().textContent).toBe(
      `«${TITLE}» trên máy này đã được thay bằng bản trên cổng. Nếu bài đã được duyệt, bài cần được duyệt lại.`,
    );
    expect(fake.posts.get(SAMPLE_POST.id)!.title).toBe('Hội nghị tổng kết công tác năm 2019 của phường');
    // Nothing is left to send: the entry is among the finished ones.
    expect(openList().textContent).not.toContain(TITLE);
    const done = screen.getByRole('list', { name: 'Đã gửi gần đây' });
    expect(within(row(done, TITLE)).getByText('Đã huỷ')).toBeTruthy();
    // An approved post goes back to review: the counts are read again.
    await waitFor(() => expect(fake.callsOf('review_counts')).toHaveLength(2));
  });

  it('"Tự gộp" opens the post in the editor and says how to finish', async () => {
    seed();
    const dialog = await openConflict();
    expect(within(dialog).getByRole('button', { name: 'Tự gộp' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(
      within(dialog).getByText(
        'Mở bài để tự sửa, lấy những chỗ cần giữ từ bản trên cổng. Sửa xong, quay lại Đồng bộ và bấm «Giữ bản của tôi».',
      ),
    ).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Tự gộp' }));

    const title = (await screen.findByLabelText('Tiêu đề')) as HTMLTextAreaElement;
    expect(title.value).toBe(TITLE);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(nav().getByRole('button', { name: 'Bài viết' }).getAttribute('aria-current')).toBe('page');
    expect(fake.callsOf('post_get').at(-1)?.args).toEqual({ id: SAMPLE_POST.id });
    expect(
      screen.getByText(
        `Đang tự gộp «${TITLE}» với bản trên cổng. Sửa xong, hãy quay lại Đồng bộ, mở «So sánh hai bản» và bấm «Giữ bản của tôi» để gửi bản đã gộp lên cổng.`,
      ),
    ).toBeTruthy();
    // Nothing is settled yet.
    expect(fake.callsOf('sync_resolve')).toHaveLength(0);
    expect(fake.sync.entries[0].state).toBe('conflict');
  });

  it('shows the core\'s no_conflict as an alert when it was settled elsewhere', async () => {
    seed();
    const dialog = await openConflict();
    // Meanwhile another window kept its version.
    fake.sync.conflicts.clear();
    fake.sync.entries[0].state = 'waiting';
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Giữ bản của tôi' }));

    const alert = await within(dialog).findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe(NO_CONFLICT));
    expect(within(dialog).queryByRole('button', { name: 'Giữ bản của tôi' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Lấy bản trên cổng' })).toBeNull();
    // The list follows.
    await waitFor(() => expect(within(row(openList(), TITLE)).getByText('Chờ gửi')).toBeTruthy());
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Đóng' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when the conflict is already gone as it opens', async () => {
    seed();
    fake.sync.conflicts.clear();
    const dialog = await openConflict();
    expect(within(dialog).getByText(NO_CONFLICT)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Giữ bản của tôi' })).toBeNull();
  });

  it('shows the core\'s message when the versions cannot be read', async () => {
    seed();
    fake.failures.set('sync_conflict', { code: 'store_busy', message: 'Kho dữ liệu đang bận, hãy thử lại sau ít phút.' });
    const dialog = await openConflict();
    expect(within(dialog).getByRole('alert').textContent).toBe('Kho dữ liệu đang bận, hãy thử lại sau ít phút.');
    expect(within(dialog).queryByRole('button', { name: 'Giữ bản của tôi' })).toBeNull();
  });

  it('an album in conflict can only be kept: the window does not compare albums', async () => {
    fake.sync.add({
      title: 'Ngày hội đại đoàn kết toàn dân tộc',
      item: { kind: 'album', id: 3 },
      reason: 'edit',
      state: 'conflict',
      attempts: 1,
      error: CONFLICT,
    });
    fake.sync.addConflict({ item: { kind: 'album', id: 3 } });
    await openSync();
    await fireEvent.click(
      screen.getByRole('button', { name: 'So sánh hai bản của «Ngày hội đại đoàn kết toàn dân tộc» (Sửa)' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Cửa sổ chưa so sánh được hai bản của một album/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Lấy bản trên cổng' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Tự gộp' })).toBeNull();
    expect(fake.callsOf('sync_conflict')).toHaveLength(0);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Giữ bản của tôi' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.callsOf('sync_resolve')[0].args).toEqual({ item: { kind: 'album', id: 3 }, choice: 'keep_mine' });
    expect(within(row(openList(), 'Ngày hội đại đoàn kết toàn dân tộc')).getByText('Chờ gửi')).toBeTruthy();
  });
});

describe('"Thử lại" on an entry waiting after a failure', () => {
  it('sends it again at once; the old error and the retry time no longer show', async () => {
    seed();
    await openSync();
    const name = 'Thử lại «Ngày hội đại đoàn kết toàn dân tộc» (Hẹn giờ đăng)';
    let entry = row(openList(), 'Ngày hội đại đoàn kết toàn dân tộc');
    expect(within(entry).getByText(OFFLINE)).toBeTruthy();
    expect(within(entry).getByText('Đã thử 2 lần, thử lại lúc 02/05/2024 | 10:10')).toBeTruthy();

    await fireEvent.click(within(entry).getByRole('button', { name }));
    await waitFor(() => expect(fake.callsOf('sync_retry')).toHaveLength(1));
    expect(fake.callsOf('sync_retry')[0].args).toEqual({ id: 2 });
    expect(await screen.findByText('«Ngày hội đại đoàn kết toàn dân tộc» sẽ được gửi lại ngay.')).toBeTruthy();
    entry = row(openList(), 'Ngày hội đại đoàn kết toàn dân tộc');
    await waitFor(() => expect(within(entry).queryByText(OFFLINE)).toBeNull());
    expect(within(entry).getByText('Đã thử 2 lần')).toBeTruthy();
    expect(within(entry).getByText('Chờ gửi')).toBeTruthy();
    expect(within(entry).queryByRole('button', { name })).toBeNull();
  });
});
