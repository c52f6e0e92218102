import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import { FakeBackend } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
  fake.addUser('minh', 'Trần Minh', ['editor']);
  fake.addUser('truong', 'Trần Văn Trưởng', ['supervisor'], 'mật-khẩu-đúng');
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(cleanup);

/** Settings → Hồ sơ người dùng, as profile `name`. */
async function openProfiles(name: string) {
  fake.signIn(name);
  render(App);
  await fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
  const section = screen.getByRole('heading', { level: 2, name: 'Hồ sơ người dùng' }).closest('section')!;
  await within(section).findByRole('table', { name: 'Danh sách hồ sơ người dùng' });
  return section as HTMLElement;
}

async function edit(section: HTMLElement, displayName: string) {
  await fireEvent.click(await within(section).findByRole('button', { name: `Sửa hồ sơ ${displayName}` }));
  return screen.getByRole('region', { name: `Sửa hồ sơ «${displayName}»` });
}

/** The editor's outcome line, once it says `text`. */
async function said(editor: HTMLElement, text: string | RegExp) {
  await waitFor(() => expect(within(editor).getByRole('status').textContent).toMatch(text));
}

function row(section: HTMLElement, name: RegExp) {
  return within(within(section).getByRole('table')).getByRole('row', { name });
}

describe('an editor on their own profile', () => {
  it('may edit only their own row, rename themselves, and not change roles', async () => {
    const section = await openProfiles('lan');
    expect(within(row(section, /Trần Minh/)).queryByRole('button')).toBeNull();
    expect(within(row(section, /Trần Văn Trưởng/)).queryByRole('button')).toBeNull();

    const editor = await edit(section, 'Nguyễn Thị Lan');
    expect(within(editor).queryByRole('checkbox')).toBeNull();
    expect(within(editor).getByText('Chỉ lãnh đạo duyệt bài mới đổi được vai trò.')).toBeTruthy();
    await fireEvent.input(within(editor).getByLabelText('Tên hiển thị'), {
      target: { value: ' Nguye\u0302\u0303n Thị Lan Anh ' },
    });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Lưu thay đổi' }));
    await said(editor, 'Đã lưu hồ sơ.');
    expect(fake.callsOf('user_edit')[0].args).toEqual({ name: 'lan', displayName: 'Nguyễn Thị Lan Anh', roles: null });
    // The table and the switcher show the new name.
    await waitFor(() => expect(row(section, /Nguyễn Thị Lan Anh/)).toBeTruthy());
    expect(await screen.findByText('Đang dùng: Nguyễn Thị Lan Anh')).toBeTruthy();
  });

  it('sets a password, then needs the current one to change or remove it', async () => {
    const section = await openProfiles('lan');
    const editor = await edit(section, 'Nguyễn Thị Lan');
    expect(within(editor).queryByLabelText('Mật khẩu hiện tại')).toBeNull();
    await fireEvent.input(within(editor).getByLabelText('Mật khẩu mới'), { target: { value: 'Lan-2026' } });
    await fireEvent.input(within(editor).getByLabelText('Nhập lại mật khẩu mới'), { target: { value: 'Lan-2026' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Đặt mật khẩu' }));
    await said(editor, 'Đã đặt mật khẩu mới.');
    expect(fake.passwords.get('lan')).toBe('Lan-2026');
    expect(within(row(section, /Nguyễn Thị Lan/)).getByText('Có')).toBeTruthy();

    // Removing it needs the current password: a wrong one is refused and nothing changes.
    const current = (await within(editor).findByLabelText('Mật khẩu hiện tại')) as HTMLInputElement;
    await fireEvent.input(current, { target: { value: 'đoán' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Bỏ mật khẩu' }));
    expect((await within(editor).findByRole('alert')).textContent).toContain('không đúng');
    expect(current.value).toBe('');
    expect(fake.passwords.get('lan')).toBe('Lan-2026');
    await fireEvent.input(current, { target: { value: 'Lan-2026' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Bỏ mật khẩu' }));
    await said(editor, /Đã bỏ mật khẩu/);
    expect(fake.passwords.has('lan')).toBe(false);
  });

  it('checks the two new passwords match before sending', async () => {
    const section = await openProfiles('lan');
    const editor = await edit(section, 'Nguyễn Thị Lan');
    await fireEvent.input(within(editor).getByLabelText('Mật khẩu mới'), { target: { value: 'một' } });
    await fireEvent.input(within(editor).getByLabelText('Nhập lại mật khẩu mới'), { target: { value: 'hai' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Đặt mật khẩu' }));
    expect((await within(editor).findByRole('alert')).textContent).toContain('không giống nhau');
    expect(fake.callsOf('user_set_password')).toHaveLength(0);
  });
});

describe('a supervisor managing profiles', () => {
  it('changes roles, and is told a supervisor needs a password first', async () => {
    const section = await openProfiles('truong');
    const editor = await edit(section, 'Trần Minh');
    await fireEvent.click(within(editor).getByRole('checkbox', { name: 'Lãnh đạo duyệt bài' }));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Lưu thay đổi' }));
    expect((await within(editor).findByRole('alert')).textContent).toContain('phải có mật khẩu');
    expect(fake.users.find((u) => u.name === 'minh')!.roles).toEqual(['editor']);

    // A password for Minh (a supervisor sets it without Minh's), then the role.
    expect(within(editor).getByText(/Đặt mật khẩu mới cho Trần Minh khi người đó quên/)).toBeTruthy();
    await fireEvent.input(within(editor).getByLabelText('Mật khẩu mới'), { target: { value: 'Minh-1' } });
    await fireEvent.input(within(editor).getByLabelText('Nhập lại mật khẩu mới'), { target: { value: 'Minh-1' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Đặt mật khẩu' }));
    await said(editor, 'Đã đặt mật khẩu mới.');
    expect(fake.callsOf('user_set_password')[0].args).toEqual({ name: 'minh', current: null, new: 'Minh-1' });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Lưu thay đổi' }));
    await said(editor, 'Đã lưu hồ sơ.');
    expect(fake.callsOf('user_edit').at(-1)!.args).toEqual({
      name: 'minh',
      displayName: null,
      roles: ['editor', 'supervisor'],
    });
    expect(within(row(section, /Trần Minh/)).getByText('Biên tập viên, Lãnh đạo duyệt bài')).toBeTruthy();
  });

  it('cannot remove the last supervisor, and removes a profile after confirming', async () => {
    const section = await openProfiles('truong');
    let editor = await edit(section, 'Trần Văn Trưởng');
    expect(within(editor).queryByRole('button', { name: 'Bỏ mật khẩu' })).toBeNull();
    await fireEvent.click(within(editor).getByRole('button', { name: 'Xoá hồ sơ này…' }));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Có, xoá hồ sơ' }));
    expect((await within(editor).findByRole('alert')).textContent).toContain('người duyệt cuối cùng');
    expect(fake.users).toHaveLength(3);

    editor = await edit(section, 'Nguyễn Thị Lan');
    await fireEvent.click(within(editor).getByRole('button', { name: 'Xoá hồ sơ này…' }));
    expect(within(editor).getByText(/Nhật ký duyệt và các góp ý vẫn giữ tên người này/)).toBeTruthy();
    await fireEvent.click(within(editor).getByRole('button', { name: 'Hủy' }));
    expect(fake.callsOf('user_remove')).toHaveLength(1);
    await fireEvent.click(within(editor).getByRole('button', { name: 'Xoá hồ sơ này…' }));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Có, xoá hồ sơ' }));
    expect((await within(section).findByText('Đã xoá hồ sơ «Nguyễn Thị Lan».')).getAttribute('role')).toBe('status');
    expect(within(within(section).getByRole('table')).queryByRole('row', { name: /Nguyễn Thị Lan/ })).toBeNull();
    expect(screen.queryByRole('region', { name: /Sửa hồ sơ/ })).toBeNull();
  });
});
