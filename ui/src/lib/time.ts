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
