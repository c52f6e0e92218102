import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import AlbumsArea from './AlbumsArea.svelte';
import { FakeBackend, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { importer } from './importer.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  importer.reset();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(() => cleanup());

const argsOf = (cmd: string) => fake.callsOf(cmd).map((c) => c.args);

/** An album "Hội nghị tổng kết" of photos 1, 2, 3 (captioned "Ảnh một", …), opened. */
async function openAlbum(fields: Partial<Parameters<FakeBackend['addAlbum']>[0]> = {}) {
  fake.addPhotos(
    samplePhoto(1, { caption: 'Ảnh một', credit: 'Minh Anh' }),
    samplePhoto(2, { caption: 'Ảnh hai', credit: 'Minh Anh' }),
    samplePhoto(3, { caption: 'Ảnh ba', credit: 'Quốc Tuấn' }),
  );
  const album = fake.addAlbum({ title: 'Hội nghị tổng kết', photo_ids: [1, 2, 3], ...fields });
  render(AlbumsArea);
  await fireEvent.click(await screen.findByRole('button', { name: /Hội nghị tổng kết/ }));
  await screen.findByRole('heading', { level: 1, name: 'Hội nghị tổng kết' });
  const grid = await screen.findByRole('listbox', { name: 'Ảnh trong album, theo thứ tự' });
  return { album, grid };
}

const optionNames = (grid: HTMLElement) => within(grid).getAllByRole('option').map((o) => o.getAttribute('aria-label'));

describe('album list', () => {
  it('shows each album with its date and count, and the library', async () => {
    fake.addPhotos(samplePhoto(1), samplePhoto(2));
    fake.addAlbum({ title: 'Lễ khai giảng', event_date: '2024-09-05', photo_ids: [1, 2] });
    render(AlbumsArea);
    expect(screen.getByRole('heading', { level: 1, name: 'Album ảnh' })).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Thư viện và các album' });
    const card = await within(list).findByRole('button', { name: /Lễ khai giảng/ });
    expect(card.textContent).toContain('05/09/2024');
    expect(card.textContent).toContain('2 ảnh');
    expect(card.querySelector('img')?.getAttribute('src')).toBe('photo://localhost/1/320?v=1');
    await waitFor(() => expect(within(list).getByRole('button', { name: /Thư viện ảnh/ }).textContent).toContain('2 ảnh'));
  });

  it('creates an album with a title and opens it', async () => {
    render(AlbumsArea);
    await screen.findByText(/Chưa có album nào/);
    await fireEvent.click(screen.getByRole('button', { name: 'Album mới' }));
    const input = screen.getByLabelText('Tên album');
    await fireEvent.input(input, { target: { value: 'Đại hội Đoàn phường' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tạo album' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Đại hội Đoàn phường' })).toBeTruthy();
    expect(argsOf('album_new')).toEqual([{ title: 'Đại hội Đoàn phường' }]);
    expect(await screen.findByText(/Album chưa có ảnh/)).toBeTruthy();
  });

  it('says why an album was not created', async () => {
    render(AlbumsArea);
    await fireEvent.click(screen.getByRole('button', { name: 'Album mới' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Tạo album' }));
    expect(await screen.findByText('Album cần có tên.')).toBeTruthy();
    expect(screen.getByLabelText('Tên album').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('album fields', () => {
  it('saves the title and the event date, each alone', async () => {
    const { album } = await openAlbum();
    const title = screen.getByLabelText('Tên album') as HTMLInputElement;
    await fireEvent.input(title, { target: { value: 'Hội nghị tổng kết năm 2024' } });
    await fireEvent.blur(title);
    await waitFor(() => expect(argsOf('album_edit')).toEqual([{ id: album.id, edit: { title: 'Hội nghị tổng kết năm 2024' } }]));
    expect(await screen.findByRole('heading', { level: 1, name: 'Hội nghị tổng kết năm 2024' })).toBeTruthy();

    const date = screen.getByLabelText('Ngày sự kiện') as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '2024-12-20' } });
    await fireEvent.change(date);
    await waitFor(() => expect(argsOf('album_edit')[1]).toEqual({ id: album.id, edit: { event_date: '2024-12-20' } }));
    expect(await screen.findByText('Đã lưu.')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: '← Tất cả album' }));
    const card = await screen.findByRole('button', { name: /Hội nghị tổng kết năm 2024/ });
    expect(card.textContent).toContain('20/12/2024');
  });

  it('shows the core’s message when a field is refused', async () => {
    await openAlbum();
    const title = screen.getByLabelText('Tên album') as HTMLInputElement;
    await fireEvent.input(title, { target: { value: '  ' } });
    await fireEvent.keyDown(title, { key: 'Enter' });
    expect(await screen.findByText('Album cần có tên.')).toBeTruthy();
  });
});

describe('importing', () => {
  it('fills the grid as photos arrive, then reports, failed files included', async () => {
    const { album, grid } = await openAlbum();
    fake.importPick = [
      { name: 'IMG_0001.JPG', caption: 'Toàn cảnh hội nghị' },
      { name: 'IMG_0002.JPG', error: 'Tệp ảnh bị hỏng: thiếu phần cuối.' },
      { name: 'IMG_0003.JPG', duplicateOf: 1 },
    ];
    await fireEvent.click(screen.getByRole('button', { name: 'Nhập ảnh…' }));
    await waitFor(() => expect(argsOf('photo_import_pick')).toEqual([{ albumId: album.id, folders: false }]));
    expect(await screen.findByText('Đang chuẩn bị nhập ảnh…')).toBeTruthy();
    // Only one import at a time: the buttons wait.
    expect((screen.getByRole('button', { name: 'Nhập thư mục…' }) as HTMLButtonElement).disabled).toBe(true);

    fake.importStep();
    expect(await screen.findByText('Đang nhập 1/3 ảnh')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Tiến độ nhập ảnh' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([1, 3]);
    await waitFor(() => expect(optionNames(grid)).toContain('Ảnh 4: Toàn cảnh hội nghị'));

    fake.importStep(2);
    expect(await screen.findByText('Đang nhập 3/3 ảnh')).toBeTruthy();
    fake.importFinish();

    const report = await screen.findByText(/Nhập ảnh xong:/);
    expect(report.closest('p')!.textContent).toBe(
      'Nhập ảnh xong: 1 ảnh mới, 1 ảnh đã có trong thư viện, 1 ảnh không nhập được.',
    );
    const failed = screen.getByText(/thiếu phần cuối/).closest('li')!;
    expect(failed.textContent!.replace(/\s+/g, ' ').trim()).toBe('IMG_0002.JPG: Tệp ảnh bị hỏng: thiếu phần cuối.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    // The album now holds the new photo (the duplicate was already in it).
    await waitFor(() => expect(within(grid).getAllByRole('option')).toHaveLength(4));
    expect(fake.listenerCount('photo-import-progress')).toBe(0);

    // The report stays until closed.
    await fireEvent.click(screen.getByRole('button', { name: 'Nhập thư mục…' }));
    await waitFor(() => expect(argsOf('photo_import_pick')).toHaveLength(2));
    expect(screen.getByText(/thiếu phần cuối/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Đóng báo cáo' }));
    expect(screen.queryByText(/Nhập ảnh xong/)).toBeNull();
  });

  it('stops the import with "Dừng nhập"', async () => {
    render(AlbumsArea);
    await fireEvent.click(await screen.findByRole('button', { name: /Thư viện ảnh/ }));
    fake.importPick = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `${n}.jpg` }));
    await fireEvent.click(screen.getByRole('button', { name: 'Nhập thư mục…' }));
    await waitFor(() => expect(argsOf('photo_import_pick')).toEqual([{ albumId: null, folders: true }]));
    fake.importStep(2);
    await fireEvent.click(await screen.findByRole('button', { name: 'Dừng nhập' }));
    expect(fake.callsOf('photo_import_cancel')).toHaveLength(1);
    const report = await screen.findByText(/Nhập ảnh xong:/);
    expect(report.closest('p')!.textContent).toBe('Nhập ảnh xong: 2 ảnh mới, 3 ảnh chưa nhập vì đã dừng.');
    const grid = await screen.findByRole('listbox', { name: 'Tất cả ảnh, mới nhất trước' });
    await waitFor(() => expect(within(grid).getAllByRole('option')).toHaveLength(2));
  });

  it('changes nothing when the file dialog is closed', async () => {
    await openAlbum();
    await fireEvent.click(screen.getByRole('button', { name: 'Nhập ảnh…' }));
    await waitFor(() => expect(fake.callsOf('photo_import_pick')).toHaveLength(1));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Nhập ảnh…' }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(fake.listenerCount('photo-import-done')).toBe(0);
    expect(errors.current).toBeNull();
  });

  it('imports files dropped on the window into the open album', async () => {
    const { album } = await openAlbum();
    await waitFor(() => expect(fake.listenerCount('photos-dropped')).toBe(1));
    fake.dropped = [{ name: 'DSC_1234.JPG' }];
    fake.emit('photos-dropped', { count: 1 });
    await waitFor(() => expect(argsOf('photo_import_dropped')).toEqual([{ albumId: album.id }]));
    fake.importFinish();
    expect(await screen.findByText(/1 ảnh mới/)).toBeTruthy();
    cleanup();
    await waitFor(() => expect(fake.listenerCount('photos-dropped')).toBe(0));
  });
});

describe('selection and captions', () => {
  it('edits the caption of many photos at once, sending only what changed', async () => {
    const { grid } = await openAlbum();
    await fireEvent.click(within(grid).getByRole('option', { name: 'Ảnh 1: Ảnh một (ảnh bìa)' }));
    await fireEvent.click(within(grid).getByRole('option', { name: 'Ảnh 3: Ảnh ba' }), { ctrlKey: true });
    expect(screen.getByRole('heading', { name: '2 ảnh đã chọn' })).toBeTruthy();

    const caption = screen.getByLabelText('Chú thích') as HTMLTextAreaElement;
    const credit = screen.getByLabelText('Tác giả ảnh') as HTMLInputElement;
    expect(caption.value).toBe('');
    expect(caption.placeholder).toBe('Nhiều giá trị khác nhau');
    expect(credit.placeholder).toBe('Nhiều giá trị khác nhau');
    expect((screen.getByLabelText('Mô tả ảnh cho người khiếm thị') as HTMLTextAreaElement).placeholder).toBe('');

    await fireEvent.input(caption, { target: { value: 'Các đại biểu dự hội nghị' } });
    await fireEvent.keyDown(caption, { key: 'Enter' });
    await waitFor(() =>
      expect(argsOf('photo_edit')).toEqual([{ ids: [1, 3], edit: { caption: 'Các đại biểu dự hội nghị' } }]),
    );
    expect(await screen.findByText('Đã lưu.')).toBeTruthy();
    expect(fake.photos.get(3)!.credit).toBe('Quốc Tuấn');
    expect(optionNames(grid)).toEqual([
      'Ảnh 1: Các đại biểu dự hội nghị (ảnh bìa)',
      'Ảnh 2: Ảnh hai',
      'Ảnh 3: Các đại biểu dự hội nghị',
    ]);
  });

  it('selects a run with Shift, and with the keyboard', async () => {
    const { grid } = await openAlbum();
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh 1:/ }));
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh 3:/ }), { shiftKey: true });
    expect(within(grid).getAllByRole('option', { selected: true })).toHaveLength(3);
    await fireEvent.keyDown(grid, { key: 'Escape' });
    expect(within(grid).queryAllByRole('option', { selected: true })).toHaveLength(0);

    grid.focus();
    await fireEvent.keyDown(grid, { key: 'Home' });
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(grid.getAttribute('aria-activedescendant')).toBe(within(grid).getByRole('option', { name: /Ảnh 2:/ }).id);
    await fireEvent.keyDown(grid, { key: ' ' });
    expect(screen.getByRole('heading', { name: 'Thông tin ảnh' })).toBeTruthy();
    expect((screen.getByLabelText('Chú thích') as HTMLTextAreaElement).value).toBe('Ảnh hai');
    await fireEvent.keyDown(grid, { key: 'ArrowRight', shiftKey: true });
    expect(within(grid).getAllByRole('option', { selected: true }).map((o) => o.getAttribute('aria-posinset'))).toEqual(['2', '3']);
    await fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
    expect(within(grid).getAllByRole('option', { selected: true })).toHaveLength(3);
  });

  it('shows the save error in the panel', async () => {
    const { grid } = await openAlbum();
    fake.failures.set('photo_edit', { code: 'store_failed', message: 'Không ghi được vào kho dữ liệu.' });
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh 2:/ }));
    const credit = screen.getByLabelText('Tác giả ảnh');
    await fireEvent.input(credit, { target: { value: 'Thu Hà' } });
    await fireEvent.blur(credit);
    expect(await screen.findByText('Không ghi được vào kho dữ liệu.')).toBeTruthy();
    expect(argsOf('photo_edit')).toEqual([{ ids: [2], edit: { credit: 'Thu Hà' } }]);
  });
});

describe('order, cover and removing', () => {
  it('moves a photo with Alt+arrow keys and sends the full order', async () => {
    const { album, grid } = await openAlbum();
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowRight', altKey: true });
    await waitFor(() => expect(argsOf('album_reorder')).toEqual([{ id: album.id, photoIds: [2, 1, 3] }]));
    expect(optionNames(grid)).toEqual(['Ảnh 1: Ảnh hai (ảnh bìa)', 'Ảnh 2: Ảnh một', 'Ảnh 3: Ảnh ba']);
    expect(screen.getByText('Đã chuyển ảnh đến vị trí 2/3.')).toBeTruthy();

    // The buttons do the same for the selection.
    await fireEvent.click(screen.getByRole('button', { name: 'Đưa ra sau' }));
    await waitFor(() => expect(argsOf('album_reorder')[1]).toEqual({ id: album.id, photoIds: [2, 3, 1] }));
    expect(fake.albums.get(album.id)!.photo_ids).toEqual([2, 3, 1]);
  });

  it('puts the order back when the album refuses it', async () => {
    const { grid } = await openAlbum();
    fake.failures.set('album_reorder', { code: 'album_not_found', message: 'Không tìm thấy album.' });
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh 3:/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Đưa lên trước' }));
    await waitFor(() => expect(errors.current?.message).toBe('Không tìm thấy album.'));
    expect(optionNames(grid)).toEqual(['Ảnh 1: Ảnh một (ảnh bìa)', 'Ảnh 2: Ảnh hai', 'Ảnh 3: Ảnh ba']);
  });

  it('makes the selected photo the cover', async () => {
    const { album, grid } = await openAlbum();
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh 2:/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Đặt làm ảnh bìa' }));
    await waitFor(() => expect(argsOf('album_edit')).toEqual([{ id: album.id, edit: { cover_photo_id: 2 } }]));
    expect(await screen.findByText('Đã đặt ảnh bìa.')).toBeTruthy();
    expect(optionNames(grid)).toEqual(['Ảnh 1: Ảnh một', 'Ảnh 2: Ảnh hai (ảnh bìa)', 'Ảnh 3: Ảnh ba']);
    // Chosen again: back to the first photo.
    await fireEvent.click(screen.getByRole('button', { name: 'Dùng ảnh đầu tiên làm bìa' }));
    await waitFor(() => expect(argsOf('album_edit')[1]).toEqual({ id: album.id, edit: { cover_photo_id: 0 } }));
  });

  it('removes photos from the album, not from the library, with undo', async () => {
    const { album, grid } = await openAlbum();
    await fireEvent.click(within(grid).getByRole('option', { name: /Ảnh 2:/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Bỏ khỏi album' }));
    await waitFor(() => expect(argsOf('album_remove')).toEqual([{ id: album.id, photoIds: [2] }]));
    expect(await screen.findByText('Đã bỏ 1 ảnh khỏi album. Ảnh vẫn còn trong thư viện.')).toBeTruthy();
    expect(optionNames(grid)).toEqual(['Ảnh 1: Ảnh một (ảnh bìa)', 'Ảnh 2: Ảnh ba']);
    expect(fake.photos.has(2)).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: 'Hoàn tác' }));
    await waitFor(() => expect(fake.albums.get(album.id)!.photo_ids).toEqual([1, 2, 3]));
    await waitFor(() => expect(within(grid).getAllByRole('option')).toHaveLength(3));
  });

  it('adds photos from the library', async () => {
    fake.addPhotos(samplePhoto(4, { caption: 'Ảnh bốn' }), samplePhoto(5, { caption: 'Ảnh năm' }));
    const { album } = await openAlbum();
    await fireEvent.click(screen.getByRole('button', { name: 'Thêm ảnh từ thư viện' }));
    const picker = await screen.findByRole('listbox', { name: 'Ảnh trong thư viện chưa có trong album' });
    await waitFor(() => expect(optionNames(picker)).toEqual(['Ảnh 1: Ảnh năm', 'Ảnh 2: Ảnh bốn']));
    const add = screen.getByRole('button', { name: 'Thêm vào album' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    await fireEvent.click(within(picker).getByRole('option', { name: /Ảnh năm/ }));
    await fireEvent.click(within(picker).getByRole('option', { name: /Ảnh bốn/ }), { shiftKey: true });
    await fireEvent.click(screen.getByRole('button', { name: 'Thêm 2 ảnh vào album' }));
    await waitFor(() => expect(argsOf('album_add')).toEqual([{ id: album.id, photoIds: [5, 4] }]));
    expect(await screen.findByText('Đã thêm 2 ảnh vào album.')).toBeTruthy();
    const grid = screen.getByRole('listbox', { name: 'Ảnh trong album, theo thứ tự' });
    expect(optionNames(grid).slice(3)).toEqual(['Ảnh 4: Ảnh năm', 'Ảnh 5: Ảnh bốn']);
  });

  it('deletes the album after asking', async () => {
    const { album } = await openAlbum();
    await fireEvent.click(screen.getByRole('button', { name: 'Xóa album' }));
    expect(screen.getByText('Xóa album «Hội nghị tổng kết»? Ảnh trong album vẫn còn trong thư viện.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Xóa album này' }));
    await waitFor(() => expect(argsOf('album_delete')).toEqual([{ id: album.id }]));
    expect(await screen.findByRole('heading', { level: 1, name: 'Album ảnh' })).toBeTruthy();
    expect(fake.photos.size).toBe(3);
  });
});
