import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from './App.svelte';
import { FakeBackend, SAMPLE_POST, samplePhoto } from './test/fakeBackend';
import { setLang } from './i18n/index.svelte';
import { errors } from './lib/errors.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;

function useBackend(backend: FakeBackend) {
  fake = backend;
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
}

beforeEach(() => {
  setLang('vi');
  errors.clear();
  useBackend(new FakeBackend());
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const navLabels = () =>
  within(screen.getByRole('navigation'))
    .getAllByRole('button')
    .map((b) => b.textContent?.trim());

async function openNewPost() {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: 'Viết bài mới' }));
  return (await screen.findByLabelText('Tiêu đề')) as HTMLInputElement;
}

async function openSample() {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
  return (await screen.findByLabelText('Tiêu đề')) as HTMLInputElement;
}

describe('navigation', () => {
  it('shows the six areas in Vietnamese, with the posts area current', async () => {
    render(App);
    expect(screen.getByText('Tòa Soạn')).toBeTruthy();
    expect(navLabels()).toEqual(['Bài viết', 'Album ảnh', 'Duyệt bài', 'Tìm kiếm', 'Đồng bộ', 'Cài đặt']);
    const current = within(screen.getByRole('navigation')).getByRole('button', { current: 'page' });
    expect(current.textContent).toBe('Bài viết');
    expect(await screen.findByRole('heading', { level: 1, name: 'Bài viết' })).toBeTruthy();
  });

  it('uses English when the saved language is en', async () => {
    useBackend(new FakeBackend(undefined, 'en'));
    render(App);
    await waitFor(() =>
      expect(navLabels()).toEqual(['Posts', 'Photo albums', 'Review', 'Search', 'Sync', 'Settings']),
    );
    expect(document.documentElement.lang).toBe('en');
  });

  it('moves between areas', async () => {
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Album ảnh' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Album ảnh' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Album mới' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Album ảnh' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Bài viết' }).getAttribute('aria-current')).toBeNull();
  });

  it('tells the shell once that the first screen is shown', async () => {
    render(App);
    await waitFor(() => expect(fake.callsOf('app_ready')).toHaveLength(1));
  });
});

describe('settings', () => {
  it('switches the language at once and saves it', async () => {
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
    const select = screen.getByLabelText('Ngôn ngữ / Language') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'en' } });
    expect(navLabels()).toEqual(['Posts', 'Photo albums', 'Review', 'Search', 'Sync', 'Settings']);
    await waitFor(() => expect(fake.settings.language).toBe('en'));
    expect(fake.callsOf('settings_set_language')[0].args).toEqual({ language: 'en' });
  });

  it('shows the data store', async () => {
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
    expect(await screen.findByText(fake.store.path)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Kho dữ liệu' })).toBeTruthy();
    expect(screen.getByText('tốt')).toBeTruthy();
  });
});

describe('post list', () => {
  it('shows the sample post with its badge and the date in Vietnam time', async () => {
    render(App);
    const title = await screen.findByText(SAMPLE_POST.title);
    const row = title.closest('li')!;
    expect(within(row).getByText('Bài mẫu')).toBeTruthy();
    expect(within(row).getByText('Ngày đăng 16/01/2020 | 11:19')).toBeTruthy();
    expect(within(row).getByText(/Ủy ban nhân dân xã/)).toBeTruthy();
  });

  it('shows "Sửa lúc" for an unpublished post and a friendly empty state', async () => {
    useBackend(new FakeBackend([]));
    render(App);
    expect(await screen.findByText(/Chưa có bài viết nào/)).toBeTruthy();
    // A new post left untouched is not kept.
    await fireEvent.click(screen.getByRole('button', { name: 'Viết bài mới' }));
    await fireEvent.click(await screen.findByRole('button', { name: '← Danh sách bài viết' }));
    expect(await screen.findByText(/Chưa có bài viết nào/)).toBeTruthy();
    expect(fake.posts.size).toBe(0);

    // One with only a sapo is kept, untitled.
    await fireEvent.click(screen.getByRole('button', { name: 'Viết bài mới' }));
    await fireEvent.input(await screen.findByLabelText('Sapo (đoạn mở đầu)'), { target: { value: 'Mới có sapo.' } });
    await fireEvent.click(screen.getByRole('button', { name: '← Danh sách bài viết' }));
    expect(await screen.findByText('(Chưa có tiêu đề)')).toBeTruthy();
    expect(screen.getByText(/^Sửa lúc \d\d\/\d\d\/\d{4} \| \d\d:\d\d$/)).toBeTruthy();
  });

  it("shows each post's way to the portal: live, waiting, failed", async () => {
    fake.portalWords.set(`post:${SAMPLE_POST.id}`, 'publish');
    const { unmount } = render(App);
    const row = (await screen.findByText(SAMPLE_POST.title)).closest('li')!;
    expect(within(row).getByText('Trên cổng: đã đăng')).toBeTruthy();
    unmount();
    for (const [word, text] of [
      ['waiting', 'Chờ gửi lên cổng'],
      ['failed', 'Gửi lên cổng lỗi'],
      ['conflict', 'Xung đột với cổng'],
      ['pending', 'Trên cổng: chờ duyệt'],
    ]) {
      fake.portalWords.set(`post:${SAMPLE_POST.id}`, word);
      const view = render(App);
      const again = (await screen.findByText(SAMPLE_POST.title)).closest('li')!;
      expect(within(again).getByText(text)).toBeTruthy();
      view.unmount();
    }
    fake.portalWords.clear();
    render(App);
    const plain = (await screen.findByText(SAMPLE_POST.title)).closest('li')!;
    expect(within(plain).queryByText(/cổng/)).toBeNull();
  });

  it('shows an error from the store in the alert area', async () => {
    fake.failures.set('post_page', { code: 'store_locked', message: 'Kho dữ liệu đang bị khóa.' });
    render(App);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Kho dữ liệu đang bị khóa.'));
  });
});

describe('editor', () => {
  it('"Viết bài mới" creates a post and opens it', async () => {
    const title = await openNewPost();
    expect(fake.callsOf('post_create')[0].args).toEqual({ new: { title: '', body_html: '', category: '' } });
    expect(title.value).toBe('');
    const body = screen.getByRole('textbox', { name: 'Nội dung bài viết' });
    expect(body.getAttribute('contenteditable')).toBe('true');
    expect(body.getAttribute('aria-multiline')).toBe('true');
  });

  it('Ctrl+N starts a new post', async () => {
    render(App);
    await screen.findByText(SAMPLE_POST.title);
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByLabelText('Tiêu đề')).toBeTruthy();
    expect(fake.callsOf('post_create')).toHaveLength(1);
  });

  it('opens a post with its body, category and signature', async () => {
    await openSample();
    const body = screen.getByRole('textbox', { name: 'Nội dung bài viết' });
    expect(body.innerHTML).toBe(SAMPLE_POST.body_html);
    expect(screen.getByText('Bài mẫu')).toBeTruthy();
    expect(screen.getByText('Ngày đăng 16/01/2020 | 11:19')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Chuyên mục' })).toHaveProperty('value', 'Tin hoạt động');
    expect(screen.getByRole('textbox', { name: 'Chữ ký' })).toHaveProperty('value', 'Minh Anh');
    expect(screen.getByText('Minh Anh', { selector: '.signature-preview' })).toBeTruthy();
  });

  it('saves 800 ms after typing stops and says when', async () => {
    const title = await openNewPost();
    const id = fake.callsOf('post_create').length && [...fake.posts.keys()].at(-1)!;
    vi.useFakeTimers();
    await fireEvent.input(title, { target: { value: 'Họp giao ban tháng 5' } });
    const body = screen.getByRole('textbox', { name: 'Nội dung bài viết' });
    body.innerHTML = '<p>Sáng nay, xã họp giao ban.</p>';
    await fireEvent.input(body);
    await vi.advanceTimersByTimeAsync(799);
    expect(fake.callsOf('post_edit')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Đã lưu lúc \d\d:\d\d/));
    expect(fake.callsOf('post_edit')).toEqual([
      {
        cmd: 'post_edit',
        args: {
          edit: {
            id,
            title: 'Họp giao ban tháng 5',
            sapo: '',
            body_html: '<p>Sáng nay, xã họp giao ban.</p>',
            category: '',
            tags: [],
            signature: '',
            published_at: null,
            slug: '',
            featured_photo_id: null,
          },
        },
      },
    ]);
  });

  it('Ctrl+S saves at once', async () => {
    const title = await openNewPost();
    await fireEvent.input(title, { target: { value: 'Tin nhanh' } });
    await fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(fake.callsOf('post_edit')).toHaveLength(1));
  });

  it('a failed save shows the message, keeps the text, and the next edit retries', async () => {
    const title = await openNewPost();
    fake.failures.set('post_edit', { code: 'disk_full', message: 'Không lưu được: ổ đĩa đã đầy.' });
    await fireEvent.input(title, { target: { value: 'Bản tin chiều' } });
    await fireEvent.blur(title);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Không lưu được: ổ đĩa đã đầy.'));
    expect((screen.getByLabelText('Tiêu đề') as HTMLInputElement).value).toBe('Bản tin chiều');

    // Leaving is refused while the text is not saved.
    await fireEvent.click(screen.getByRole('button', { name: '← Danh sách bài viết' }));
    expect((screen.getByLabelText('Tiêu đề') as HTMLInputElement).value).toBe('Bản tin chiều');

    fake.failures.delete('post_edit');
    await fireEvent.input(title, { target: { value: 'Bản tin chiều nay' } });
    await fireEvent.blur(title);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Đã lưu lúc/));
    expect([...fake.posts.values()].at(-1)!.title).toBe('Bản tin chiều nay');
  });

  it('saves when leaving for another area', async () => {
    const title = await openSample();
    await fireEvent.input(title, { target: { value: 'Tiêu đề đã sửa' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tìm kiếm' }));
    await waitFor(() => expect(fake.posts.get(SAMPLE_POST.id)!.title).toBe('Tiêu đề đã sửa'));
  });
});

describe('bin', () => {
  it('moves a post to the bin, and "Hoàn tác" brings it back', async () => {
    await openSample();
    await fireEvent.click(screen.getByRole('button', { name: 'Chuyển vào thùng rác' }));
    const notice = await screen.findByText(`Đã chuyển «${SAMPLE_POST.title}» vào thùng rác.`);
    expect(fake.posts.get(SAMPLE_POST.id)!.deleted_at).not.toBeNull();
    await waitFor(() => expect(screen.queryByRole('button', { name: new RegExp(SAMPLE_POST.title) })).toBeNull());
    await fireEvent.click(within(notice.closest('div')!).getByRole('button', { name: 'Hoàn tác' }));
    expect(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) })).toBeTruthy();
    expect(fake.posts.get(SAMPLE_POST.id)!.deleted_at).toBeNull();
  });

  it('restores a post from the bin view', async () => {
    await openSample();
    await fireEvent.click(screen.getByRole('button', { name: 'Chuyển vào thùng rác' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Thùng rác' }));
    expect(await screen.findByRole('heading', { name: 'Thùng rác' })).toBeTruthy();
    const row = (await screen.findByText(SAMPLE_POST.title)).closest('li')!;
    await fireEvent.click(within(row).getByRole('button', { name: 'Khôi phục' }));
    expect(await screen.findByText('Thùng rác đang trống.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: '← Danh sách bài viết' }));
    expect(await screen.findByText(SAMPLE_POST.title)).toBeTruthy();
    expect(fake.callsOf('post_restore')[0].args).toEqual({ id: SAMPLE_POST.id });
  });
});

describe('import', () => {
  it('stays on the list when the file dialog is cancelled', async () => {
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Tạo bài từ tệp…' }));
    await waitFor(() => expect(fake.callsOf('post_import_file')).toHaveLength(1));
    expect(screen.getByRole('heading', { level: 1, name: 'Bài viết' })).toBeTruthy();
  });

  it('opens the imported post', async () => {
    fake.importResult = { ...SAMPLE_POST, id: 7, title: 'Bài từ tệp', is_sample: false, published_at: null };
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Tạo bài từ tệp…' }));
    const title = (await screen.findByLabelText('Tiêu đề')) as HTMLInputElement;
    expect(title.value).toBe('Bài từ tệp');
  });
});

describe('a store that cannot be opened', () => {
  it('explains why, in place of the work areas', async () => {
    const backend = new FakeBackend();
    const problem = {
      code: 'store_not_sqlite',
      message: 'Tệp /tmp/x/toasoan.db không phải kho dữ liệu của Tòa Soạn. Tệp được giữ nguyên, không bị sửa.',
    };
    const original = backend.invoke.bind(backend);
    backend.invoke = (cmd: string, args?: Record<string, unknown>) =>
      cmd === 'app_ready' ? original(cmd, args) : Promise.reject(problem);
    useBackend(backend);
    render(App);
    const alert = await screen.findByRole('alert', { name: 'Không mở được kho dữ liệu' });
    expect(alert.textContent).toContain('không phải kho dữ liệu của Tòa Soạn');
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});

describe('a post list that cannot be read', () => {
  it('says so and reads it again on request', async () => {
    const backend = new FakeBackend();
    backend.failures.set('post_page', { code: 'store_failed', message: 'Kho dữ liệu báo lỗi: disk I/O error.' });
    useBackend(backend);
    render(App);
    expect(await screen.findByText('Chưa đọc được danh sách bài viết.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Kho dữ liệu báo lỗi: disk I/O error.');
    expect(screen.queryByText('Đang tải…')).toBeNull();

    backend.failures.delete('post_page');
    await fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText(SAMPLE_POST.title)).toBeTruthy();
  });
});

describe('post details and history', () => {
  it('sends the sapo, category, tags, publication time and a typed slug', async () => {
    const title = await openSample();
    const id = SAMPLE_POST.id;
    await fireEvent.input(screen.getByLabelText('Sapo (đoạn mở đầu)'), { target: { value: 'Tóm tắt.' } });
    await fireEvent.input(screen.getByLabelText('Thẻ'), { target: { value: 'Dân vận, Tây Hồ' } });
    await fireEvent.input(screen.getByLabelText('Ngày đăng'), { target: { value: '2020-01-16' } });
    await fireEvent.input(screen.getByLabelText('Giờ đăng'), { target: { value: '11:19' } });
    await fireEvent.input(screen.getByLabelText('Đường dẫn'), { target: { value: 'tong-ket-2019' } });
    await fireEvent.blur(title);
    await waitFor(() => expect(fake.callsOf('post_edit').length).toBeGreaterThan(0));
    const edit = fake.callsOf('post_edit').at(-1)!.args!.edit as Record<string, unknown>;
    expect(edit).toMatchObject({
      id,
      sapo: 'Tóm tắt.',
      tags: ['Dân vận', 'Tây Hồ'],
      published_at: '2020-01-16T11:19:00+07:00',
      slug: 'tong-ket-2019',
    });
    expect(screen.getByRole('button', { name: 'Tạo lại từ tiêu đề' })).toBeTruthy();
  });

  it('shows the history with a diff and restores an earlier text', async () => {
    const title = await openSample();
    await fireEvent.input(title, { target: { value: 'Tiêu đề một' } });
    await fireEvent.blur(title);
    await waitFor(() => expect(fake.callsOf('post_edit')).toHaveLength(1));
    const body = screen.getByRole('textbox', { name: 'Nội dung bài viết' });
    expect(body).toBeTruthy();
    await fireEvent.input(title, { target: { value: 'Tiêu đề hai' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Lịch sử phiên bản' }));
    const list = await screen.findByRole('list', { name: 'Các phiên bản, mới nhất trước' });
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(2));
    expect(await screen.findByLabelText(/Khác biệt/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Khôi phục bản đã chọn' }));
    const restored = (await screen.findByLabelText('Tiêu đề')) as HTMLTextAreaElement;
    expect(restored.value).toBe('Tiêu đề một');
    expect(fake.callsOf('revision_restore')).toHaveLength(1);
  });
});

describe('the first screen handed over by the shell', () => {
  it('shows the language and the post list without asking the core', async () => {
    const { setBootForTests } = await import('./lib/boot');
    setBootForTests({
      settings: { language: 'en', default_signature: '', photo_sizes: [2048, 1024, 320], photo_copyright: '' },
      posts: {
        items: [
          {
            id: 7,
            title: 'Tin từ lúc khởi động',
            excerpt: 'Đã có sẵn.',
            category: '',
            state: 'draft',
            published_at: null,
            updated_at: '2026-03-20T01:00:00Z',
            deleted_at: null,
            is_sample: false,
            portal: null,
          },
        ],
        next: null,
        total: 1,
      },
    });
    render(App);
    expect(screen.getByRole('button', { name: 'Posts' })).toBeTruthy();
    expect(await screen.findByText('Tin từ lúc khởi động')).toBeTruthy();
    expect(fake.callsOf('post_page')).toHaveLength(0);
    expect(fake.callsOf('settings_get')).toHaveLength(0);
    await waitFor(() => expect(fake.callsOf('app_ready')).toHaveLength(1));
  });
});

describe('photos in posts', () => {
  it('inserts a library photo with its caption where the caret is, and saves it as a figure', async () => {
    fake.addPhotos(samplePhoto(7, { caption: 'Đại biểu dự hội nghị', alt_text: 'Hội trường UBND xã' }));
    await openSample();
    await fireEvent.click(screen.getByRole('button', { name: 'Chèn ảnh từ thư viện' }));
    const dialog = await screen.findByRole('dialog', { name: 'Chèn ảnh vào bài' });
    await fireEvent.click(await within(dialog).findByRole('option', { name: /Đại biểu dự hội nghị/ }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Chèn ảnh này' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(fake.callsOf('post_edit').length).toBeGreaterThan(0));
    const edit = fake.callsOf('post_edit').at(-1)!.args!.edit as { body_html: string };
    expect(edit.body_html).toContain(
      '<figure data-photo-id="7"><img src="photo://localhost/7/1024" alt="Hội trường UBND xã"><figcaption>Đại biểu dự hội nghị</figcaption></figure>',
    );
    // The window shows the picture through the shell's protocol.
    const img = screen.getByRole('textbox', { name: 'Nội dung bài viết' }).querySelector('figure img')!;
    expect(img.getAttribute('src')).toMatch(/^photo:\/\/localhost\/7\/1024\?v=/);
  });

  it('chooses, shows and removes the featured photo', async () => {
    fake.addPhotos(samplePhoto(8, { caption: 'Toàn cảnh hội nghị' }));
    await openSample();
    await fireEvent.click(screen.getByRole('button', { name: 'Chọn ảnh đại diện' }));
    const dialog = await screen.findByRole('dialog', { name: 'Chọn ảnh đại diện' });
    await fireEvent.click(await within(dialog).findByRole('option', { name: /Toàn cảnh hội nghị/ }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Dùng làm ảnh đại diện' }));
    await waitFor(() =>
      expect((fake.callsOf('post_edit').at(-1)?.args?.edit as { featured_photo_id?: number })?.featured_photo_id).toBe(8),
    );
    expect(screen.getByRole('img', { name: 'Ảnh đại diện của bài' }).getAttribute('src')).toMatch(/\/8\/320\?v=/);
    await fireEvent.click(screen.getByRole('button', { name: 'Bỏ ảnh đại diện' }));
    await waitFor(() =>
      expect((fake.callsOf('post_edit').at(-1)?.args?.edit as { featured_photo_id?: number | null }).featured_photo_id).toBeNull(),
    );
  });

  it('Escape closes the photo dialog without changing the post', async () => {
    await openSample();
    await fireEvent.click(screen.getByRole('button', { name: 'Chọn ảnh đại diện' }));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsOf('post_edit')).toHaveLength(0);
  });
});
