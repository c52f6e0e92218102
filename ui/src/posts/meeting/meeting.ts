// The meeting-report form's state, and the little it shows before the core fills in the
// template (the opening sentence as a hint, the ordinals next to the directives). The wording
// mirrors crates/newsroom/src/template.rs; the core's text is the one written into the post.
import type { Attendee, Meeting } from '../../lib/ipc/types';

/** A row of "Thành phần dự": a person (name + title) or a group written out in full. */
export type AttendeeRow = { key: number; group: boolean; name: string; title: string; text: string };
export type DirectiveRow = { key: number; text: string };

export type MeetingFormState = {
  name: string;
  organiser: string;
  /** 'YYYY-MM-DD' (what a date input holds), or '' when not set. */
  date: string;
  /** 'HH:MM', or '' when not known. */
  time: string;
  place: string;
  chairName: string;
  chairTitle: string;
  attendees: AttendeeRow[];
  /** One award per line. */
  awards: string;
  directivesIntro: string;
  directives: DirectiveRow[];
};

let nextKey = 1;
export const newKey = () => nextKey++;

export function attendeeRow(a?: Attendee): AttendeeRow {
  const name = a?.name ?? '';
  const group = !!a && !name.trim() && !!a.title.trim();
  return { key: newKey(), group, name, title: group ? '' : (a?.title ?? ''), text: group ? a!.title : '' };
}

export function directiveRow(text = ''): DirectiveRow {
  return { key: newKey(), text };
}

/** "2020-01-15" or "15/1/2020" as 'YYYY-MM-DD'; '' otherwise. */
export function isoDate(value: string): string {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : '';
}

/** "14:00", "14h00", "14h", "8g30" as 'HH:MM' (what a time input holds); '' when unreadable. */
export function inputTime(value: string | null): string {
  const m = /^(\d{1,2})\s*(?:[:hg]\s*(\d{1,2})?\s*p?)?$/.exec((value ?? '').trim().toLowerCase());
  if (!m) return '';
  const hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  if (hour > 23 || minute > 59) return '';
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export function fromMeeting(m: Meeting | null): MeetingFormState {
  return {
    name: m?.name ?? '',
    organiser: m?.organiser ?? '',
    date: isoDate(m?.date ?? ''),
    time: inputTime(m?.time ?? null),
    place: m?.place ?? '',
    chairName: m?.chaired_by?.name ?? '',
    chairTitle: m?.chaired_by?.title ?? '',
    attendees: (m?.attendees ?? []).map(attendeeRow),
    awards: (m?.awards ?? []).join('\n'),
    directivesIntro: m?.directives_intro ?? '',
    directives: (m?.directives ?? []).map((d) => directiveRow(d)),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The form as the core takes it; empty rows are left out. */
export function toMeeting(f: MeetingFormState): Meeting {
  const chairName = f.chairName.trim();
  const chairTitle = f.chairTitle.trim();
  return {
    name: f.name.trim(),
    organiser: f.organiser.trim(),
    date: f.date,
    time: f.time || null,
    place: f.place.trim() || null,
    chaired_by: chairName || chairTitle ? { name: chairName, title: chairTitle } : null,
    attendees: f.attendees
      .map((r) => (r.group ? { name: '', title: r.text.trim() } : { name: r.name.trim(), title: r.title.trim() }))
      .filter((a) => a.name || a.title),
    awards: lines(f.awards),
    directives_intro: f.directivesIntro.trim() || null,
    directives: f.directives.map((d) => d.text.trim()).filter(Boolean),
  };
}

const ORDINALS = [
  'Một',
  'Hai',
  'Ba',
  'Bốn',
  'Năm',
  'Sáu',
  'Bảy',
  'Tám',
  'Chín',
  'Mười',
  'Mười một',
  'Mười hai',
  'Mười ba',
  'Mười bốn',
  'Mười lăm',
  'Mười sáu',
  'Mười bảy',
  'Mười tám',
  'Mười chín',
  'Hai mươi',
];

/** "Một", "Hai", … "Hai mươi" (as the report writes "Một là, …"); null outside 1–20. */
export function ordinal(n: number): string | null {
  return ORDINALS[n - 1] ?? null;
}

/** A pasted directive without the "Hai là," it was published with. */
export function withoutOrdinal(text: string): string {
  const m = /^\s*([\p{L} ]+?)\s+là\s*,\s*/u.exec(text);
  return m && ORDINALS.some((o) => o.toLowerCase() === m[1].toLowerCase()) ? text.slice(m[0].length) : text;
}

/** Sáng before 11:00, Trưa before 13:00, Chiều before 18:00, then Tối; null without a time. */
export function partOfDay(time: string): string | null {
  const t = inputTime(time);
  if (!t) return null;
  const hour = Number(t.slice(0, 2));
  return hour < 11 ? 'Sáng' : hour < 13 ? 'Trưa' : hour < 18 ? 'Chiều' : 'Tối';
}

/**
 * The opening sentence as the template will write it, for the hint under the name:
 * "Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức …". `blank` stands in for an empty field.
 */
export function openingSentence(f: MeetingFormState, blank: string): string {
  const buoi = partOfDay(f.time);
  const day = buoi ? `${buoi} ngày` : 'Ngày';
  const iso = isoDate(f.date);
  const date = iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : 'dd/mm/yyyy';
  const clean = (s: string) => s.trim().replace(/\s+/g, ' ');
  const name = clean(f.name).replace(/\.+$/, '') || blank;
  const place = clean(f.place).replace(/\.+$/, '');
  return `${day} ${date}, ${clean(f.organiser) || blank} đã tổ chức ${name}${place ? ` tại ${place}` : ''}.`;
}

/** Moves item `i` of `list` by `step` (-1 up, +1 down), in place. */
export function move<T>(list: T[], i: number, step: number) {
  const j = i + step;
  if (j < 0 || j >= list.length) return;
  [list[i], list[j]] = [list[j], list[i]];
}
