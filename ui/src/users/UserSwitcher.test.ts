import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import { FakeBackend, SAMPLE_POST } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import type { Post } from '../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** An editor, a photographer and a supervisor (protected by "mật-khẩu-đúng"). */
function newsroom() {
  const lan = fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
  const hung = fake.addUser('hung', 'Phạm Văn Hùng', ['photographer', 'editor']);
  const truong = fake.addUser('truong', 'Trần Văn Trưởng', ['supervisor'], 'mật-khẩu-đúng');
  return { lan, hung, truong };
}

function post(id: number, fields: Partial<Post>): Post {
  return { ...structuredClone(SAMPLE_POST), id, title: `Bài ${id}`, is_sample: false, ...fields };
}

async function openPanel() {
  await fireEvent.click(await screen.findByRole('button', { name: /Chọn người dùng|Đổi người dùng/ }));
  return screen.getByRole('group', { name: 'Các hồ sơ người dùng' });
}

describe('user switcher', () => {
  it('with no profiles, the app works as before and offers to create one in Settings', async () => {
    render(App);
    const create = await screen.findByRole('button', { name: 'Tạo hồ sơ người dùng' });
    expect(screen.queryByText('Chưa chọn người dùng')).toBeNull();
    expect(screen.queryByText('Chọn người dùng để gửi và duyệt bài')).toBeNull();
    // The editor has no review bar.
    await fireEvent.click(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
    await screen.findByLabelText('Tiêu đề');
    expect(screen.queryByRole('region', { name: 'Trạng thái duyệt bài' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Gửi duyệt' })).toBeNull();

    await fireEvent.click(create);
    expect(await screen.findByRole('heading', { level: 2, name: 'Hồ sơ người dùng' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cài đặt' }).getAttribute('aria-current')).toBe('page');
  });

  it('asks to choose a user when profiles exist, and switches to an unprotected one at once', async () => {
    newsroom();
    render(App);
    expect(await screen.findByText('Chưa chọn người dùng')).toBeTruthy();
    expect(screen.getByText('Chọn người dùng để gửi và duyệt bài')).toBeTruthy();

    const panel = await openPanel();
    const lan = within(panel).getByRole('button', { name: /Nguyễn Thị Lan/ });
    expect(lan.textContent).toContain('Biên tập viên');
    expect(within(panel).getByRole('button', { name: /Phạm Văn Hùng/ }).textContent).toContain(
      'Biên tập viên, Phóng viên ảnh',
    );
    expect(within(panel).getByRole('button', { name: /Trần Văn Trưởng/ }).textContent).toContain(
      'Lãnh đạo duyệt bài · có mật khẩu',
    );

    await fireEvent.click(lan);
    expect(await screen.findByText('Đang dùng: Nguyễn Thị Lan')).toBeTruthy();
    expect(fake.callsOf('user_switch').at(-1)!.args).toEqual({ name: 'lan', password: null });
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Các hồ sơ người dùng' })).toBeNull());
    expect(screen.queryByText('Chọn người dùng để gửi và duyệt bài')).toBeNull();
  });

  it('asks for the password of a protected profile, shows the core\'s message when wrong, and clears it', async () => {
    newsroom();
    render(App);
    const panel = await openPanel();
    await fireEvent.click(within(panel).getByRole('button', { name: /Trần Văn Trưởng/ }));
    expect(fake.callsOf('user_switch')).toHaveLength(0);

    const field = within(panel).getByLabelText('Mật khẩu của Trần Văn Trưởng') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(document.activeElement).toBe(field);
    await fireEvent.input(field, { target: { value: 'mật-khẩu-sai' } });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Dùng hồ sơ này' }));

    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toContain('Mật khẩu của hồ sơ «truong» không đúng');
    expect(field.value).toBe('');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Chưa chọn người dùng')).toBeTruthy();
    expect(fake.actor).toBeNull();

    await fireEvent.input(field, { target: { value: 'mật-khẩu-đúng' } });
    await fireEvent.submit(field.closest('form')!);
    expect(await screen.findByText('Đang dùng: Trần Văn Trưởng')).toBeTruthy();
    expect(fake.callsOf('user_switch').map((c) => c.args)).toEqual([
      { name: 'truong', password: 'mật-khẩu-sai' },
      { name: 'truong', password: 'mật-khẩu-đúng' },
    ]);
    // Nothing of the password stays in the page.
    await waitFor(() => expect(screen.queryByLabelText('Mật khẩu của Trần Văn Trưởng')).toBeNull());
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);
  });

  it('signs out', async () => {
    newsroom();
    fake.signIn('lan');
    render(App);
    expect(await screen.findByText('Đang dùng: Nguyễn Thị Lan')).toBeTruthy();
    const panel = await openPanel();
    expect(within(panel).getByRole('button', { name: /Nguyễn Thị Lan/ }).getAttribute('aria-current')).toBe('true');
    await fireEvent.click(within(panel).getByRole('button', { name: 'Đăng xuất' }));
    expect(await screen.findByText('Chưa chọn người dùng')).toBeTruthy();
    expect(fake.callsOf('user_sign_out')).toHaveLength(1);
    expect(fake.actor).toBeNull();
  });

  it('Escape closes the panel and gives the focus back', async () => {
    newsroom();
    render(App);
    const panel = await openPanel();
    await fireEvent.keyDown(within(panel).getByRole('button', { name: /Nguyễn Thị Lan/ }), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Các hồ sơ người dùng' })).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Chọn người dùng' })),
    );
  });
});

describe('counts in the navigation', () => {
  const navButton = (name: RegExp) => within(screen.getByRole('navigation')).getByRole('button', { name });

  it('shows what waits for a supervisor on "Duyệt bài", with an accessible name', async () => {
    const { lan } = newsroom();
    for (const id of [11, 12, 13]) fake.posts.set(id, post(id, { state: 'submitted', author_id: lan.id }));
    fake.posts.set(14, post(14, { state: 'submitted', author_id: lan.id, deleted_at: '2024-05-01T00:00:00Z' }));
    fake.signIn('truong');
    render(App);
    const review = await waitFor(() => navButton(/^Duyệt bài \(3 mục chờ duyệt\)$/));
    expect(review.querySelector('.nav-count')!.textContent).toBe('3');
    expect(review.querySelector('.nav-count')!.getAttribute('aria-hidden')).toBe('true');
    expect(navButton(/^Bài viết$/)).toBeTruthy();
  });

  it('shows the posts returned to me on "Bài viết", and follows a switch of user', async () => {
    const { lan } = newsroom();
    fake.posts.set(11, post(11, { state: 'changes_requested', author_id: lan.id }));
    fake.posts.set(12, post(12, { state: 'submitted', author_id: lan.id }));
    fake.signIn('lan');
    render(App);
    await waitFor(() => navButton(/^Bài viết \(1 bài cần sửa\)$/));
    expect(navButton(/^Duyệt bài$/)).toBeTruthy();

    const panel = await openPanel();
    await fireEvent.click(within(panel).getByRole('button', { name: /Phạm Văn Hùng/ }));
    await waitFor(() => navButton(/^Bài viết$/));
    expect(navButton(/^Duyệt bài$/)).toBeTruthy();
  });

  it('shows a photographer\'s albums sent back on "Album ảnh", not on "Bài viết"', async () => {
    const { hung } = newsroom();
    const album = fake.addAlbum({ title: 'Lễ khai giảng' });
    fake.reviewing.put({ kind: 'album', id: album.id }, { state: 'changes_requested', author_id: hung.id });
    fake.signIn('hung');
    render(App);
    await waitFor(() => navButton(/^Album ảnh \(1 album cần sửa\)$/));
    expect(navButton(/^Bài viết$/)).toBeTruthy();
  });

  it('reads the counts again every minute', async () => {
    const { lan } = newsroom();
    fake.signIn('truong');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    render(App);
    await vi.waitFor(() => expect(fake.callsOf('review_counts')).toHaveLength(1));
    fake.posts.set(11, post(11, { state: 'submitted', author_id: lan.id }));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(fake.callsOf('review_counts')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    vi.useRealTimers();
    await waitFor(() => navButton(/^Duyệt bài \(1 mục chờ duyệt\)$/));
    expect(fake.callsOf('review_counts')).toHaveLength(2);
  });
});

describe('profiles in Settings', () => {
  async function openProfiles() {
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
    return screen.getByRole('heading', { level: 2, name: 'Hồ sơ người dùng' }).closest('section')!;
  }

  it('adds a profile on the first setup, and lists it with its roles', async () => {
    const section = await openProfiles();
    expect(await within(section).findByText(/Chưa có hồ sơ nào/)).toBeTruthy();
    await fireEvent.input(within(section).getByLabelText('Tên đăng nhập'), { target: { value: 'lan' } });
    await fireEvent.input(within(section).getByLabelText('Tên hiển thị'), { target: { value: 'Nguyễn Thị Lan' } });
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'Biên tập viên' }));
    await fireEvent.click(within(section).getByRole('button', { name: 'Thêm hồ sơ' }));

    expect((await within(section).findByRole('status')).textContent).toBe('Đã thêm hồ sơ «Nguyễn Thị Lan».');
    expect(fake.callsOf('user_add')[0].args).toEqual({
      name: 'lan',
      displayName: 'Nguyễn Thị Lan',
      roles: ['editor'],
      password: null,
    });
    const table = await within(section).findByRole('table', { name: 'Danh sách hồ sơ người dùng' });
    const row = within(table).getByRole('row', { name: /Nguyễn Thị Lan/ });
    expect(within(row).getByText('Biên tập viên')).toBeTruthy();
    expect(within(row).getByText('Không')).toBeTruthy();
    expect((within(section).getByLabelText('Tên đăng nhập') as HTMLInputElement).value).toBe('');
    // The switcher now asks to choose a user.
    expect(await screen.findByText('Chọn người dùng để gửi và duyệt bài')).toBeTruthy();
  });

  it('shows the core\'s refusal of a supervisor without a password', async () => {
    const section = await openProfiles();
    await fireEvent.input(within(section).getByLabelText('Tên đăng nhập'), { target: { value: 'truong' } });
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'Lãnh đạo duyệt bài' }));
    await fireEvent.click(within(section).getByRole('button', { name: 'Thêm hồ sơ' }));

    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('Hồ sơ người duyệt phải có mật khẩu');
    expect(fake.callsOf('user_add')[0].args).toMatchObject({ roles: ['supervisor'], password: null });
    expect(fake.users).toHaveLength(0);
  });

  it('checks that the two passwords match before sending, and sends a supervisor with one', async () => {
    const section = await openProfiles();
    await fireEvent.input(within(section).getByLabelText('Tên đăng nhập'), { target: { value: 'truong' } });
    await fireEvent.input(within(section).getByLabelText('Tên hiển thị'), { target: { value: 'Trần Văn Trưởng' } });
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'Lãnh đạo duyệt bài' }));
    const password = within(section).getByLabelText('Mật khẩu') as HTMLInputElement;
    const again = within(section).getByLabelText('Nhập lại mật khẩu') as HTMLInputElement;
    await fireEvent.input(password, { target: { value: 'bí-mật' } });
    await fireEvent.input(again, { target: { value: 'bí-mậT' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Thêm hồ sơ' }));
    expect((await within(section).findByRole('alert')).textContent).toContain('Hai lần nhập mật khẩu không giống nhau');
    expect(fake.callsOf('user_add')).toHaveLength(0);
    expect(password.value).toBe('');

    await fireEvent.input(password, { target: { value: 'bí-mật' } });
    await fireEvent.input(again, { target: { value: 'bí-mật' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Thêm hồ sơ' }));
    await within(section).findByRole('status');
    expect(fake.callsOf('user_add')[0].args).toMatchObject({ roles: ['supervisor'], password: 'bí-mật' });
    expect(fake.users[0].protected).toBe(true);
    expect(password.value).toBe('');
    // Now only a supervisor may add profiles.
    expect(await within(section).findByText(/chỉ lãnh đạo duyệt bài mới thêm được hồ sơ/)).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Thêm hồ sơ' })).toBeNull();
  });
});
