import { describe, expect, it } from 'vitest';
import { describeServiceValue } from './describe';

describe('service descriptions', () => {
  it('shows measures, notes and medications, and survives odd shapes', () => {
    expect(describeServiceValue({ content: { en: { measureValue: { value: 128, unit: 'mmHg' } } } })).toBe('128 mmHg');
    expect(describeServiceValue({ content: { fr: { stringValue: 'note' } } })).toBe('note');
    expect(
      describeServiceValue({
        content: {
          en: {
            medicationValue: {
              medicinalProduct: { intendedname: 'Amlodipine 5 mg' },
              regimen: [{ dayPeriod: { code: 'morning' }, administratedQuantity: { quantity: 1, unit: 'tablet' } }, { timeOfDay: 200000, administratedQuantity: { quantity: 2, unit: 'drops' } }],
            },
          },
        },
      }),
    ).toBe('Amlodipine 5 mg — 1 tablet morning, 2 drops at 20:00');
    expect(describeServiceValue({ content: 'broken' })).toBe('(no value this version can show)');
  });
});
