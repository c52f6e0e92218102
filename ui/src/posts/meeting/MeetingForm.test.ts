import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import App from '../../App.svelte';
import MeetingForm from './MeetingForm.svelte';
import { FakeBackend, SAMPLE_POST } from '../../test/fakeBackend';
import { SAMPLE_MEETING } from './fakeMeeting';
import { openingSentence, fromMeeting, toMeeting, withoutOrdinal } from './meeting';
import { setLang } from '../../i18n/index.svelte';
import { errors } from '../../lib/errors.svelte';
import type { Meeting, Person, Post } from '../../lib/ipc/types';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

let fake: FakeBackend;

const TUAN: Person = {
  id: 7,
  name: 'Nguyễn Anh Tuấn',
  unit: 'Quận ủy Tây Hồ',
  note: '',
  titles: [
    { id: 1, title: 'Trưởng Ban Dân vận Quận ủy', unit: 'Quận ủy Tây Hồ', held_from: '2015-01-01', held_until: '2018-12-31' },
    { id: 2, title: 'Phó Bí thư thường trực Quận ủy', unit: 'Quận ủy Tây Hồ', held_from: '2019-01-01', held_until: null },
  ],
};

const BLANK: Post = { ...SAMPLE_POST, id: 5, title: 'Hội nghị mới', body_html: '', is_sample: false };

beforeEach(() => {
  setLang('vi');
  errors.clear();
  fake = new FakeBackend([structuredClone(SAMPLE_POST), structuredClone(BLANK)]);
  fake.people = [structuredClone(TUAN)];
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
});

afterEach(() => cleanup());

/** Opens the sample post in the app, then its meeting template. */
async function openSampleMeeting() {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: new RegExp(SAMPLE_POST.title) }));
  await fireEvent.click(await screen.findByRole('button', { name: 'Mẫu tin hội nghị' }));
  return (await screen.findByLabelText('Tên hội nghị')) as HTMLTextAreaElement;
}

function renderBlank() {
  const onapplied = vi.fn();
  const onback = vi.fn();
  render(MeetingForm, { post: BLANK, onback, onapplied });
  return { onapplied, onback };
}

const lastApply = () => fake.callsOf('meeting_apply').at(-1)!.args as { postId: number; meeting: Meeting; accept: boolean[] };

describe('meeting template helpers', () => {
  it('words the opening like the template, and round-trips the fields', () => {
    const form = fromMeeting(SAMPLE_MEETING);
    expect(openingSentence(form, '…')).toBe(
      `Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức ${SAMPLE_MEETING.name}.`,
    );
    expect(openingSentence({ ...form, time: '10:59' }, '…')).toMatch(/^Sáng ngày/);
    expect(openingSentence({ ...form, time: '11:00' }, '…')).toMatch(/^Trưa ngày/);
    expect(openingSentence({ ...form, time: '18:00', place: 'Hội trường quận.' }, '…')).toMatch(
      /^Tối ngày .* tại Hội trường quận\.$/,
    );
    expect(openingSentence(fromMeeting(null), '…')).toBe('Ngày dd/mm/yyyy, … đã tổ chức ….');
    expect(toMeeting(form)).toEqual(SAMPLE_MEETING);
    expect(fromMeeting({ ...SAMPLE_MEETING, date: '15/1/2020', time: '8h30' })).toMatchObject({
      date: '2020-01-15',
      time: '08:30',
    });
    expect(withoutOrdinal('Hai là, các cấp ủy')).toBe('các cấp ủy');
    expect(withoutOrdinal('Mười một là,  tiếp tục')).toBe('tiếp tục');
    expect(withoutOrdinal('Các cấp ủy là, …')).toBe('Các cấp ủy là, …');
  });
});

describe('MeetingForm', () => {
  it('opens from the editor (after saving) with the saved fields and a live opening sentence', async () => {
    const name = await openSampleMeeting();
    expect(fake.callsOf('meeting_get')[0].args).toEqual({ postId: SAMPLE_POST.id });
    expect(name.value).toBe(SAMPLE_MEETING.name);
    expect(screen.getByLabelText('Đơn vị tổ chức')).toHaveProperty('value', 'Ban Dân vận Quận ủy');
    expect(screen.getByLabelText('Ngày')).toHaveProperty('value', '2020-01-15');
    expect(screen.getByLabelText('Giờ')).toHaveProperty('value', '14:00');

    const attendees = screen.getByRole('list', { name: 'Thành phần dự' });
    const names = within(attendees).getAllByRole('combobox', { name: 'Họ tên' }) as HTMLInputElement[];
    expect(names.map((n) => n.value)).toEqual(['Phạm Hải Hoa', 'Nguyễn Anh Tuấn']);
    const titles = within(attendees).getAllByLabelText('Chức vụ') as HTMLInputElement[];
    expect(titles[0].value).toBe('– TUV, Phó Trưởng Ban Thường trực Ban Dân vận Thành ủy');
    expect(within(attendees).getByLabelText(/^Nhóm người dự/)).toHaveProperty(
      'value',
      'các đồng chí Bí thư TCCS Đảng trực thuộc',
    );
    expect(within(attendees).getAllByRole('checkbox', { name: 'Nhóm' }).map((c) => (c as HTMLInputElement).checked)).toEqual(
      [false, false, true],
    );
    expect(screen.getByLabelText('Khen thưởng')).toHaveProperty('value', SAMPLE_MEETING.awards.join('\n'));
    expect(screen.getByLabelText('Một là,')).toHaveProperty('value', SAMPLE_MEETING.directives[0]);
    expect(screen.getByLabelText('Hai là,')).toHaveProperty('value', SAMPLE_MEETING.directives[1]);

    const hint = screen.getByText(/^Câu mở đầu:/);
    expect(hint.textContent!.trim()).toBe(
      `Câu mở đầu: «Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức ${SAMPLE_MEETING.name}.»`,
    );
    expect(name.getAttribute('aria-describedby')).toBe(hint.id);
    await fireEvent.input(screen.getByLabelText('Giờ'), { target: { value: '08:30' } });
    expect(hint.textContent).toContain('«Sáng ngày 15/01/2020, Ban Dân vận Quận ủy');
    await fireEvent.input(screen.getByLabelText('Giờ'), { target: { value: '' } });
    expect(hint.textContent).toContain('«Ngày 15/01/2020, Ban Dân vận Quận ủy');

    await fireEvent.click(screen.getByRole('button', { name: '← Quay lại bài viết' }));
    expect(await screen.findByLabelText('Tiêu đề')).toBeTruthy();
  });

  it('starts empty for a post without fields', async () => {
    renderBlank();
    const name = (await screen.findByLabelText('Tên hội nghị')) as HTMLTextAreaElement;
    expect(name.value).toBe('');
    expect(screen.getByText(/^Câu mở đầu:/).textContent!.trim()).toBe('Câu mở đầu: «Ngày dd/mm/yyyy, … đã tổ chức ….»');
    expect(screen.queryByRole('combobox')).toBeTruthy(); // the chair
    expect(within(screen.getByRole('list', { name: 'Nhiệm vụ' })).queryAllByRole('listitem')).toHaveLength(0);
  });

  it('fills the name and the title held on the meeting date from a suggestion', async () => {
    renderBlank();
    await fireEvent.input(await screen.findByLabelText('Ngày'), { target: { value: '2020-01-15' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Thêm người dự' }));
    const row = within(screen.getByRole('list', { name: 'Thành phần dự' })).getByRole('listitem');
    const name = within(row).getByRole('combobox', { name: 'Họ tên' }) as HTMLInputElement;
    name.focus();
    await fireEvent.input(name, { target: { value: 'tuấn' } });
    const option = await within(row).findByRole('option', { name: /Nguyễn Anh Tuấn/ });
    expect(name.getAttribute('aria-expanded')).toBe('true');
    expect(fake.callsOf('people_suggest').at(-1)!.args).toEqual({ query: 'tuấn', onDate: '2020-01-15' });

    await fireEvent.mouseDown(option);
    await fireEvent.click(option);
    expect(name.value).toBe('Nguyễn Anh Tuấn');
    expect(within(row).getByLabelText('Chức vụ')).toHaveProperty('value', 'Phó Bí thư thường trực Quận ủy');
    expect(name.getAttribute('aria-expanded')).toBe('false');
  });

  it('picks a suggestion with the keyboard', async () => {
    renderBlank();
    await fireEvent.input(await screen.findByLabelText('Ngày'), { target: { value: '2017-06-01' } });
    const chair = screen.getByRole('group', { name: 'Chủ trì (không bắt buộc)' });
    const name = within(chair).getByRole('combobox', { name: 'Họ tên' }) as HTMLInputElement;
    await fireEvent.input(name, { target: { value: 'Anh Tu' } });
    await within(chair).findByRole('option');
    await fireEvent.keyDown(name, { key: 'ArrowDown' });
    expect(name.getAttribute('aria-activedescendant')).toBe(within(chair).getByRole('option').id);
    await fireEvent.keyDown(name, { key: 'Enter' });
    expect(name.value).toBe('Nguyễn Anh Tuấn');
    expect(within(chair).getByLabelText('Chức vụ')).toHaveProperty('value', 'Trưởng Ban Dân vận Quận ủy');
  });

  it('warns, without blocking, when the title was not held on the meeting date', async () => {
    renderBlank();
    await fireEvent.input(await screen.findByLabelText('Ngày'), { target: { value: '2020-01-15' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Thêm người dự' }));
    const row = within(screen.getByRole('list', { name: 'Thành phần dự' })).getByRole('listitem');
    await fireEvent.input(within(row).getByRole('combobox', { name: 'Họ tên' }), { target: { value: 'Nguyễn Anh Tuấn' } });
    const title = within(row).getByLabelText('Chức vụ');
    await fireEvent.input(title, { target: { value: 'Trưởng Ban Dân vận Quận ủy' } });

    const note = await within(row).findByRole('note');
    expect(note.textContent).toContain('Chức vụ không đúng vào ngày này.');
    expect(title.getAttribute('aria-describedby')).toBe(note.id);
    // Checked once typing paused, with what was typed last.
    expect(fake.callsOf('people_check')).toEqual([
      { cmd: 'people_check', args: { name: 'Nguyễn Anh Tuấn', title: 'Trưởng Ban Dân vận Quận ủy', date: '2020-01-15' } },
    ]);

    await fireEvent.click(within(note).getByRole('button', { name: 'Dùng «Phó Bí thư thường trực Quận ủy»' }));
    expect(title).toHaveProperty('value', 'Phó Bí thư thường trực Quận ủy');
    await waitFor(() => expect(within(row).queryByRole('note')).toBeNull());
  });

  it('writes into the post at once when nothing edited is touched, and opens the editor with the new body', async () => {
    await openSampleMeeting();
    await fireEvent.input(screen.getByLabelText('Giờ'), { target: { value: '08:00' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Viết vào bài' }));

    const body = await screen.findByRole('textbox', { name: 'Nội dung bài viết' });
    expect(fake.callsOf('meeting_preview')).toHaveLength(1);
    const call = lastApply();
    expect(call.postId).toBe(SAMPLE_POST.id);
    expect(call.accept).toEqual([]);
    expect(call.meeting).toEqual({ ...SAMPLE_MEETING, time: '08:00' });
    expect(body.innerHTML).toContain('<p>Sáng ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức tổng kết');
    expect(body.innerHTML).toContain('<p>Một là, Các cấp ủy đảng');
  });

  it('asks about a paragraph the editor changed; "Thay bằng bản mới" sends true', async () => {
    fake.meetingConflicts = [
      {
        part: { part: 'opening' },
        index: 0,
        edited: 'Chiều 15/1, Ban Dân vận Quận ủy tổng kết công tác dân vận.',
        generated: `Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức ${SAMPLE_MEETING.name}.`,
      },
    ];
    await openSampleMeeting();
    await fireEvent.click(screen.getByRole('button', { name: 'Viết vào bài' }));

    const review = await screen.findByRole('region', { name: 'Các đoạn bạn đã sửa' });
    expect(document.activeElement).toBe(within(review).getByRole('heading'));
    expect(fake.callsOf('meeting_apply')).toHaveLength(0);
    const conflict = within(review).getByRole('group', { name: 'Câu mở đầu' });
    expect(within(conflict).getByText('Chiều 15/1, Ban Dân vận Quận ủy tổng kết công tác dân vận.')).toBeTruthy();
    expect(within(conflict).getByText(/^Chiều ngày 15\/01\/2020/)).toBeTruthy();
    expect(within(conflict).getByRole('radio', { name: 'Giữ bản đã sửa' })).toHaveProperty('checked', true);
    // The fields wait while the choice is made.
    expect(screen.getByLabelText('Tên hội nghị').matches(':disabled')).toBe(true);

    await fireEvent.click(within(conflict).getByRole('radio', { name: 'Thay bằng bản mới' }));
    await fireEvent.click(within(review).getByRole('button', { name: 'Áp dụng' }));
    const body = await screen.findByRole('textbox', { name: 'Nội dung bài viết' });
    expect(lastApply().accept).toEqual([true]);
    expect(body.innerHTML).toContain('<p>Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức');
  });

  it('keeps the edited paragraph by default, and explains an insertion', async () => {
    fake.meetingConflicts = [
      { part: { part: 'opening' }, index: 0, edited: 'Mở đầu do biên tập viết.', generated: 'Mở đầu mới.' },
      { part: { part: 'directive', number: 2 }, index: 5, edited: null, generated: 'Hai là, các cấp ủy.' },
    ];
    await openSampleMeeting();
    await fireEvent.click(screen.getByRole('button', { name: 'Viết vào bài' }));
    const review = await screen.findByRole('region', { name: 'Các đoạn bạn đã sửa' });
    const inserted = within(review).getByRole('group', { name: 'Nhiệm vụ «Hai là»' });
    expect(within(inserted).getByText(/Bạn đã xóa đoạn này/)).toBeTruthy();
    await fireEvent.click(within(review).getByRole('button', { name: 'Áp dụng' }));
    const body = await screen.findByRole('textbox', { name: 'Nội dung bài viết' });
    expect(lastApply().accept).toEqual([false, false]);
    expect(body.innerHTML).toContain('<p>Mở đầu do biên tập viết.</p>');
  });

  it('sends groups as {name: "", title}, in the order shown, and numbers the directives', async () => {
    const { onapplied } = renderBlank();
    await fireEvent.input(await screen.findByLabelText('Tên hội nghị'), { target: { value: 'hội nghị giao ban' } });
    await fireEvent.input(screen.getByLabelText('Đơn vị tổ chức'), { target: { value: 'UBND phường' } });
    await fireEvent.input(screen.getByLabelText('Ngày'), { target: { value: '2020-01-15' } });
    const add = screen.getByRole('button', { name: 'Thêm người dự' });
    await fireEvent.click(add);
    await fireEvent.click(add);
    const list = screen.getByRole('list', { name: 'Thành phần dự' });
    await fireEvent.input(within(list).getAllByRole('combobox')[0], { target: { value: 'Nguyễn Anh Tuấn' } });
    await fireEvent.click(within(list).getAllByRole('checkbox', { name: 'Nhóm' })[1]);
    await fireEvent.input(within(list).getByLabelText(/^Nhóm người dự/), {
      target: { value: 'các đồng chí Bí thư TCCS Đảng trực thuộc' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Chuyển người dự thứ 2 lên' }));

    await fireEvent.click(screen.getByRole('button', { name: 'Thêm nhiệm vụ' }));
    const first = screen.getByLabelText('Một là,');
    // Pasting the published directives splits them, without their ordinals.
    await fireEvent.paste(first, {
      clipboardData: { getData: () => 'Một là, các cấp ủy cần làm tốt.\n\nHai là, UBND các phường cải cách.' },
    });
    expect(screen.getByLabelText('Hai là,')).toHaveProperty('value', 'UBND các phường cải cách.');
    await fireEvent.click(screen.getByRole('button', { name: 'Xóa nhiệm vụ thứ 1' }));
    expect(screen.getByLabelText('Một là,')).toHaveProperty('value', 'UBND các phường cải cách.');
    await fireEvent.input(screen.getByLabelText('Khen thưởng'), { target: { value: 'khen 3 tập thể\n\n khen 2 cá nhân ' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Viết vào bài' }));
    await waitFor(() => expect(onapplied).toHaveBeenCalledTimes(1));
    expect(lastApply().meeting).toEqual({
      name: 'hội nghị giao ban',
      organiser: 'UBND phường',
      date: '2020-01-15',
      time: null,
      place: null,
      chaired_by: null,
      attendees: [
        { name: '', title: 'các đồng chí Bí thư TCCS Đảng trực thuộc' },
        { name: 'Nguyễn Anh Tuấn', title: '' },
      ],
      awards: ['khen 3 tập thể', 'khen 2 cá nhân'],
      directives_intro: null,
      directives: ['UBND các phường cải cách.'],
    });
    expect((onapplied.mock.calls[0][0] as Post).body_html).toContain('<p>Ngày 15/01/2020, UBND phường đã tổ chức hội nghị giao ban.</p>');
  });

  it('shows a failed write in the alert area and stays', async () => {
    fake.failures.set('meeting_preview', { code: 'store_failed', message: 'Kho dữ liệu báo lỗi.' });
    const { onapplied } = renderBlank();
    await fireEvent.input(await screen.findByLabelText('Tên hội nghị'), { target: { value: 'giao ban' } });
    await fireEvent.input(screen.getByLabelText('Đơn vị tổ chức'), { target: { value: 'UBND phường' } });
    await fireEvent.input(screen.getByLabelText('Ngày'), { target: { value: '2020-01-15' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Viết vào bài' }));
    await waitFor(() => expect(errors.current?.message).toBe('Kho dữ liệu báo lỗi.'));
    expect(onapplied).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Viết vào bài' })).toHaveProperty('disabled', false);
  });
});
