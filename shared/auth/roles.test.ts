// The role policy, pure: who reads which records, and which writes each role may make.
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../records/schemas';
import { medicationsChanged } from './facts';
import {
  REASONS,
  canRead,
  canReadRecord,
  keepHidden,
  redact,
  roleFromServerRoles,
  writeProblem,
  type Role,
} from './roles';

const med = (id: string, name: string) => ({
  id,
  label: 'Medication',
  content: { en: { medicationValue: { medicinalProduct: { intendedname: name } } } },
});
const measure = (id: string, value: number) => ({
  id,
  label: 'Heart rate',
  codes: [{ type: 'LOINC', code: '8867-4' }],
  content: { en: { measureValue: { value, unit: '/min' } } },
});
const note = (id: string, text: string) => ({ id, label: 'Note', content: { en: { stringValue: text } } });
const contact = (services: unknown[], extra: object = {}) => ({
  _id: 'c1',
  _rev: '1-a',
  type: 'contact',
  author: 'x',
  patientId: 'p1',
  openingDate: 20261202090000,
  services,
  ...extra,
});
const problem = (extra: object = {}) => ({
  _id: 'h1',
  _rev: '1-a',
  type: 'healthElement',
  author: 'x',
  healthElementId: 'h1',
  patientId: 'p1',
  descr: 'Hypertension',
  tags: [{ type: 'CD-ITEM', code: 'problem' }],
  ...extra,
});
const patient = (extra: object = {}) => ({
  _id: 'p1',
  type: 'patient',
  author: 'x',
  firstName: 'A',
  lastName: 'B',
  ...extra,
});
const log = (extra: object = {}) => ({
  _id: 'l1',
  type: 'accessLog',
  author: 'ann',
  user: 'ann',
  accessType: 'USER_ACCESS',
  patientId: 'p1',
  date: 1,
  ...extra,
});
const tomb = (id: string) => ({ _id: id, _rev: '2-b', _deleted: true });

describe('roleFromServerRoles', () => {
  it('reads cw-role:, none is a doctor, several or unknown give the least access', () => {
    expect(roleFromServerRoles([])).toBe('doctor');
    expect(roleFromServerRoles(['nurse', 'staff'])).toBe('doctor'); // not ours: ignored
    expect(roleFromServerRoles(['cw-role:nurse'])).toBe('nurse');
    expect(roleFromServerRoles(['cw-role:doctor', 'cw-role:secretary'])).toBe('secretary');
    expect(roleFromServerRoles(['cw-role:doctor', 'cw-role:nurse'])).toBe('nurse');
    expect(roleFromServerRoles(['cw-role:pharmacist'])).toBe('secretary');
  });
});

describe('reading', () => {
  it('a secretary reads administrative records only; doctors, nurses and no role read all', () => {
    const secretary = RECORD_TYPES.filter((t) => canRead('secretary', t));
    expect(secretary).toEqual(['patient', 'healthcareParty', 'user', 'accessLog', 'conflictResolution']);
    for (const role of ['doctor', 'nurse', null, undefined] as const)
      expect(RECORD_TYPES.every((t) => canRead(role, t))).toBe(true);
  });
  it('access logs: doctors all, others their own; merges: whoever reads the merged record', () => {
    expect(canReadRecord('doctor', log(), 'bob')).toBe(true);
    expect(canReadRecord('nurse', log(), 'bob')).toBe(false);
    expect(canReadRecord('secretary', log(), 'ann')).toBe(true);
    const merge = (docType: string) => ({ type: 'conflictResolution', docType, discarded: [] });
    expect(canReadRecord('secretary', merge('patient'), 'ann')).toBe(true);
    expect(canReadRecord('secretary', merge('contact'), 'ann')).toBe(false);
    expect(canReadRecord('secretary', contact([]), 'ann')).toBe(false);
    expect(canReadRecord('nurse', contact([]), 'ann')).toBe(true);
  });
  it("hides a patient's note from a secretary and puts it back when she saves", () => {
    const stored = patient({ note: 'private' });
    expect(redact('secretary', stored)).not.toHaveProperty('note');
    expect(redact('doctor', stored)).toHaveProperty('note', 'private');
    const merge = { type: 'conflictResolution', docType: 'patient', discarded: [stored] };
    expect(redact('secretary', merge).discarded).toEqual([patient()]);
    const draft = { ...redact('secretary', stored), lastName: 'C' };
    const saved = keepHidden('secretary', draft, stored);
    expect(saved).toMatchObject({ lastName: 'C', note: 'private' });
    expect(writeProblem('secretary', saved, stored)).toBeNull();
    expect(writeProblem('secretary', { ...saved, note: 'typed' }, stored)).toBe(REASONS.note);
  });
});

describe('writeProblem', () => {
  const all: Array<Role | null> = ['doctor', 'nurse', 'secretary', null];
  it('a secretary writes demographics, never contacts or health elements, nor deletes them', () => {
    expect(writeProblem('secretary', patient({ lastName: 'C' }), patient())).toBeNull();
    expect(writeProblem('secretary', contact([note('s1', 'x')]), null)).toBe(
      REASONS.notForRole('secretary', 'contact'),
    );
    expect(writeProblem('secretary', problem(), null)).toBe(REASONS.notForRole('secretary', 'healthElement'));
    expect(writeProblem('secretary', tomb('c1'), contact([]))).toBe(REASONS.notForRole('secretary', 'contact'));
    // Nor turns a contact into something she may write.
    expect(writeProblem('secretary', patient({ _id: 'c1' }), contact([]))).toBe(
      REASONS.notForRole('secretary', 'contact'),
    );
    const merge = { type: 'conflictResolution', author: 'x', docType: 'contact', discarded: [] };
    expect(writeProblem('secretary', merge, null)).toBe(REASONS.notForRole('secretary', 'contact'));
    expect(writeProblem('secretary', { ...merge, docType: 'patient' }, null)).toBeNull();
  });
  it('a nurse records measures and notes, but closes no problem and changes no medication', () => {
    const old = contact([med('m1', 'Amlodipine 5 mg'), measure('s1', 70)]);
    expect(writeProblem('nurse', contact([...old.services, measure('s2', 72), note('s3', 'ok')]), old)).toBeNull();
    expect(writeProblem('nurse', contact([measure('s1', 70)]), null)).toBeNull();
    expect(writeProblem('nurse', contact([med('m1', 'Amlodipine 5 mg')]), null)).toBe(REASONS.medication);
    expect(writeProblem('nurse', contact([med('m1', 'Amlodipine 10 mg'), measure('s1', 70)]), old)).toBe(
      REASONS.medication,
    );
    expect(writeProblem('nurse', contact([measure('s1', 70)]), old)).toBe(REASONS.medication);
    expect(writeProblem('nurse', tomb('c1'), old)).toBe(REASONS.medication);
    expect(writeProblem('nurse', tomb('c1'), contact([measure('s1', 70)]))).toBeNull();
    expect(writeProblem('nurse', problem(), null)).toBeNull();
    expect(writeProblem('nurse', problem({ note: 'since 2020' }), problem())).toBeNull();
    expect(writeProblem('nurse', problem({ closingDate: 20261202000000 }), problem())).toBe(REASONS.closeProblem);
    expect(writeProblem('nurse', problem({ status: 1 }), problem())).toBe(REASONS.closeProblem);
    expect(writeProblem('nurse', tomb('h1'), problem())).toBe(REASONS.closeProblem);
    // "No known allergies" is closed by recording an allergy; turning a problem into one is closing it.
    const nka = problem({ tags: [], codes: [{ type: 'SNOMED', code: '716186003' }] });
    expect(writeProblem('nurse', { ...nka, closingDate: 20261202000000 }, nka)).toBeNull();
    expect(writeProblem('nurse', nka, problem())).toBe(REASONS.closeProblem);
    expect(writeProblem('nurse', problem(), problem({ closingDate: 20250101000000 }))).toBeNull(); // reopening
  });
  it('a doctor, and a person without a role, may do all of it', () => {
    for (const role of ['doctor', null, undefined] as const) {
      expect(writeProblem(role, contact([med('m1', 'x')]), contact([]))).toBeNull();
      expect(writeProblem(role, problem({ closingDate: 20261202000000 }), problem())).toBeNull();
      expect(writeProblem(role, tomb('h1'), problem())).toBeNull();
    }
  });
  it('access logs: anyone writes their own, nobody changes or deletes one', () => {
    for (const role of all) {
      expect(writeProblem(role, log(), null)).toBeNull();
      expect(writeProblem(role, log({ user: 'bob' }), null)).toBe(REASONS.accessLogOwner);
      expect(writeProblem(role, log({ patientId: 'p2' }), log())).toBe(REASONS.accessLogChanged);
      expect(writeProblem(role, tomb('l1'), log())).toBe(REASONS.accessLogDeleted);
      expect(writeProblem(role, { ...log(), _rev: '1-a' }, log({ _rev: '1-a' }))).toBeNull(); // the same again
    }
  });
  it('user records: a doctor writes any; others their own, without changing roles', () => {
    const user = (login: string, extra: object = {}) => ({ _id: 'u', type: 'user', author: 'ann', login, ...extra });
    expect(writeProblem('nurse', user('ann', { name: 'Ann' }), user('ann'))).toBeNull();
    expect(writeProblem('nurse', user('bob'), null)).toBe(REASONS.otherUser);
    expect(writeProblem('secretary', user('ann', { roles: ['doctor'] }), user('ann'))).toBe(REASONS.userRoles);
    expect(writeProblem('doctor', user('bob', { roles: ['nurse'] }), null)).toBeNull();
  });
  it('refuses an unknown type; a deletion of nothing stored passes', () => {
    expect(writeProblem('doctor', { _id: 'x', type: 'invoice' }, null)).toBe(REASONS.unknownType('invoice'));
    expect(writeProblem('secretary', tomb('x'), null)).toBeNull();
  });
  it('compares medications by content, whatever the key order', () => {
    const a = contact([{ content: { en: { medicationValue: { a: 1, b: 2 } } }, id: 'm' }]);
    const b = contact([{ id: 'm', content: { en: { medicationValue: { b: 2, a: 1 } } } }]);
    expect(medicationsChanged(a, b)).toBe(false);
  });
});
