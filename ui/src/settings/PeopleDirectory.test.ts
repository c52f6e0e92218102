import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../App.svelte';
import PeopleDirectory from './PeopleDirectory.svelte';
import { FakeBackend } from '../test/fakeBackend';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import type { Person } from '../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const PEOPLE: Person[] = [
  {
    id: 1,
    name: 'Nguyễn Anh Tuấn',
    unit: 'Quận ủy Tây Hồ',
    note: '',
    titles: [
      { id: 1, title: 'Phó Bí thư thường trực', unit: 'Quận ủy Tây Hồ', held_from: '2020-07-01', held_until: '2025-06-30' },
      { id: 2, title: 'Bí thư', unit: 'Đảng ủy phường Tây Hồ', held_from: '2025-07-01', held_until: null },
    ],
  },
  {
    id: 2,
    name: 'Đỗ Anh Tuấn',
    unit: 'UBND quận Tây Hồ',
    note: '',
    titles: [{ id: 3, title: 'Chủ tịch UBND', unit: 'UBND quận Tây Hồ', held_from: null, held_until: '2025-06-30' }],
  },
];

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend();
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

describe('PeopleDirectory', () => {
  it('is in the settings area, with the expected columns and an empty state', async () => {
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: 'Cài đặt' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Danh bạ cán bộ' })).toBeTruthy();
    expect(screen.getByText(/Họ tên, Chức vụ, Đơn vị, Từ ngày, Đến ngày/)).toBeTruthy();
    expect(await screen.findByText(/Danh bạ đang trống/)).toBeTruthy();
  });

  it('imports a list: the summary, the skipped rows, then the people with their titles and dates', async () => {
    fake.peopleImportResult = {
      report: {
        added: 2,
        updated: 1,
        unchanged: 4,
        rows: [
          { row: 5, code: 'missing_name', message: 'Thiếu họ tên; hãy điền cột «Họ tên».' },
          { row: 9, code: 'bad_date', message: 'Ngày «31/02/2020» không có thật.' },
        ],
      },
      people: PEOPLE,
    };
    render(PeopleDirectory);
    await screen.findByText(/Danh bạ đang trống/);
    await fireEvent.click(screen.getByRole('button', { name: 'Nhập danh sách từ Excel/CSV…' }));

    const status = screen.getByRole('status');
    await waitFor(() => expect(status.textContent).toContain('Đã thêm 2 người, cập nhật 1, giữ nguyên 4.'));
    expect(within(status).getByText('Dòng 5: Thiếu họ tên; hãy điền cột «Họ tên».')).toBeTruthy();
    expect(within(status).getByText('Dòng 9: Ngày «31/02/2020» không có thật.')).toBeTruthy();
    expect(fake.callsOf('people_import')).toHaveLength(1);

    const table = await screen.findByRole('table', { name: 'Danh sách cán bộ' });
    const tuan = within(table).getByRole('rowheader', { name: 'Nguyễn Anh Tuấn' }).closest('tr')!;
    expect(within(tuan).getByText('Quận ủy Tây Hồ')).toBeTruthy();
    const titles = within(tuan).getAllByRole('listitem').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(titles).toEqual([
      'Phó Bí thư thường trực từ 01/07/2020 đến 30/06/2025',
      'Bí thư Đảng ủy phường Tây Hồ từ 01/07/2025',
    ]);
    const chuTich = within(table).getByRole('rowheader', { name: 'Đỗ Anh Tuấn' }).closest('tr')!;
    expect(within(chuTich).getByText('đến 30/06/2025')).toBeTruthy();
    expect(screen.queryByText(/Danh bạ đang trống/)).toBeNull();
  });

  it('changes nothing when the file dialog is cancelled', async () => {
    fake.people = PEOPLE;
    render(PeopleDirectory);
    expect(await screen.findByRole('rowheader', { name: 'Đỗ Anh Tuấn' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Nhập danh sách từ Excel/CSV…' }));
    await waitFor(() => expect(fake.callsOf('people_import')).toHaveLength(1));
    expect(screen.getByRole('status').textContent!.trim()).toBe('');
    expect(errors.current).toBeNull();
  });
});

describe('people commands', () => {
  it('pass the argument names Tauri expects (camelCase onDate)', async () => {
    const { api } = await import('../lib/ipc/client');
    fake.people = PEOPLE;
    const found = await api.peopleSuggest('Anh Tuấn', '2020-01-16');
    expect(fake.callsOf('people_suggest')[0].args).toEqual({ query: 'Anh Tuấn', onDate: '2020-01-16' });
    expect(found.map((s) => s.display)).toEqual(['đồng chí Nguyễn Anh Tuấn', 'đồng chí Đỗ Anh Tuấn - Chủ tịch UBND']);
    await api.peopleCheck('Đỗ Anh Tuấn', 'Chủ tịch UBND', '2020-01-16');
    expect(fake.callsOf('people_check')[0].args).toEqual({
      name: 'Đỗ Anh Tuấn',
      title: 'Chủ tịch UBND',
      date: '2020-01-16',
    });
    await api.postCheck(1);
    expect(fake.callsOf('post_check')[0].args).toEqual({ id: 1 });
  });
});
