import { describe, expect, it } from 'vitest';
import { Contact } from '../../shared/records/schemas';
import { buildContact, contactFieldErrors, emptyContactForm } from './contactForm';

let n = 0;
const id = () => `s${++n}`;

describe('contact form', () => {
  it('records blood pressure as two LOINC-coded services and a medication with a regimen', () => {
    n = 0;
    const v = emptyContactForm('2026-11-25 14:30');
    Object.assign(v, { systolic: '128', diastolic: '82', temperature: '37,5', medication: 'Amlodipine 5 mg', instructions: 'with water' });
    v.periods.morning = true;
    v.periods.evening = true;
    const built = buildContact(v, 'p1', { id, close: new Date(2026, 10, 25, 15, 0, 0) });
    expect(built.errors).toEqual({});
    const doc = built.doc!;
    expect(doc).toMatchObject({ type: 'contact', patientId: 'p1', openingDate: 20261125143000, closingDate: 20261125150000 });
    expect(doc.services).toEqual([
      { id: 's1', label: 'Blood pressure systolic', valueDate: 20261125143000, codes: [{ type: 'LOINC', code: '8480-6', version: '2.76' }], content: { en: { measureValue: { value: 128, unit: 'mmHg' } } } },
      { id: 's2', label: 'Blood pressure diastolic', valueDate: 20261125143000, codes: [{ type: 'LOINC', code: '8462-4', version: '2.76' }], content: { en: { measureValue: { value: 82, unit: 'mmHg' } } } },
      { id: 's3', label: 'Temperature', valueDate: 20261125143000, codes: [{ type: 'LOINC', code: '8310-5', version: '2.76' }], content: { en: { measureValue: { value: 37.5, unit: '°C' } } } },
      {
        id: 's4',
        label: 'Medication',
        valueDate: 20261125143000,
        content: {
          en: {
            medicationValue: {
              medicinalProduct: { intendedname: 'Amlodipine 5 mg' },
              instructionForPatient: 'with water',
              regimen: [
                { dayPeriod: { type: 'CD-DAYPERIOD', code: 'morning', version: '1' }, administratedQuantity: { quantity: 1, unit: 'tablet' } },
                { dayPeriod: { type: 'CD-DAYPERIOD', code: 'evening', version: '1' }, administratedQuantity: { quantity: 1, unit: 'tablet' } },
              ],
            },
          },
        },
      },
    ]);
    expect(built.serviceField).toEqual(['systolic', 'diastolic', 'temperature', 'medication']);
    // What the editor builds passes the stored schema once the core stamps it.
    const stamped = { ...doc, _id: 'c1', created: 1, modified: 1, author: 'u', device: 'd' };
    expect(Contact.safeParse(stamped).success).toBe(true);
  });

  it('refuses half a blood pressure, words for numbers and a regimen without a product', () => {
    const v = emptyContactForm('yesterday');
    Object.assign(v, { systolic: '128', weight: 'heavy' });
    v.periods.morning = true;
    const built = buildContact(v, 'p1');
    expect(built.doc).toBeUndefined();
    expect(built.errors).toEqual({
      openingDate: 'enter a date as YYYY-MM-DD HH:MM',
      diastolic: 'enter the diastolic value too',
      weight: 'enter a number, e.g. 128 or 37.5',
      medication: 'enter the product, or clear the instructions and intake times',
    });
  });

  it('places the core’s service errors on the field they came from', () => {
    expect(contactFieldErrors({ 'services.1.content.en.measureValue.value': 'too big', openingDate: 'bad' }, ['systolic', 'diastolic'])).toEqual({
      diastolic: 'too big',
      openingDate: 'bad',
    });
  });
});
