import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import App from '../App.svelte';
import { FakeBackend, SAMPLE_POST, samplePhoto } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { importer } from '../albums/importer.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const FOLDER = '/home/bientap/Tài liệu/hoi-nghi-tong-ket-cong-tac-nam-2019';
const CANNOT_WRITE = {
  code: 'export_failed',
  message: 'Không ghi được gói vào thư mục đã chọn: không có quyền ghi. Hãy chọn thư mục khác.',
};

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  importer.reset();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(cleanup);

const index = (cmd: string) => fake.calls.findIndex((c) => c.cmd === cmd);

async function openSample() {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
  return (await screen.findByLabelText('Tiêu đề')) as HTMLTextAreaElement;
}

async function openAlbum() {
  fake.addPhotos(samplePhoto(1, { caption: 'Ảnh một' }), samplePhoto(2, { caption: 'Ảnh hai' }));
  const album = fake.addAlbum({ title: 'Ngày hội đại đoàn kết', photo_ids: [1, 2] });
  render(App);
  await fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Album ảnh' }));
  await fireEvent.click(await screen.findByRole('button', { name: /Ngày hội đại đoàn kết/ }));
  await screen.findByRole('heading', { level: 1, name: 'Ngày hội đại đoàn kết' });
  return album;
}

const exportButton = () => screen.getByRole('button', { name: 'Xuất gói đăng thủ công' });
/** What the button's status line and alert say ('' when not shown). */
const result = () => {
  const box = exportButton().closest<HTMLElement>('.export-package')!;
  const text = (role: string) => within(box).queryByRole(role)?.textContent ?? '';
  return { status: text('status'), alert: text('alert') };
};

describe('"Xuất gói đăng thủ công" in the post editor', () => {
  it('saves what is typed, exports the post and says where the package went', async () => {
    fake.portal.exportResult = FOLDER;
    const title = await openSample();
    expect(exportButton().getAttribute('title')).toBe(
      'Cho cổng thông tin không có API: tạo một thư mục gồm trang bài, ảnh của bài và manifest.json để đăng bằng tay.',
    );
    await fireEvent.input(title, { target: { value: 'Tổng kết công tác năm 2019' } });
    fake.calls.length = 0;
    await fireEvent.click(exportButton());

    await waitFor(() => expect(result().status).toBe(`Đã xuất gói vào: ${FOLDER}`));
    expect(fake.callsOf('portal_export').map((c) => c.args)).toEqual([{ item: { kind: 'post', id: SAMPLE_POST.id } }]);
    expect(index('post_edit')).toBeGreaterThanOrEqual(0);
    expect(index('post_edit')).toBeLessThan(index('portal_export'));
    expect(fake.posts.get(SAMPLE_POST.id)!.title).toBe('Tổng kết công tác năm 2019');
    expect(result().alert).toBe('');
  });

  it('shows nothing when the folder dialog was closed', async () => {
    fake.portal.exportResult = null;
    await openSample();
    await fireEvent.click(exportButton());
    await waitFor(() => expect(fake.callsOf('portal_export')).toHaveLength(1));
    await waitFor(() => expect((exportButton() as HTMLButtonElement).disabled).toBe(false));
    expect(result().status).toBe('');
    expect(result().alert).toBe('');
    expect(screen.queryByText(/Đã xuất gói/)).toBeNull();
  });

  it('shows the core\'s message as an alert when the package cannot be made', async () => {
    fake.portal.exportResult = CANNOT_WRITE;
    await openSample();
    await fireEvent.click(exportButton());
    await waitFor(() => expect(result().alert).toBe(CANNOT_WRITE.message));
    expect(result().status).toBe('');

    // A later export that works clears it.
    fake.portal.exportResult = FOLDER;
    await fireEvent.click(exportButton());
    await waitFor(() => expect(result().status).toBe(`Đã xuất gói vào: ${FOLDER}`));
    expect(result().alert).toBe('');
  });

  it('does not export when the post cannot be saved', async () => {
    fake.portal.exportResult = FOLDER;
    const title = await openSample();
    fake.failures.set('post_edit', { code: 'disk_full', message: 'Không lưu được: ổ đĩa đã đầy.' });
    await fireEvent.input(title, { target: { value: 'Tiêu đề mới' } });
    await fireEvent.click(exportButton());
    await waitFor(() => expect(screen.getByText('Không lưu được: ổ đĩa đã đầy.')).toBeTruthy());
    await waitFor(() => expect((exportButton() as HTMLButtonElement).disabled).toBe(false));
    expect(fake.callsOf('portal_export')).toHaveLength(0);
    expect(result().status).toBe('');
  });
});

describe('"Xuất gói đăng thủ công" in the album view', () => {
  it('exports the album and says where the package went', async () => {
    fake.portal.exportResult = '/home/bientap/Tài liệu/ngay-hoi-dai-doan-ket';
    const album = await openAlbum();
    expect(exportButton().getAttribute('title')).toBe(
      'Cho cổng thông tin không có API: tạo một thư mục gồm trang album, các ảnh và manifest.json để đăng bằng tay.',
    );
    await fireEvent.click(exportButton());
    await waitFor(() =>
      expect(result().status).toBe('Đã xuất gói vào: /home/bientap/Tài liệu/ngay-hoi-dai-doan-ket'),
    );
    expect(fake.callsOf('portal_export').map((c) => c.args)).toEqual([{ item: { kind: 'album', id: album.id } }]);
  });

  it('shows nothing when the folder dialog was closed', async () => {
    fake.portal.exportResult = null;
    await openAlbum();
    await fireEvent.click(exportButton());
    await waitFor(() => expect(fake.callsOf('portal_export')).toHaveLength(1));
    await waitFor(() => expect((exportButton() as HTMLButtonElement).disabled).toBe(false));
    expect(result().status).toBe('');
    expect(result().alert).toBe('');
  });

  it('shows the core\'s message as an alert when the package cannot be made', async () => {
    fake.portal.exportResult = CANNOT_WRITE;
    await openAlbum();
    await fireEvent.click(exportButton());
    await waitFor(() => expect(result().alert).toBe(CANNOT_WRITE.message));
    expect(result().status).toBe('');
  });
});
