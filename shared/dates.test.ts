import { describe, expect, it } from 'vitest';
import {
  FuzzyDate,
  FuzzyDateTime,
  formatFuzzyDate,
  formatFuzzyDateDmy,
  formatFuzzyDateTimeDmy,
  formatFuzzyDateTime,
  parseFuzzyDate,
  parseFuzzyDateTime,
  parseTypedDate,
  readTypedDate,
  todayFuzzyDate,
} from './dates';

describe('fuzzy dates', () => {
  it('accepts unknown month or day as 00 and rejects impossible dates', () => {
    expect(FuzzyDate.safeParse(19740000).success).toBe(true);
    expect(FuzzyDate.safeParse(19740300).success).toBe(true);
    expect(FuzzyDate.safeParse(19740321).success).toBe(true);
    expect(FuzzyDate.safeParse(19740230).success).toBe(false);
    expect(FuzzyDate.safeParse(19740021).success).toBe(false);
    expect(FuzzyDate.safeParse(19741321).success).toBe(false);
    expect(FuzzyDate.safeParse(1974).success).toBe(false);
  });
  it('round-trips text and numbers', () => {
    expect(parseFuzzyDate('1974-03-21')).toBe(19740321);
    expect(parseFuzzyDate('1974-03')).toBe(19740300);
    expect(parseFuzzyDate('1974')).toBe(19740000);
    expect(parseFuzzyDate('21/03/1974')).toBeUndefined();
    expect(formatFuzzyDate(19740321)).toBe('1974-03-21');
    expect(formatFuzzyDate(19740300)).toBe('1974-03');
    expect(formatFuzzyDate(19740000)).toBe('1974');
  });
  it('handles date-times', () => {
    expect(FuzzyDateTime.safeParse(20261125143000).success).toBe(true);
    expect(FuzzyDateTime.safeParse(20261125253000).success).toBe(false);
    expect(parseFuzzyDateTime('2026-11-25T14:30')).toBe(20261125143000);
    expect(formatFuzzyDateTime(20261125143000)).toBe('2026-11-25 14:30');
    expect(formatFuzzyDateTime(20261125000000)).toBe('2026-11-25');
  });
});

describe('typed dates (Belgian day/month/year and ISO)', () => {
  it('reads day/month/year with /, . or -, the compact form, and ISO as before', () => {
    for (const t of ['31/12/1980', '31.12.1980', '31-12-1980', '31121980', '1980-12-31', ' 31/12/1980 ', '1/2/1980'])
      expect(parseTypedDate(t), t).toBe(t === '1/2/1980' ? 19800201 : 19801231);
    expect(parseTypedDate('12/1980')).toBe(19801200);
    expect(parseTypedDate('12.1980')).toBe(19801200);
    expect(parseTypedDate('1980-12')).toBe(19801200);
    expect(parseTypedDate('1980')).toBe(19800000);
  });
  it('tells a date that does not exist from text that is not a date', () => {
    expect(readTypedDate('2023-02-30')).toEqual({ ok: false, problem: 'impossible' });
    expect(readTypedDate('30/02/2023')).toEqual({ ok: false, problem: 'impossible' });
    expect(readTypedDate('31/13/1980')).toEqual({ ok: false, problem: 'impossible' });
    expect(readTypedDate('29/02/2024')).toEqual({ ok: true, value: 20240229 });
    expect(readTypedDate('yesterday')).toEqual({ ok: false, problem: 'format' });
    expect(readTypedDate('31/12/80')).toEqual({ ok: false, problem: 'format' });
    expect(readTypedDate('31/12/1780')).toEqual({ ok: false, problem: 'range' });
  });
  it('writes dates as a clinician does and knows today', () => {
    expect(formatFuzzyDateDmy(19801231)).toBe('31/12/1980');
    expect(formatFuzzyDateDmy(19800200)).toBe('02/1980');
    expect(formatFuzzyDateTimeDmy(20240305143000)).toBe('05/03/2024 14:30');
    expect(formatFuzzyDateTimeDmy(20240305000000)).toBe('05/03/2024');
    expect(formatFuzzyDateDmy(19800000)).toBe('1980');
    expect(parseTypedDate(formatFuzzyDateDmy(19870719))).toBe(19870719);
    expect(todayFuzzyDate(new Date(2026, 11, 2, 23, 59))).toBe(20261202);
  });
});
