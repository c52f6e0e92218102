import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime, fromVietnamInputs, toVietnamInputs } from './time';

describe('time formatting (Asia/Ho_Chi_Minh)', () => {
  it('runs in a zone other than Vietnam, so ignoring the zone would fail', () => {
    // vite.config.ts sets TZ=UTC for tests unless TZ is already set.
    expect(new Date('2020-01-16T04:19:00Z').getTimezoneOffset()).not.toBe(-420);
  });

  it('formats a UTC instant as dd/MM/yyyy | HH:mm in Vietnam time', () => {
    expect(formatDateTime('2020-01-16T04:19:00Z')).toBe('16/01/2020 | 11:19');
  });

  it('crosses midnight into the next day', () => {
    expect(formatDateTime('2020-01-15T17:30:00Z')).toBe('16/01/2020 | 00:30');
    expect(formatDateTime(new Date(Date.UTC(2023, 11, 31, 20, 5)))).toBe('01/01/2024 | 03:05');
  });

  it('formats times with a 24-hour clock', () => {
    expect(formatTime('2020-01-16T16:00:00Z')).toBe('23:00');
    expect(formatTime('2020-01-16T17:00:00Z')).toBe('00:00');
  });

  it('gives back unparseable input unchanged', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});


describe('publication time inputs', () => {
  it('shows a UTC time as Vietnam date and time inputs', () => {
    expect(toVietnamInputs('2020-01-16T04:19:00Z')).toEqual({ date: '2020-01-16', time: '11:19' });
    expect(toVietnamInputs('2020-01-15T20:30:00Z')).toEqual({ date: '2020-01-16', time: '03:30' });
    expect(toVietnamInputs(null)).toEqual({ date: '', time: '' });
  });
  it('reads the inputs as Vietnam time', () => {
    expect(fromVietnamInputs('2020-01-16', '11:19')).toBe('2020-01-16T11:19:00+07:00');
    expect(fromVietnamInputs('2020-01-16', '')).toBe('2020-01-16T00:00:00+07:00');
    expect(fromVietnamInputs('', '11:19')).toBeNull();
  });
});
