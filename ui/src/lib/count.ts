// Counts as people read them: "100.000" in Vietnamese, "100,000" in English.
import { getLang } from '../i18n/index.svelte';

const formats = new Map<string, Intl.NumberFormat>();

export function formatCount(n: number): string {
  const locale = getLang() === 'vi' ? 'vi-VN' : 'en';
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}
