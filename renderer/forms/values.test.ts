import { describe, expect, it } from 'vitest';
import { parseLooseDateTime, showFuzzyDateTime, showTypedDate } from './values';

describe('typed values', () => {
  it('reads date-times as ISO and the Belgian way, with or without a time', () => {
    expect(parseLooseDateTime('2024-03-05 14:30')).toBe(20240305143000);
    expect(parseLooseDateTime('2024-03-05')).toBe(20240305000000);
    expect(parseLooseDateTime('05/03/2024')).toBe(20240305000000);
    expect(parseLooseDateTime('05.03.2024 14:30')).toBe(20240305143000);
    expect(parseLooseDateTime('03/2024')).toBe(20240300000000);
    expect(parseLooseDateTime('30/02/2024')).toBeUndefined();
    expect(parseLooseDateTime('05/03/2024 25:00')).toBeUndefined();
    expect(parseLooseDateTime('soon')).toBeUndefined();
  });
  it('shows a stored date of birth as a clinician writes it', () => {
    expect(showTypedDate(19870719)).toBe('19/07/1987');
    expect(showTypedDate(19870700)).toBe('07/1987');
    expect(showTypedDate('19870719')).toBe('');
  });
  it('shows date-times day/month/year, and reads back what it shows', () => {
    for (const v of [20240305143000, 20240305000000, 20240300000000]) {
      expect(parseLooseDateTime(showFuzzyDateTime(v))).toBe(v);
    }
    expect(showFuzzyDateTime(20240305143000)).toBe('05/03/2024 14:30');
  });
});
