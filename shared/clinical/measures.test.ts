import { describe, expect, it } from 'vitest';
import {
  MEASURES,
  MEASURE_CODES,
  bmi,
  checkContactMeasures,
  checkMeasure,
  isEnteredInError,
  measureCodeOf,
  parseBloodPressure,
} from './measures';

const service = (id: string, code: string, value: number, unit: string, extra: Record<string, unknown> = {}) => ({
  id,
  label: 'x',
  codes: [{ type: 'LOINC', code, version: '2.76' }],
  content: { en: { measureValue: { value, unit } } },
  ...extra,
});

describe('measure rules', () => {
  it('refuses values outside the limits, asks to confirm outside the plausible range, passes the rest', () => {
    expect(checkMeasure('systolic', 1280)).toMatchObject({ kind: 'impossible', min: 40, max: 300 });
    expect(checkMeasure('temperature', 373)).toMatchObject({ kind: 'impossible', min: 30, max: 45 });
    expect(checkMeasure('temperature', 34.5)).toBeUndefined();
    expect(checkMeasure('temperature', 33.2)).toMatchObject({ kind: 'unusual', min: 34, max: 42 });
    expect(checkMeasure('spo2', 101)).toMatchObject({ kind: 'impossible' });
    expect(checkMeasure('spo2', 80)).toMatchObject({ kind: 'unusual' });
    expect(checkMeasure('weight', 0.2)).toMatchObject({ kind: 'impossible' });
    expect(checkMeasure('weight', 0.9)).toMatchObject({ kind: 'unusual' });
    expect(checkMeasure('heartRate', 72)).toBeUndefined();
    expect(checkMeasure('systolic', 128.5)).toMatchObject({ kind: 'precision' });
    expect(checkMeasure('height', 250)).toMatchObject({ kind: 'unusual' });
    expect(checkMeasure('height', 250.1)).toMatchObject({ kind: 'impossible' });
  });

  it('keeps every plausible range inside its limits', () => {
    for (const code of MEASURE_CODES) {
      const r = MEASURES[code];
      expect(r.limits[0] <= r.plausible[0] && r.plausible[1] <= r.limits[1], code).toBe(true);
    }
  });

  it('reads blood pressure typed as one field', () => {
    expect(parseBloodPressure('128/82')).toEqual({ systolic: 128, diastolic: 82 });
    expect(parseBloodPressure(' 140 / 90 ')).toEqual({ systolic: 140, diastolic: 90 });
    expect(parseBloodPressure('1280/82')).toBeUndefined();
    expect(parseBloodPressure('128')).toBeUndefined();
  });

  it('computes BMI from weight and height', () => {
    expect(bmi(80, 180)).toBe(24.7);
    expect(bmi(80, undefined)).toBeUndefined();
  });

  it('finds the measure of a service by LOINC code, and the entered-in-error mark', () => {
    expect(measureCodeOf(service('a', '8480-6', 1, 'mmHg'))).toBe('systolic');
    expect(measureCodeOf(service('a', '2708-6', 1, '%'))).toBe('spo2');
    expect(measureCodeOf({ codes: [{ type: 'ICPC', code: '8480-6' }] })).toBeUndefined();
    expect(isEnteredInError({ enteredInError: { by: 'u', at: 1 } })).toBe(true);
    expect(isEnteredInError({})).toBe(false);
  });
});

describe('a contact’s measures', () => {
  it('names each issue with the path of its value', () => {
    const issues = checkContactMeasures([
      service('s', '8480-6', 1280, 'mmHg'),
      service('d', '8462-4', 82, 'mmHg'),
      service('t', '8310-5', 33, '°C'),
    ]);
    expect(issues.map((i) => [i.code, i.kind, i.path])).toEqual([
      ['systolic', 'impossible', 'services.0.content.en.measureValue.value'],
      ['temperature', 'unusual', 'services.2.content.en.measureValue.value'],
    ]);
  });

  it('passes a confirmed unusual value, never a confirmed impossible one', () => {
    const services = [service('t', '8310-5', 33, '°C'), service('w', '29463-7', 900, 'kg')];
    const issues = checkContactMeasures(services, { confirmed: ['temperature', 'weight'] });
    expect(issues.map((i) => i.code)).toEqual(['weight']);
  });

  it('refuses a diastolic at or above the systolic', () => {
    const issues = checkContactMeasures([service('s', '8480-6', 82, 'mmHg'), service('d', '8462-4', 128, 'mmHg')], {
      confirmed: ['systolic'],
    });
    expect(issues).toMatchObject([{ kind: 'order', path: 'services.1.content.en.measureValue.value' }]);
  });

  it('does not judge unchanged stored values, values entered in error, nor other units', () => {
    const old = service('s', '8480-6', 1280, 'mmHg');
    expect(checkContactMeasures([old], { previous: [old] })).toEqual([]);
    expect(
      checkContactMeasures([{ ...old, content: { en: { measureValue: { value: 1300, unit: 'mmHg' } } } }], {
        previous: [old],
      }),
    ).toHaveLength(1);
    expect(
      checkContactMeasures([service('s', '8480-6', 1280, 'mmHg', { enteredInError: { by: 'u', at: 1 } })]),
    ).toEqual([]);
    expect(checkContactMeasures([service('t', '8310-5', 99.5, '°F')])).toEqual([]);
  });
});
