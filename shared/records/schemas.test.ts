import { describe, expect, it } from 'vitest';
import { Contact, Content, Patient, RecordDraft, validSsin, validateRecord } from './schemas';

const stamp = { _id: 'x', created: 1, modified: 2, author: 'u', device: 'd' };

describe('record schemas', () => {
  it('keep unknown fields at every level', () => {
    const r = Patient.parse({ ...stamp, type: 'patient', firstName: 'A', lastName: 'B', future: 1, addresses: [{ id: 'a', addressType: 'home', telecoms: [], extra: 'x' }] });
    expect(r).toMatchObject({ future: 1, addresses: [{ extra: 'x' }] });
  });
  it('check the SSIN', () => {
    expect(validSsin('85073003328')).toBe(true);
    expect(validSsin('85073003329')).toBe(false);
    expect(Patient.safeParse({ ...stamp, type: 'patient', firstName: 'A', lastName: 'B', ssin: '85.07.30-033.29' }).success).toBe(false);
  });
  it('require exactly one value in a content', () => {
    expect(Content.safeParse({ stringValue: 'a' }).success).toBe(true);
    expect(Content.safeParse({}).success).toBe(false);
    expect(Content.safeParse({ stringValue: 'a', numberValue: 1 }).success).toBe(false);
    expect(Content.safeParse({ measureValue: { value: 128, unit: 'mmHg' } }).success).toBe(true);
    expect(Content.safeParse({ medicationValue: { medicinalProduct: { intendedname: 'Amlodipine 5 mg' }, regimen: [{ dayPeriod: { type: 'CD-DAYPERIOD', code: 'morning' }, administratedQuantity: { quantity: 1, unit: 'tablet' } }] } }).success).toBe(true);
  });
  it('keep the three kinds of date apart', () => {
    const base = { ...stamp, type: 'contact', patientId: 'p' };
    expect(Contact.safeParse({ ...base, openingDate: 20261125143000 }).success).toBe(true);
    expect(Contact.safeParse({ ...base, openingDate: 19740321 }).success).toBe(false); // a fuzzy date is not a date-time
    expect(Contact.safeParse({ ...base, openingDate: Date.now() }).success).toBe(false); // nor is epoch ms
    expect(Patient.safeParse({ ...stamp, type: 'patient', firstName: 'A', lastName: 'B', dateOfBirth: 20261125143000 }).success).toBe(false);
  });
  it('validate drafts by type and report unknown types', () => {
    expect(RecordDraft.safeParse({ type: 'patient', firstName: 'A', lastName: 'B' }).success).toBe(true);
    expect(RecordDraft.safeParse({ type: 'accessLog' }).success).toBe(false);
    expect(validateRecord({ type: 'spaceship' })).toEqual({ ok: false, errors: { type: 'unknown record type "spaceship"' } });
  });
});
