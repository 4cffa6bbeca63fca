import { describe, expect, it } from 'vitest';
import { decodeSsin, isValidSsin, ssinMismatches } from './ssin';

describe('SSIN', () => {
  it('checks the mod-97 digits, with the 2000s rule', () => {
    expect(isValidSsin('80031500186')).toBe(true);
    expect(isValidSsin('80.03.15-001.86')).toBe(true);
    expect(isValidSsin('80031500187')).toBe(false);
    expect(isValidSsin('12345678901')).toBe(false);
    expect(isValidSsin('0506070026')).toBe(false);
    expect(isValidSsin('05060700261')).toBe(true); // only valid with the '2' prefix
  });

  it('decodes birth date, century and sex', () => {
    expect(decodeSsin('80031500186')).toEqual({ year: 1980, month: 3, day: 15, sex: 'male', bis: false });
    expect(decodeSsin('80031500285')).toMatchObject({ sex: 'female' });
    expect(decodeSsin('05060700261')).toEqual({ year: 2005, month: 6, day: 7, sex: 'female', bis: false });
    // BIS numbers: month + 20 (sex unknown), + 40 (sex known).
    expect(decodeSsin('87231900159')).toEqual({ year: 1987, month: 3, day: 19, bis: true });
    expect(decodeSsin('87471900232')).toEqual({ year: 1987, month: 7, day: 19, sex: 'female', bis: true });
    expect(decodeSsin('12345678901')).toBeUndefined();
  });

  it('reports where the SSIN disagrees with date of birth and gender', () => {
    // The case: an SSIN of 1975-01-01 on a patient born 1980-03-15.
    expect(ssinMismatches('75010100196', 19800315, 'male')).toEqual([{ field: 'dateOfBirth', encoded: '19750101' }]);
    expect(ssinMismatches('80031500186', 19800315, 'female')).toEqual([{ field: 'gender', encoded: 'male' }]);
    expect(ssinMismatches('80031500186', 19800315, 'male')).toEqual([]);
    // Only known parts are compared; an unknown gender or a fuzzy date is no mismatch.
    expect(ssinMismatches('80031500186', 19800300, 'unknown')).toEqual([]);
    expect(ssinMismatches('80031500186', 19800000, undefined)).toEqual([]);
    expect(ssinMismatches('80031500186', 19810000, undefined)).toHaveLength(1);
    expect(ssinMismatches('87231900159', 19870319, 'female')).toEqual([]); // BIS without sex
    expect(ssinMismatches('not-a-number', 19800315, 'male')).toEqual([]);
  });
});
