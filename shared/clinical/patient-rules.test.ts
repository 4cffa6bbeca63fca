import { describe, expect, it } from 'vitest';
import { patientIssueMessages, patientIssues, patientWarnings, telecomProblem } from './patient-rules';

const TODAY = 20261202;
const patient = (extra: Record<string, unknown> = {}) => ({
  type: 'patient',
  firstName: 'Ilse',
  lastName: 'Peeters',
  ...extra,
});
const withTelecom = (telecomType: string, telecomNumber: string, id = 't1') =>
  patient({ addresses: [{ id: 'a1', addressType: 'home', telecoms: [{ id, telecomType, telecomNumber }] }] });

describe('patient rules', () => {
  it('refuses a date of birth in the future, today and earlier pass', () => {
    expect(patientIssues(patient({ dateOfBirth: 20310501 }), TODAY)).toEqual([
      { path: 'dateOfBirth', code: 'dobFuture' },
    ]);
    expect(patientIssues(patient({ dateOfBirth: 20261203 }), TODAY)).toHaveLength(1);
    expect(patientIssues(patient({ dateOfBirth: TODAY }), TODAY)).toEqual([]);
    expect(patientIssues(patient({ dateOfBirth: 20261200 }), TODAY)).toEqual([]); // December 2026, day unknown
    expect(patientIssues(patient({ dateOfBirth: 20270000 }), TODAY)).toHaveLength(1);
  });

  it('checks a date of death against today and the date of birth', () => {
    expect(patientIssues(patient({ dateOfBirth: 19800101, dateOfDeath: 19790101 }), TODAY)).toEqual([
      { path: 'dateOfDeath', code: 'dodBeforeDob' },
    ]);
    expect(patientIssues(patient({ dateOfDeath: 20300101 }), TODAY)).toEqual([
      { path: 'dateOfDeath', code: 'dodFuture' },
    ]);
  });

  it('checks e-mail addresses and phone numbers by their type', () => {
    expect(telecomProblem('email', 'not-an-email')).toBe('emailInvalid');
    expect(telecomProblem('email', 'a@b')).toBe('emailInvalid');
    expect(telecomProblem('email', 'ilse.peeters@telenet.be')).toBeUndefined();
    expect(telecomProblem('mobile', '+32 470 12 34 56')).toBeUndefined();
    expect(telecomProblem('phone', '02/123.45.67')).toBeUndefined();
    expect(telecomProblem('phone', '0032 (0)2 123 45 67')).toBeUndefined();
    expect(telecomProblem('mobile', 'call me')).toBe('phoneInvalid');
    expect(telecomProblem('mobile', '123')).toBe('phoneInvalid');
    expect(telecomProblem('fax', '02 123 45 67 +1')).toBe('phoneInvalid');
    expect(telecomProblem('web', 'www.example.be')).toBeUndefined();
    expect(telecomProblem('web', 'not a site')).toBe('webInvalid');
    expect(telecomProblem('other', 'anything')).toBeUndefined();
    expect(patientIssues(withTelecom('email', 'not-an-email'), TODAY)).toEqual([
      { path: 'addresses.0.telecoms.0.telecomNumber', code: 'emailInvalid' },
    ]);
  });

  it('refuses a bad SSIN and says so in the core’s words', () => {
    const issues = patientIssues(patient({ ssin: '12345678901', dateOfBirth: 20310501 }), TODAY);
    expect(patientIssueMessages(issues)).toEqual({
      dateOfBirth: 'the date of birth is in the future',
      ssin: 'not a valid national number (11 digits with a check)',
    });
  });

  it('does not hold a value already stored unchanged against an edit', () => {
    const stored = { ...withTelecom('email', 'old-bad'), dateOfBirth: 20310501 };
    expect(patientIssues({ ...stored, note: 'new note' }, TODAY, stored)).toEqual([]);
    const changed = {
      ...stored,
      addresses: [{ id: 'a1', telecoms: [{ id: 't1', telecomType: 'email', telecomNumber: 'still-bad' }] }],
    };
    expect(patientIssues(changed, TODAY, stored)).toHaveLength(1);
  });

  it('warns, without refusing, when the SSIN disagrees with date of birth or gender', () => {
    const doc = patient({ ssin: '75010100196', dateOfBirth: 19800315, gender: 'female' });
    expect(patientIssues(doc, TODAY)).toEqual([]);
    expect(patientWarnings(doc)).toEqual([
      { path: 'ssin', code: 'ssinDob', date: 19750101 },
      { path: 'ssin', code: 'ssinGender', sex: 'male' },
    ]);
    expect(patientWarnings(patient({ ssin: '80031500186', dateOfBirth: 19800315, gender: 'male' }))).toEqual([]);
  });
});
