import { describe, expect, it } from 'vitest';
import { Contact } from '../../shared/records/schemas';
import { buildContact, contactFieldErrors } from './contactBuild';
import { contactValuesFrom, emptyContactForm, formFromContact } from './contactForm';

let n = 0;
const id = () => `s${++n}`;
const loinc = (code: string) => [{ type: 'LOINC', code, version: '2.76' }];

describe('contact form', () => {
  it('records blood pressure typed 128/82 as two LOINC-coded services, and a medication with a regimen', () => {
    n = 0;
    const v = emptyContactForm('2026-11-25 14:30');
    Object.assign(v, {
      bloodPressure: '128/82',
      temperature: '37,5',
      medication: 'Amlodipine 5 mg',
      instructions: 'with water',
    });
    v.periods.morning = true;
    v.periods.evening = true;
    const built = buildContact(v, 'p1', { id, close: new Date(2026, 10, 25, 15, 0, 0) });
    expect(built.errors).toEqual({});
    const doc = built.doc!;
    expect(doc).toMatchObject({
      type: 'contact',
      patientId: 'p1',
      openingDate: 20261125143000,
      closingDate: 20261125150000,
    });
    const at = { valueDate: 20261125143000 };
    expect(doc.services).toEqual([
      {
        id: 's1',
        label: 'Blood pressure systolic',
        ...at,
        codes: loinc('8480-6'),
        content: { en: { measureValue: { value: 128, unit: 'mmHg' } } },
      },
      {
        id: 's2',
        label: 'Blood pressure diastolic',
        ...at,
        codes: loinc('8462-4'),
        content: { en: { measureValue: { value: 82, unit: 'mmHg' } } },
      },
      {
        id: 's3',
        label: 'Temperature',
        ...at,
        codes: loinc('8310-5'),
        content: { en: { measureValue: { value: 37.5, unit: '°C' } } },
      },
      {
        id: 's4',
        label: 'Medication',
        ...at,
        content: {
          en: {
            medicationValue: {
              medicinalProduct: { intendedname: 'Amlodipine 5 mg' },
              instructionForPatient: 'with water',
              regimen: [
                {
                  dayPeriod: { type: 'CD-DAYPERIOD', code: 'morning', version: '1' },
                  administratedQuantity: { quantity: 1, unit: 'tablet' },
                },
                {
                  dayPeriod: { type: 'CD-DAYPERIOD', code: 'evening', version: '1' },
                  administratedQuantity: { quantity: 1, unit: 'tablet' },
                },
              ],
            },
          },
        },
      },
    ]);
    expect(built.serviceField).toEqual(['bloodPressure', 'bloodPressure', 'temperature', 'medication']);
    const stamped = { ...doc, _id: 'c1', created: 1, modified: 1, author: 'u', device: 'd' };
    expect(Contact.safeParse(stamped).success).toBe(true);
  });

  it('reports every error at once: a date, a blood pressure, an impossible value, words, a regimen without product', () => {
    const v = emptyContactForm('yesterday');
    Object.assign(v, { bloodPressure: '128', temperature: '373', weight: 'heavy', heartRate: '72' });
    v.periods.morning = true;
    const built = buildContact(v, 'p1');
    expect(built.doc).toBeUndefined();
    expect(built.errors).toEqual({
      openingDate: { key: 'errors.date' },
      bloodPressure: { key: 'errors.bloodPressure' },
      temperature: { key: 'errors.impossible', values: { min: 30, max: 45, unit: '°C' } },
      weight: { key: 'errors.number' },
      medication: { key: 'errors.product' },
    });
  });

  it('asks to confirm an unusual value, and saves it once that very value is confirmed', () => {
    const v = emptyContactForm('2026-11-25 14:30');
    Object.assign(v, { temperature: '33.5', spo2: '97' });
    const first = buildContact(v, 'p1');
    expect(first.errors.temperature).toMatchObject({
      key: 'errors.unusual',
      confirm: [{ code: 'temperature', value: 33.5 }],
    });
    expect(buildContact(v, 'p1', { confirmed: { temperature: 33.4 } }).doc).toBeUndefined();
    const ok = buildContact(v, 'p1', { confirmed: { temperature: 33.5 } });
    expect(ok.errors).toEqual({});
    expect(ok.confirmedMeasures).toEqual(['temperature']);
    v.bloodPressure = '82/128';
    expect(buildContact(v, 'p1', { confirmed: { temperature: 33.5 } }).errors.bloodPressure).toEqual({
      key: 'errors.order',
    });
  });

  it('corrects a saved contact: ids, places and services it does not show are kept; clearing a fact is refused', () => {
    n = 0;
    const v = emptyContactForm('2026-11-25 14:30');
    Object.assign(v, { bloodPressure: '128/82', weight: '80', note: 'Tired' });
    const saved: Record<string, unknown> & { _id: string; _rev: string } = {
      ...buildContact(v, 'p1', { id }).doc!,
      _id: 'c1',
      _rev: '1-a',
      created: 1,
    };
    const foreign = {
      id: 'x',
      label: 'Glucose',
      codes: loinc('2339-0'),
      content: { en: { measureValue: { value: 5.4, unit: 'mmol/L' } } },
    };
    (saved.services as unknown[]).splice(1, 0, foreign);
    const { values, base } = formFromContact(saved);
    expect(values).toMatchObject({
      bloodPressure: '128/82',
      weight: '80',
      note: 'Tired',
      openingDate: '25/11/2026 14:30', // shown day/month/year, as the form reads it back
    });
    values.bloodPressure = '138/82';
    values.height = '180';
    values.openingDate = '2026-11-24 09:00';
    const fixed = buildContact(values, 'p1', { id, base });
    expect(fixed.errors).toEqual({});
    const services = fixed.doc!.services as Array<{ id: string; content: unknown }>;
    expect(services.map((s) => s.id)).toEqual(['s1', 'x', 's2', 's3', 's4', 's5']);
    expect(services[0]!.content).toEqual({ en: { measureValue: { value: 138, unit: 'mmHg' } } });
    expect(services[1]).toBe(foreign);
    expect(services[0]).toMatchObject({ valueDate: 20261124090000 });
    expect(fixed.doc).toMatchObject({ openingDate: 20261124090000 });
    expect(fixed.doc).toMatchObject({ _id: 'c1', _rev: '1-a', created: 1 });
    values.weight = '';
    expect(buildContact(values, 'p1', { base }).errors.weight).toEqual({ key: 'errors.cleared' });
  });

  it('reads a draft back, ignoring what is not a field of the form', () => {
    const fallback = emptyContactForm('2026-11-25 14:30');
    const back = contactValuesFrom(
      { descr: 'Cough', heartRate: 72, periods: { morning: true, noon: true }, extra: 'x' },
      fallback,
    );
    expect(back).toMatchObject({ descr: 'Cough', heartRate: '', periods: { morning: true, midday: false } });
    expect(back).not.toHaveProperty('extra');
    expect(contactValuesFrom(null, fallback)).toBeUndefined();
  });

  it('places the core’s service errors on the field they came from', () => {
    expect(
      contactFieldErrors({ 'services.1.content.en.measureValue.value': 'too big', openingDate: 'bad' }, [
        'bloodPressure',
        'weight',
      ]),
    ).toEqual({
      weight: 'too big',
      openingDate: 'bad',
    });
  });
});
