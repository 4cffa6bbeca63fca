// Patient rules beyond the record's shape, the same for the form and the core: a date of birth
// is not in the future, telecoms look like what their type says, the SSIN has its check. The
// SSIN's agreement with the date of birth and gender is only a warning.
import { isValidSsin, ssinMismatches, type SsinSex } from './ssin';

export type PatientRuleCode =
  'dobFuture' | 'dodFuture' | 'dodBeforeDob' | 'ssinInvalid' | 'emailInvalid' | 'phoneInvalid' | 'webInvalid';
/** `path` is the field's path in the record ("addresses.0.telecoms.1.telecomNumber"). */
export type PatientIssue = { path: string; code: PatientRuleCode };
/** `date`: the birth date the SSIN encodes (fuzzy YYYYMMDD); `sex`: the sex it encodes. */
export type PatientWarning =
  { path: 'ssin'; code: 'ssinDob'; date: number } | { path: 'ssin'; code: 'ssinGender'; sex: SsinSex };

/** The core's words for a refusal (the form shows its own, translated). */
export const PATIENT_RULE_MESSAGES: Record<PatientRuleCode, string> = {
  dobFuture: 'the date of birth is in the future',
  dodFuture: 'the date of death is in the future',
  dodBeforeDob: 'the date of death is before the date of birth',
  ssinInvalid: 'not a valid national number (11 digits with a check)',
  emailInvalid: 'not an e-mail address (name@domain.be)',
  phoneInvalid: 'not a phone number (digits, optionally starting with +)',
  webInvalid: 'not a web address',
};

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Digits with the usual separators; a leading + or 00 for international numbers.
const PHONE = /^\+?[\d\s./()-]+$/;
const WEB = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$/i;

/** The problem with a telecom's number or address for its type, if any. */
export function telecomProblem(type: string, value: string): PatientRuleCode | undefined {
  const v = value.trim();
  if (!v) return undefined; // an empty number is the schema's message
  if (type === 'email') return EMAIL.test(v) ? undefined : 'emailInvalid';
  if (type === 'mobile' || type === 'phone' || type === 'fax' || type === 'pager') {
    const digits = v.replace(/\D/g, '').length;
    return PHONE.test(v) && digits >= 6 && digits <= 17 ? undefined : 'phoneInvalid';
  }
  if (type === 'web') return WEB.test(v) ? undefined : 'webInvalid';
  return undefined;
}

type Doc = Record<string, unknown>;
const list = (v: unknown): Doc[] =>
  Array.isArray(v) ? v.filter((x): x is Doc => typeof x === 'object' && x !== null) : [];

function telecomsOf(doc: Doc | undefined): Map<string, Doc> {
  const out = new Map<string, Doc>();
  for (const a of list(doc?.addresses))
    for (const t of list(a.telecoms)) if (typeof t.id === 'string') out.set(t.id, t);
  return out;
}

/**
 * What stops a patient from being saved. With `stored` (the version being edited), a value that
 * is already stored unchanged is not held against the save: nothing else could be corrected.
 */
export function patientIssues(doc: Doc, today: number, stored?: Doc): PatientIssue[] {
  const out: PatientIssue[] = [];
  const changed = (key: string) => !stored || stored[key] !== doc[key];
  const dob = typeof doc.dateOfBirth === 'number' ? doc.dateOfBirth : undefined;
  const dod = typeof doc.dateOfDeath === 'number' ? doc.dateOfDeath : undefined;
  if (dob !== undefined && dob > today && changed('dateOfBirth')) out.push({ path: 'dateOfBirth', code: 'dobFuture' });
  if (dod !== undefined && changed('dateOfDeath')) {
    if (dod > today) out.push({ path: 'dateOfDeath', code: 'dodFuture' });
    else if (dob !== undefined && dod < dob) out.push({ path: 'dateOfDeath', code: 'dodBeforeDob' });
  }
  if (typeof doc.ssin === 'string' && doc.ssin.trim() && !isValidSsin(doc.ssin) && changed('ssin'))
    out.push({ path: 'ssin', code: 'ssinInvalid' });
  const before = telecomsOf(stored);
  list(doc.addresses).forEach((a, i) =>
    list(a.telecoms).forEach((t, j) => {
      const type = typeof t.telecomType === 'string' ? t.telecomType : '';
      const value = typeof t.telecomNumber === 'string' ? t.telecomNumber : '';
      const prev = typeof t.id === 'string' ? before.get(t.id) : undefined;
      if (prev && prev.telecomType === type && prev.telecomNumber === value) return;
      const code = telecomProblem(type, value);
      if (code) out.push({ path: `addresses.${i}.telecoms.${j}.telecomNumber`, code });
    }),
  );
  return out;
}

/** The issues as the core reports them: field path → message. */
export function patientIssueMessages(issues: readonly PatientIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path] ??= PATIENT_RULE_MESSAGES[i.code];
  return out;
}

/** Where the SSIN disagrees with the date of birth or gender: shown beside the SSIN, saving allowed. */
export function patientWarnings(doc: Doc): PatientWarning[] {
  if (typeof doc.ssin !== 'string' || !doc.ssin.trim()) return [];
  const dob = typeof doc.dateOfBirth === 'number' ? doc.dateOfBirth : undefined;
  const gender = typeof doc.gender === 'string' ? doc.gender : undefined;
  return ssinMismatches(doc.ssin, dob, gender).map((m): PatientWarning =>
    m.field === 'dateOfBirth'
      ? { path: 'ssin', code: 'ssinDob', date: Number(m.encoded) }
      : { path: 'ssin', code: 'ssinGender', sex: m.encoded as SsinSex },
  );
}
