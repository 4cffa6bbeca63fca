// One table of writes, each with the answer the role policy gives: roles.test.ts runs it against
// the pure policy (shared/auth/roles.ts), the ES5 function evaluated in-process, and the practice
// server over HTTP. `ME` in a document stands for the writing user's name.
import { REASONS, type Role } from '../../shared/auth/roles';

export const ME = '$me';
type Doc = Record<string, unknown>;

export type RoleCase = {
  name: string;
  role: Role | null; // null: a user without a role
  old?: Doc; // the stored version (written by a server admin first)
  next: Doc | 'delete';
  expect: string | null; // null: accepted, else the reason
};

const med = (id: string, name: string): Doc => ({
  id,
  label: 'Medication',
  content: { en: { medicationValue: { medicinalProduct: { intendedname: name } } } },
});
const measure = (id: string, value: number): Doc => ({
  id,
  label: 'Heart rate',
  codes: [{ type: 'LOINC', code: '8867-4' }],
  content: { en: { measureValue: { value, unit: '/min' } } },
});
const note = (id: string, text: string): Doc => ({ id, label: 'Note', content: { en: { stringValue: text } } });
const contact = (services: Doc[], author = ME): Doc => ({
  type: 'contact',
  author,
  device: 'ws1',
  patientId: 'p1',
  openingDate: 20261202090000,
  services,
});
const problem = (extra: Doc = {}, author = ME): Doc => ({
  type: 'healthElement',
  author,
  healthElementId: 'h',
  patientId: 'p1',
  descr: 'Hypertension',
  tags: [{ type: 'CD-ITEM', code: 'problem' }],
  ...extra,
});
const patient = (extra: Doc = {}, author = ME): Doc => ({
  type: 'patient',
  author,
  firstName: 'Ann',
  lastName: 'Peeters',
  ...extra,
});
const log = (extra: Doc = {}): Doc => ({
  type: 'accessLog',
  author: ME,
  user: ME,
  accessType: 'USER_ACCESS',
  patientId: 'p1',
  date: 1764662400000,
  ...extra,
});
// A stored access log is someone's: written by them, so the table's stored one names `ME` too.
const storedLog = log();
const OTHER = 'someone-else';

const everyone: Array<Role | null> = ['doctor', 'nurse', 'secretary', null];
const label = (r: Role | null) => r ?? 'no role';
const onMeds = contact([med('m1', 'Amlodipine 5 mg'), measure('s1', 70)], OTHER);

export const ROLE_CASES: RoleCase[] = [
  // secretary
  {
    name: 'secretary edits a patient',
    role: 'secretary',
    old: patient({}, OTHER),
    next: patient({ lastName: 'Claes' }),
    expect: null,
  },
  {
    name: 'secretary adds a telecom',
    role: 'secretary',
    next: patient({
      addresses: [{ id: 'a', addressType: 'home', telecoms: [{ id: 't', telecomType: 'phone', telecomNumber: '02' }] }],
    }),
    expect: null,
  },
  {
    name: "secretary writes a patient's note",
    role: 'secretary',
    old: patient({}, OTHER),
    next: patient({ note: 'x' }),
    expect: REASONS.note,
  },
  {
    name: 'secretary writes a contact',
    role: 'secretary',
    next: contact([note('s1', 'hello')]),
    expect: REASONS.notForRole('secretary', 'contact'),
  },
  {
    name: 'secretary updates a contact',
    role: 'secretary',
    old: contact([], OTHER),
    next: contact([note('s1', 'x')]),
    expect: REASONS.notForRole('secretary', 'contact'),
  },
  {
    name: 'secretary writes a health element',
    role: 'secretary',
    next: problem(),
    expect: REASONS.notForRole('secretary', 'healthElement'),
  },
  {
    name: 'secretary deletes a contact',
    role: 'secretary',
    old: contact([], OTHER),
    next: 'delete',
    expect: REASONS.notForRole('secretary', 'contact'),
  },
  {
    name: 'secretary turns a contact into a patient',
    role: 'secretary',
    old: contact([], OTHER),
    next: patient(),
    expect: REASONS.notForRole('secretary', 'contact'),
  },
  {
    name: "secretary settles a contact's merge",
    role: 'secretary',
    next: {
      type: 'conflictResolution',
      author: ME,
      docId: 'c',
      docType: 'contact',
      resolvedRev: '',
      discarded: [],
      choices: {},
    },
    expect: REASONS.notForRole('secretary', 'contact'),
  },
  // nurse
  {
    name: 'nurse records a measure and a note',
    role: 'nurse',
    old: onMeds,
    next: contact([...(onMeds.services as Doc[]), measure('s2', 72), note('s3', 'fine')]),
    expect: null,
  },
  { name: 'nurse starts a contact with measures', role: 'nurse', next: contact([measure('s1', 70)]), expect: null },
  {
    name: 'nurse adds a medication',
    role: 'nurse',
    old: contact([measure('s1', 70)], OTHER),
    next: contact([measure('s1', 70), med('m2', 'Ibuprofen')]),
    expect: REASONS.medication,
  },
  {
    name: 'nurse changes a medication',
    role: 'nurse',
    old: onMeds,
    next: contact([med('m1', 'Amlodipine 10 mg'), measure('s1', 70)]),
    expect: REASONS.medication,
  },
  {
    name: 'nurse removes a medication',
    role: 'nurse',
    old: onMeds,
    next: contact([measure('s1', 70)]),
    expect: REASONS.medication,
  },
  {
    name: 'nurse deletes a contact holding a medication',
    role: 'nurse',
    old: onMeds,
    next: 'delete',
    expect: REASONS.medication,
  },
  { name: 'nurse records a problem', role: 'nurse', next: problem(), expect: null },
  {
    name: 'nurse closes a problem',
    role: 'nurse',
    old: problem({}, OTHER),
    next: problem({ closingDate: 20261202100000 }),
    expect: REASONS.closeProblem,
  },
  {
    name: 'nurse marks a problem inactive',
    role: 'nurse',
    old: problem({}, OTHER),
    next: problem({ status: 1 }),
    expect: REASONS.closeProblem,
  },
  {
    name: 'nurse deletes a problem',
    role: 'nurse',
    old: problem({}, OTHER),
    next: 'delete',
    expect: REASONS.closeProblem,
  },
  {
    name: 'nurse closes "no known allergies"',
    role: 'nurse',
    old: problem({ tags: [], codes: [{ type: 'SNOMED', code: '716186003' }] }, OTHER),
    next: problem({ tags: [], codes: [{ type: 'SNOMED', code: '716186003' }], closingDate: 20261202100000 }),
    expect: null,
  },
  // doctor and no role: everything
  ...(['doctor', null] as const).flatMap((role): RoleCase[] => [
    {
      name: `${label(role)} adds a medication`,
      role,
      old: contact([], OTHER),
      next: contact([med('m1', 'Amlodipine 5 mg')]),
      expect: null,
    },
    {
      name: `${label(role)} closes a problem`,
      role,
      old: problem({}, OTHER),
      next: problem({ closingDate: 20261202100000 }),
      expect: null,
    },
    { name: `${label(role)} deletes a problem`, role, old: problem({}, OTHER), next: 'delete', expect: null },
    {
      name: `${label(role)} writes a patient's note`,
      role,
      old: patient({}, OTHER),
      next: patient({ note: 'x' }),
      expect: null,
    },
  ]),
  // access logs, for everyone
  ...everyone.flatMap((role): RoleCase[] => [
    { name: `${label(role)} writes their access log`, role, next: log(), expect: null },
    {
      name: `${label(role)} writes someone else's access log`,
      role,
      next: log({ user: OTHER }),
      expect: REASONS.accessLogOwner,
    },
    {
      name: `${label(role)} changes an access log`,
      role,
      old: storedLog,
      next: log({ patientId: 'p2' }),
      expect: REASONS.accessLogChanged,
    },
    {
      name: `${label(role)} deletes an access log`,
      role,
      old: storedLog,
      next: 'delete',
      expect: REASONS.accessLogDeleted,
    },
  ]),
  // user records
  {
    name: 'nurse edits her own user record',
    role: 'nurse',
    next: { type: 'user', author: ME, login: ME, name: 'Nel' },
    expect: null,
  },
  {
    name: "secretary writes another's user record",
    role: 'secretary',
    next: { type: 'user', author: ME, login: OTHER },
    expect: REASONS.otherUser,
  },
  {
    name: 'nurse gives herself a role',
    role: 'nurse',
    next: { type: 'user', author: ME, login: ME, roles: ['doctor'] },
    expect: REASONS.userRoles,
  },
  {
    name: 'doctor writes a user record',
    role: 'doctor',
    next: { type: 'user', author: ME, login: OTHER, roles: ['nurse'] },
    expect: null,
  },
  // the record types
  {
    name: 'doctor writes an unknown type',
    role: 'doctor',
    next: { type: 'invoice', author: ME },
    expect: REASONS.unknownType('invoice'),
  },
];

/** The document with `ME` replaced by the writer's name, everywhere. */
export function as(doc: Doc, me: string): Doc {
  return JSON.parse(JSON.stringify(doc).split(JSON.stringify(ME)).join(JSON.stringify(me))) as Doc;
}
