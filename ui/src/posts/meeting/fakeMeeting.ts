// The meeting commands in the test backend (test/fakeBackend.ts). A plain regeneration: the
// body becomes the template's paragraphs; conflicts are the ones a test asks for.
import type { Conflict, Meeting, MergeOutcome } from '../../lib/ipc/types';
import { ordinal } from './meeting';

/** Part of the sample report's fields (crates/newsroom/src/sample.rs, `meeting()`). */
export const SAMPLE_MEETING: Meeting = {
  name: 'tổng kết công tác dân vận năm 2019 và đánh giá kết quả thực hiện năm dân vận chính quyền năm 2019, triển khai nhiệm vụ năm 2020',
  organiser: 'Ban Dân vận Quận ủy',
  date: '2020-01-15',
  time: '14:00',
  place: null,
  chaired_by: null,
  attendees: [
    { name: 'Phạm Hải Hoa', title: '– TUV, Phó Trưởng Ban Thường trực Ban Dân vận Thành ủy' },
    { name: 'Nguyễn Anh Tuấn', title: 'Phó Bí thư thường trực Quận ủy' },
    { name: '', title: 'các đồng chí Bí thư TCCS Đảng trực thuộc' },
  ],
  awards: [
    'Bộ nội vụ đã tặng kỷ niệm chương “Vì sự nghiệp Quản lý nhà nước về tôn giáo” cho 03 cá nhân',
    'UBND quận Tây Hồ khen thưởng 11 tập thể có thành tích tiêu biểu trong thực hiện “Năm Dân vận chính quyền” năm 2019.',
  ],
  directives_intro:
    'Thay mặt các đồng chí lãnh đạo Quận, đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy đề nghị các cấp ủy, chính quyền, Thủ trưởng các cơ quan, đơn vị cần quan tâm thực hiện tốt một số nội dung, nhiệm vụ trọng tâm sau:',
  directives: [
    'Các cấp ủy đảng, chính quyền cần tiếp tục nâng cao nhận thức lãnh đạo, chỉ đạo đối với công tác dân vận.',
    'các cấp ủy, chính quyền nêu cao tinh thần trách nhiệm của người đứng đầu.',
  ],
};

const end = (s: string) => (/[.!?…:]$/.test(s) ? s : `${s.replace(/[;,\s]+$/, '')}.`);

/** Roughly what crates/newsroom/src/template.rs `render` writes, enough for tests. */
export function renderMeeting(m: Meeting): string[] {
  const hour = m.time ? Number(m.time.slice(0, 2)) : null;
  const buoi = hour === null ? null : hour < 11 ? 'Sáng' : hour < 13 ? 'Trưa' : hour < 18 ? 'Chiều' : 'Tối';
  const [y, mo, d] = m.date.split('-');
  const out = [end(`${buoi ? `${buoi} ngày` : 'Ngày'} ${d}/${mo}/${y}, ${m.organiser} đã tổ chức ${m.name}`)];
  const person = (a: { name: string; title: string }) =>
    !a.name ? a.title : a.title ? `đồng chí ${a.name} - ${a.title}` : `đồng chí ${a.name}`;
  if (m.chaired_by) out.push(end(`${person(m.chaired_by)} chủ trì hội nghị`));
  if (m.attendees.length) out.push(end(`Dự hội nghị có ${m.attendees.map(person).join('; ')}`));
  if (m.awards.length) out.push(end(`Nhân dịp này, ${m.awards.map((a) => a.replace(/[;.]$/, '')).join('; ')}`));
  if (m.directives_intro) out.push(m.directives_intro);
  m.directives.forEach((text, i) => out.push(end(`${ordinal(i + 1)} là, ${text}`)));
  return out;
}

/** The regenerated body, with each conflict's edited paragraph kept in place (as the core does). */
export function previewMeeting(m: Meeting, conflicts: Conflict[]): MergeOutcome {
  const paragraphs = renderMeeting(m);
  for (const c of conflicts) if (c.edited !== null) paragraphs[c.index] = c.edited;
  return { paragraphs, conflicts: structuredClone(conflicts) };
}

/** Like `MergeOutcome::resolve` in the core. */
export function resolveMeeting(outcome: MergeOutcome, accept: boolean[]): string[] {
  const out = [...outcome.paragraphs];
  for (let i = outcome.conflicts.length - 1; i >= 0; i--) {
    const c = outcome.conflicts[i];
    if (!accept[i]) continue;
    if (c.edited !== null && c.generated !== null) out[c.index] = c.generated;
    else if (c.edited !== null) out.splice(c.index, 1);
    else if (c.generated !== null) out.splice(Math.min(c.index, out.length), 0, c.generated);
  }
  return out;
}

export const paragraphsHtml = (paragraphs: string[]) =>
  paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`).join('');
