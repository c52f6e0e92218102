import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import { FakeBackend } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const PORTAL = 'https://cong.tayho.gov.vn';

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
  fake.addUser('minh', 'Trần Minh', ['editor']);
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(cleanup);

/** Settings → Cổng thông tin, as profile `name` (none chosen when null), once the portal is read. */
async function openPortal(name: string | null) {
  if (name) fake.signIn(name);
  render(App);
  await fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
  const section = screen.getByRole('heading', { level: 2, name: 'Cổng thông tin' }).closest('section')!;
  // Read once the window knows who is at the keyboard.
  await within(section as HTMLElement).findByText(name ? /hồ sơ này/i : /Hãy chọn hồ sơ của mình trước/);
  await waitFor(() => expect(fake.callsOf('portal_get')).toHaveLength(1));
  return section as HTMLElement;
}

/** Profile `profile` has the portal account `user` on the saved address. */
function saveLogin(profile: string, user: string, url = PORTAL) {
  fake.portal.url = url;
  fake.portal.logins.set(profile, { user, password: 'abcd efgh ijkl mnop', url });
}

function field(section: HTMLElement, label: string) {
  return within(section).getByLabelText(label) as HTMLInputElement;
}

/** The section's outcome line, once it says `text`. */
async function said(section: HTMLElement, text: string) {
  await waitFor(() => expect(within(section).getByRole('status').textContent).toBe(text));
}

/** The value the test report gives for `term`. */
function fact(report: HTMLElement, term: string) {
  return within(report).getByText(term, { selector: 'dt' }).nextElementSibling!.textContent!.trim();
}

describe('Cài đặt → Cổng thông tin', () => {
  it('saves the address and the account, sends the password once and clears its box', async () => {
    const section = await openPortal('lan');
    expect(within(section).getByText(/mật khẩu ứng dụng \(tạo trong trang Hồ sơ/)).toBeTruthy();
    expect(await within(section).findByText('Hồ sơ này chưa có tài khoản cổng trên máy này.')).toBeTruthy();
    const password = field(section, 'Mật khẩu ứng dụng');
    expect(password.type).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('off');

    await fireEvent.input(field(section, 'Địa chỉ cổng'), { target: { value: ' Cong.TayHo.gov.vn/wp-json/ ' } });
    await fireEvent.input(field(section, 'Tên đăng nhập trên cổng'), { target: { value: 'tacgia' } });
    await fireEvent.input(password, { target: { value: 'abcd efgh ijkl mnop' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu' }));

    await said(section, 'Đã lưu địa chỉ cổng và tài khoản.');
    expect(fake.callsOf('portal_set')[0].args).toEqual({
      url: ' Cong.TayHo.gov.vn/wp-json/ ',
      user: 'tacgia',
      password: 'abcd efgh ijkl mnop',
    });
    expect(password.value).toBe('');
    expect(field(section, 'Địa chỉ cổng').value).toBe(PORTAL);
    expect(within(section).getByText('Đã lưu tài khoản «tacgia» cho hồ sơ này.')).toBeTruthy();
    expect(fake.portal.logins.get('lan')).toEqual({ user: 'tacgia', password: 'abcd efgh ijkl mnop', url: PORTAL });

    // Once saved, an empty box keeps the saved password.
    expect(password.placeholder).toBe('Để trống để giữ mật khẩu đã lưu');
    expect(within(section).getByText(/Để trống để giữ mật khẩu đã lưu\./)).toBeTruthy();
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(fake.callsOf('portal_set')).toHaveLength(2));
    expect(fake.callsOf('portal_set')[1].args).toEqual({ url: PORTAL, user: 'tacgia', password: null });
    expect(within(section).queryByRole('alert')).toBeNull();
    expect(fake.portal.logins.get('lan')!.password).toBe('abcd efgh ijkl mnop');

    // A new user name needs its password again: the core's refusal is shown.
    await fireEvent.input(field(section, 'Tên đăng nhập trên cổng'), { target: { value: 'lan.nguyen' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu' }));
    expect((await within(section).findByRole('alert')).textContent).toContain(
      'Hồ sơ «lan» chưa có tài khoản cổng thông tin trên máy này.',
    );
    expect(fake.portal.logins.get('lan')!.user).toBe('tacgia');
  });

  it('refuses an address without https and shows the core’s message', async () => {
    const section = await openPortal('lan');
    await fireEvent.input(field(section, 'Địa chỉ cổng'), { target: { value: 'http://cong.tayho.gov.vn' } });
    await fireEvent.input(field(section, 'Tên đăng nhập trên cổng'), { target: { value: 'tacgia' } });
    await fireEvent.input(field(section, 'Mật khẩu ứng dụng'), { target: { value: 'abcd efgh' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu' }));

    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('Địa chỉ «http://cong.tayho.gov.vn» không dùng https');
    expect(alert.textContent).toContain('Hãy dùng địa chỉ bắt đầu bằng https://');
    expect(field(section, 'Mật khẩu ứng dụng').value).toBe('');
    expect(fake.portal.url).toBeNull();
    expect(fake.portal.logins.size).toBe(0);
    expect(within(section).queryByText(/không mã hoá/)).toBeNull();
  });

  it('warns that plain http is accepted only for a portal on this computer', async () => {
    saveLogin('lan', 'tacgia', 'http://127.0.0.1:8089');
    const section = await openPortal('lan');
    expect(await within(section).findByText(/chỉ vì cổng chạy ngay trên máy tính này/)).toBeTruthy();
    expect(within(section).getByText(/cổng thật của cơ quan phải dùng https/)).toBeTruthy();
    expect(field(section, 'Địa chỉ cổng').value).toBe('http://127.0.0.1:8089');
    expect(within(section).getByText('Đã lưu tài khoản «tacgia» cho hồ sơ này.')).toBeTruthy();

    // Moving to the real portal (https) takes the warning away.
    await fireEvent.input(field(section, 'Địa chỉ cổng'), { target: { value: PORTAL } });
    await fireEvent.input(field(section, 'Mật khẩu ứng dụng'), { target: { value: 'wxyz' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(within(section).queryByText(/chỉ vì cổng chạy ngay trên máy tính này/)).toBeNull());
    expect(fake.portal.url).toBe(PORTAL);
  });

  it('tests the connection: roles in Vietnamese, and a contributor’s posts go as «chờ duyệt»', async () => {
    saveLogin('lan', 'lan.nguyen');
    fake.portal.testResult = {
      site_name: 'Cổng TTĐT phường Tây Hồ',
      display_name: 'Nguyễn Thị Lan',
      roles: ['contributor', 'wpseo_editor'],
      can_upload: true,
      can_publish: false,
    };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    vi.mocked(invoke).mockImplementation(async (cmd, args) => {
      if (cmd === 'portal_test') await gate;
      return fake.invoke(cmd, args as Record<string, unknown>) as never;
    });
    const section = await openPortal('lan');
    await fireEvent.click(within(section).getByRole('button', { name: 'Kiểm tra kết nối' }));
    const running = within(section).getByRole('button', { name: 'Đang kiểm tra…' }) as HTMLButtonElement;
    expect(running.disabled).toBe(true);
    release();

    const report = await within(section).findByRole('group', { name: 'Kết quả kiểm tra kết nối' });
    expect(within(section).getByRole('button', { name: 'Kiểm tra kết nối' })).toBeTruthy();
    expect(within(report).getByText('Kết nối được với cổng thông tin.')).toBeTruthy();
    expect(fact(report, 'Trang')).toContain('Cổng TTĐT phường Tây Hồ');
    expect(fact(report, 'Tài khoản')).toBe('Nguyễn Thị Lan (lan.nguyen)');
    expect(fact(report, 'Vai trò trên cổng')).toBe('Cộng tác viên, wpseo_editor');
    expect(fact(report, 'Được tải ảnh lên')).toBe('có');
    expect(fact(report, 'Được đăng bài')).toBe('không');
    const pending = within(report).getByText(/không được đăng bài: bài gửi từ tài khoản này/);
    expect(pending.textContent).toContain('sẽ lên cổng ở trạng thái «chờ duyệt», để người có quyền đăng bài duyệt');
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('shows who may publish without the «chờ duyệt» note', async () => {
    saveLogin('lan', 'admin');
    fake.portal.testResult = { roles: ['administrator', 'editor', 'author'], can_upload: false, can_publish: true };
    const section = await openPortal('lan');
    await fireEvent.click(within(section).getByRole('button', { name: 'Kiểm tra kết nối' }));
    const report = await within(section).findByRole('group', { name: 'Kết quả kiểm tra kết nối' });
    expect(fact(report, 'Vai trò trên cổng')).toBe('Quản trị, Biên tập viên, Tác giả');
    expect(fact(report, 'Được đăng bài')).toBe('có');
    expect(fact(report, 'Được tải ảnh lên')).toBe('không');
    expect(within(report).queryByText(/chờ duyệt/)).toBeNull();
    expect(within(report).getByText(/không được tải ảnh lên/)).toBeTruthy();
  });

  it('shows a failed test as an alert with the core’s message', async () => {
    saveLogin('lan', 'lan.nguyen');
    fake.portal.testResult = {
      code: 'portal_wrong_password',
      message:
        'Cổng thông tin không nhận tên đăng nhập hoặc mật khẩu ứng dụng này. Hãy kiểm tra tên đăng nhập, rồi tạo mật khẩu ứng dụng mới trong trang Hồ sơ của bạn trên cổng và nhập lại ở Cài đặt → Cổng thông tin.',
    };
    const section = await openPortal('lan');
    await fireEvent.click(within(section).getByRole('button', { name: 'Kiểm tra kết nối' }));
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('không nhận tên đăng nhập hoặc mật khẩu ứng dụng này');
    expect(within(section).queryByRole('group', { name: 'Kết quả kiểm tra kết nối' })).toBeNull();
    expect((within(section).getByRole('button', { name: 'Kiểm tra kết nối' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('forgets this profile’s account after confirming; the address stays', async () => {
    saveLogin('lan', 'tacgia');
    saveLogin('minh', 'minh.tran');
    const section = await openPortal('lan');
    await fireEvent.click(await within(section).findByRole('button', { name: 'Quên tài khoản trên máy này' }));
    expect(within(section).getByText(/Xoá tên đăng nhập «tacgia» và mật khẩu ứng dụng của hồ sơ này/)).toBeTruthy();
    await fireEvent.click(within(section).getByRole('button', { name: 'Hủy' }));
    expect(fake.callsOf('portal_forget')).toHaveLength(0);

    await fireEvent.click(within(section).getByRole('button', { name: 'Quên tài khoản trên máy này' }));
    await fireEvent.click(within(section).getByRole('button', { name: 'Có, quên tài khoản' }));
    await said(section, 'Đã quên tài khoản cổng của hồ sơ này trên máy này.');
    expect(within(section).getByText('Hồ sơ này chưa có tài khoản cổng trên máy này.')).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Quên tài khoản trên máy này' })).toBeNull();
    expect(fake.portal.logins.has('lan')).toBe(false);
    expect(fake.portal.logins.has('minh')).toBe(true);
    expect(fake.portal.url).toBe(PORTAL);
    expect(field(section, 'Địa chỉ cổng').value).toBe(PORTAL);
    expect(field(section, 'Tên đăng nhập trên cổng').value).toBe('');
  });

  it('asks to choose a profile first, then reads that profile’s account', async () => {
    saveLogin('lan', 'tacgia');
    saveLogin('minh', 'minh.tran');
    const section = await openPortal(null);
    expect(await within(section).findByText(/Hãy chọn hồ sơ của mình trước/)).toBeTruthy();
    expect(await within(section).findByText(`Địa chỉ cổng đã lưu: ${PORTAL}`)).toBeTruthy();
    expect(within(section).queryByRole('button', { name: 'Lưu' })).toBeNull();
    expect(within(section).queryByRole('button', { name: 'Kiểm tra kết nối' })).toBeNull();
    expect(within(section).queryByLabelText('Mật khẩu ứng dụng')).toBeNull();

    const reads = fake.callsOf('portal_get').length;
    await fireEvent.click(screen.getByRole('button', { name: 'Chọn người dùng' }));
    const panel = screen.getByRole('group', { name: 'Các hồ sơ người dùng' });
    await fireEvent.click(within(panel).getByRole('button', { name: /Trần Minh/ }));
    expect(await within(section).findByText('Đã lưu tài khoản «minh.tran» cho hồ sơ này.')).toBeTruthy();
    expect(fake.callsOf('portal_get').length).toBeGreaterThan(reads);
    expect(within(section).queryByText(/Hãy chọn hồ sơ của mình trước/)).toBeNull();
    expect(field(section, 'Tên đăng nhập trên cổng').value).toBe('minh.tran');
    expect(within(section).getByRole('button', { name: 'Kiểm tra kết nối' })).toBeTruthy();
  });

  it('sets the portal category for albums: prefilled, saved, and empty goes back to «Album ảnh»', async () => {
    const section = await openPortal('lan');
    const category = field(section, 'Chuyên mục cho album trên cổng');
    await waitFor(() => expect(category.value).toBe('Album ảnh'));
    expect(within(section).getByText(/thành một bài viết thuộc chuyên mục này, kèm thư viện ảnh/)).toBeTruthy();
    expect(category.getAttribute('aria-describedby')).toBe('portal-album-hint');

    await fireEvent.input(category, { target: { value: ' Phóng sự ảnh ' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu chuyên mục' }));
    await said(section, 'Đã lưu: album sẽ lên cổng trong chuyên mục «Phóng sự ảnh».');
    expect(fake.callsOf('portal_set_album_category').map((c) => c.args)).toEqual([{ name: ' Phóng sự ảnh ' }]);
    expect(category.value).toBe('Phóng sự ảnh');
    expect(fake.portal.albumCategory).toBe('Phóng sự ảnh');
    // Nothing else was touched.
    expect(fake.callsOf('portal_set')).toHaveLength(0);

    await fireEvent.input(category, { target: { value: '' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu chuyên mục' }));
    await said(section, 'Đã lưu: album sẽ lên cổng trong chuyên mục «Album ảnh».');
    expect(fake.callsOf('portal_set_album_category')[1].args).toEqual({ name: '' });
    expect(category.value).toBe('Album ảnh');
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('offers the album category with no profile chosen: it is the office’s setting', async () => {
    saveLogin('lan', 'tacgia');
    fake.portal.albumCategory = 'Tin ảnh';
    const section = await openPortal(null);
    expect(within(section).queryByRole('button', { name: 'Lưu' })).toBeNull();
    const category = (await within(section).findByLabelText('Chuyên mục cho album trên cổng')) as HTMLInputElement;
    expect(category.value).toBe('Tin ảnh');

    await fireEvent.input(category, { target: { value: 'Hoạt động của phường qua ảnh' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu chuyên mục' }));
    await said(section, 'Đã lưu: album sẽ lên cổng trong chuyên mục «Hoạt động của phường qua ảnh».');
    expect(fake.callsOf('portal_set_album_category')[0].args).toEqual({ name: 'Hoạt động của phường qua ảnh' });
    expect(fake.portal.albumCategory).toBe('Hoạt động của phường qua ảnh');
    expect(within(section).getByText(/Hãy chọn hồ sơ của mình trước/)).toBeTruthy();
  });

  it('shows the core’s refusal of the album category as an alert', async () => {
    const section = await openPortal('lan');
    fake.failures.set('portal_set_album_category', { code: 'store_busy', message: 'Kho dữ liệu đang bận.' });
    const category = field(section, 'Chuyên mục cho album trên cổng');
    await waitFor(() => expect(category.value).toBe('Album ảnh'));
    await fireEvent.input(category, { target: { value: 'Tin ảnh' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu chuyên mục' }));
    expect((await within(section).findByRole('alert')).textContent).toBe('Kho dữ liệu đang bận.');
    expect(within(section).getByRole('status').textContent).toBe('');
    expect(category.value).toBe('Tin ảnh');
    expect(fake.portal.albumCategory).toBe('Album ảnh');
  });

  it('keeps a typed album category when the account is saved', async () => {
    const section = await openPortal('lan');
    const category = field(section, 'Chuyên mục cho album trên cổng');
    await waitFor(() => expect(category.value).toBe('Album ảnh'));
    await fireEvent.input(category, { target: { value: 'Tin ảnh' } });
    await fireEvent.input(field(section, 'Địa chỉ cổng'), { target: { value: PORTAL } });
    await fireEvent.input(field(section, 'Tên đăng nhập trên cổng'), { target: { value: 'tacgia' } });
    await fireEvent.input(field(section, 'Mật khẩu ứng dụng'), { target: { value: 'abcd efgh' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Lưu' }));
    await said(section, 'Đã lưu địa chỉ cổng và tài khoản.');
    expect(category.value).toBe('Tin ảnh');
    expect(fake.callsOf('portal_set_album_category')).toHaveLength(0);
  });
});
