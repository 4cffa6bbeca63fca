import { describe, expect, it } from 'vitest';
import { FuzzyDate, FuzzyDateTime, formatFuzzyDate, formatFuzzyDateTime, parseFuzzyDate, parseFuzzyDateTime } from './dates';

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
