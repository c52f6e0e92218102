// Translations: every user-visible string goes through t().
import type { Lang } from '../lib/ipc/types';
import vi from './vi.json';
import en from './en.json';

export type MessageKey = keyof typeof vi;
type Messages = Record<MessageKey, string>;

const messages: Record<Lang, Messages> = { vi, en: en satisfies Messages };

let current = $state<Lang>('vi');

export const LANGS: readonly Lang[] = ['vi', 'en'];

export function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}

/** The current UI language (reactive). */
export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = isLang(lang) ? lang : 'vi';
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

/** Translate `key` into the current language, filling `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[current][key] ?? messages.vi[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
