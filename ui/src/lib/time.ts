// Dates are always shown in Vietnam's time zone, whatever the machine's zone is.
export const NEWSROOM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: NEWSROOM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: string | Date): Record<string, string> | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  const out: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) out[part.type] = part.value;
  return out;
}

/** "dd/MM/yyyy | HH:mm" in Asia/Ho_Chi_Minh. */
export function formatDateTime(value: string | Date): string {
  const p = parts(value);
  if (!p) return String(value);
  return `${p.day}/${p.month}/${p.year} | ${p.hour}:${p.minute}`;
}

/** "HH:mm" in Asia/Ho_Chi_Minh. */
export function formatTime(value: string | Date): string {
  const p = parts(value);
  if (!p) return String(value);
  return `${p.hour}:${p.minute}`;
}

/** A stored UTC time as the values of a date input and a time input, in Vietnam's time. */
export function toVietnamInputs(value: string | null): { date: string; time: string } {
  const p = value ? parts(value) : null;
  if (!p) return { date: '', time: '' };
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Date and time inputs read as Vietnam's time (UTC+7, no daylight saving), as RFC 3339. */
export function fromVietnamInputs(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const hm = /^\d{2}:\d{2}$/.test(time) ? time : '00:00';
  return `${date}T${hm}:00+07:00`;
}
