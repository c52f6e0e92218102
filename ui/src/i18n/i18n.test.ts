import { describe, expect, it } from 'vitest';
import vi from './vi.json';
import en from './en.json';
import { setLang, t } from './index.svelte';

describe('translation files', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it.each([
    ['vi', vi],
    ['en', en],
  ] as const)('%s: every value is a non-empty NFC string', (_name, messages) => {
    for (const [key, value] of Object.entries(messages)) {
      expect(typeof value, key).toBe('string');
      expect(value.length, key).toBeGreaterThan(0);
      expect(value.normalize('NFC') === value, `${key} is not NFC`).toBe(true);
    }
  });

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(names(en[key]), key).toEqual(names(vi[key]));
    }
  });
});

describe('t()', () => {
  it('fills placeholders and follows the language', () => {
    setLang('vi');
    expect(t('posts.publishedAt', { date: '16/01/2020 | 11:19' })).toBe('Ngày đăng 16/01/2020 | 11:19');
    setLang('en');
    expect(t('posts.publishedAt', { date: '16/01/2020 | 11:19' })).toBe('Published 16/01/2020 | 11:19');
    expect(document.documentElement.lang).toBe('en');
    setLang('vi');
  });
});
