// Record schemas, in iCure's shapes (see DATA-MODEL.md). Every object is "loose": fields this
// version does not know (from a newer workstation or another iCure client) pass through and are
// written back untouched.
import { z } from 'zod';
import { EpochMs, FuzzyDate, FuzzyDateTime } from '../dates';

export const RECORD_TYPES = [
  'patient',
  'contact',
  'healthElement',
  'healthcareParty',
  'user',
  'accessLog',
  'conflictResolution',
] as const;
export const RecordType = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof RecordType>;

const text = (max = 500) => z.string().max(max);
const id = z.string().min(1).max(200);

export const CodeStub = z.looseObject({
  type: text(100).min(1),
  code: text(100).min(1),
  version: text(50).optional(),
});
export type CodeStub = z.infer<typeof CodeStub>;

// CouchDB reserves ids starting with "_": `_design/…` and `_local/…` are never replicated as
// records (a `_local/` record would be acknowledged and never leave the workstation), any other is
// refused by the server.
const recordId = id.refine((s) => !s.startsWith('_'), {
  message: 'a record id may not start with "_" (reserved by CouchDB for design and local documents)',
});

/** Fields every stored document carries; the core stamps them on each write. */
export const Stamp = {
  _id: recordId,
  _rev: z.string().optional(),
  created: EpochMs,
  modified: EpochMs,
  author: id,
  responsible: id.optional(),
  device: id,
  endOfLife: EpochMs.optional(),
  deletionDate: EpochMs.optional(),
  codes: z.array(CodeStub).optional(),
  tags: z.array(CodeStub).optional(),
};
/** The stamp fields, which callers never set themselves. */
export const STAMP_KEYS = ['created', 'modified', 'author', 'device'] as const;

export const Telecom = z.looseObject({
  id,
  telecomType: z.enum(['mobile', 'phone', 'email', 'fax', 'web', 'pager', 'other']),
  telecomNumber: text(200).min(1, 'enter a number or address'),
});
export type Telecom = z.infer<typeof Telecom>;

export const Address = z.looseObject({
  id,
  addressType: z.enum(['home', 'work', 'vacation', 'hospital', 'clinic', 'hq', 'postal', 'temporary', 'other']),
  street: text(200).optional(),
  houseNumber: text(20).optional(),
  postboxNumber: text(20).optional(),
  postalCode: text(20).optional(),
  city: text(100).optional(),
  country: text(100).optional(),
  telecoms: z.array(Telecom).default([]),
});
export type Address = z.infer<typeof Address>;

export const GENDERS = [
  'male',
  'female',
  'indeterminate',
  'changed',
  'changedToMale',
  'changedToFemale',
  'unknown',
] as const;

/** Belgian national number (SSIN): 11 digits whose last two are a mod-97 check. */
export function validSsin(ssin: string): boolean {
  if (!/^\d{11}$/.test(ssin)) return false;
  const base = ssin.slice(0, 9);
  const check = Number(ssin.slice(9));
  return 97 - (Number(base) % 97) === check || 97 - (Number('2' + base) % 97) === check;
}

export const Patient = z.looseObject({
  ...Stamp,
  type: z.literal('patient'),
  firstName: text(100).trim().min(1, 'enter a first name'),
  lastName: text(100).trim().min(1, 'enter a last name'),
  dateOfBirth: FuzzyDate.optional(),
  dateOfDeath: FuzzyDate.optional(),
  gender: z.enum(GENDERS).default('unknown'),
  ssin: z
    .string()
    .transform((s) => s.replace(/[\s.-]/g, ''))
    .refine((s) => s === '' || validSsin(s), 'not a valid national number (11 digits with a check)')
    .optional(),
  languages: z.array(text(10)).default([]),
  addresses: z.array(Address).default([]),
  note: text(10_000).optional(),
  active: z.boolean().default(true),
});
export type Patient = z.infer<typeof Patient>;

export const HealthcareParty = z.looseObject({
  ...Stamp,
  type: z.literal('healthcareParty'),
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  name: text(200).optional(),
  speciality: text(100).optional(),
  nihii: text(20).optional(),
  addresses: z.array(Address).default([]),
});
export type HealthcareParty = z.infer<typeof HealthcareParty>;

export const User = z.looseObject({
  ...Stamp,
  type: z.literal('user'),
  login: text(100).min(1),
  name: text(200).optional(),
  healthcarePartyId: id.optional(),
  roles: z.array(text(50)).default([]),
});
export type User = z.infer<typeof User>;

export const Measure = z.looseObject({
  value: z.number().finite(),
  unit: text(20).min(1),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  ref: z.number().finite().optional(),
});
export type Measure = z.infer<typeof Measure>;

export const RegimenItem = z.looseObject({
  dayPeriod: CodeStub.optional(),
  timeOfDay: z.number().int().min(0).max(235959).optional(),
  administratedQuantity: z.looseObject({ quantity: z.number().positive(), unit: text(30).min(1) }),
});
export type RegimenItem = z.infer<typeof RegimenItem>;

export const Medication = z.looseObject({
  medicinalProduct: z.looseObject({
    intendedname: text(300).min(1, 'enter a product'),
    intendedcds: z.array(CodeStub).optional(),
  }),
  instructionForPatient: text(2000).optional(),
  regimen: z.array(RegimenItem).optional(),
});
export type Medication = z.infer<typeof Medication>;

const CONTENT_KINDS = ['stringValue', 'numberValue', 'booleanValue', 'measureValue', 'medicationValue'] as const;

/** Content holds exactly one value kind. */
export const Content = z
  .looseObject({
    stringValue: text(20_000).optional(),
    numberValue: z.number().finite().optional(),
    booleanValue: z.boolean().optional(),
    measureValue: Measure.optional(),
    medicationValue: Medication.optional(),
  })
  .refine((c) => CONTENT_KINDS.filter((k) => c[k] !== undefined).length === 1, 'content must hold exactly one value');
export type Content = z.infer<typeof Content>;

/** Who marked a service "entered in error", when (epoch ms) and why: see shared/clinical/measures.ts. */
export const EnteredInError = z.looseObject({ by: id, at: EpochMs, reason: text(500).optional() });

export const Service = z.looseObject({
  id,
  label: text(200).min(1),
  valueDate: FuzzyDateTime.optional(),
  codes: z.array(CodeStub).optional(),
  tags: z.array(CodeStub).optional(),
  status: z.number().int().optional(),
  content: z.record(z.string().min(2).max(10), Content),
  endOfLife: EpochMs.optional(),
  enteredInError: EnteredInError.optional(),
});
export type Service = z.infer<typeof Service>;

export const SubContact = z.looseObject({
  id,
  descr: text(500).optional(),
  healthElementId: id.optional(),
  services: z.array(z.looseObject({ serviceId: id })).default([]),
});
export type SubContact = z.infer<typeof SubContact>;

export const Contact = z.looseObject({
  ...Stamp,
  type: z.literal('contact'),
  patientId: id,
  descr: text(500).optional(),
  openingDate: FuzzyDateTime,
  closingDate: FuzzyDateTime.optional(),
  location: text(200).optional(),
  encounterType: CodeStub.optional(),
  services: z.array(Service).default([]),
  subContacts: z.array(SubContact).default([]),
});
export type Contact = z.infer<typeof Contact>;

export const HealthElement = z.looseObject({
  ...Stamp,
  type: z.literal('healthElement'),
  healthElementId: id,
  patientId: id,
  descr: text(500).trim().min(1, 'describe the problem'),
  openingDate: FuzzyDateTime.optional(),
  closingDate: FuzzyDateTime.optional(),
  status: z.number().int().optional(),
  relevant: z.boolean().default(true),
  note: text(10_000).optional(),
  // Allergies and intolerances (tagged CD-ITEM allergy / intolerance): what, how it shows, how bad.
  agent: text(300).optional(),
  reaction: text(500).optional(),
  severity: z.enum(['mild', 'moderate', 'severe']).optional(),
});
export type HealthElement = z.infer<typeof HealthElement>;

export const AccessLog = z.looseObject({
  ...Stamp,
  type: z.literal('accessLog'),
  accessType: z.enum(['USER_ACCESS', 'COMPUTER_ACCESS']),
  user: id,
  patientId: id.optional(),
  objectId: id.optional(),
  date: EpochMs,
});
export type AccessLog = z.infer<typeof AccessLog>;

export const ConflictResolution = z.looseObject({
  ...Stamp,
  type: z.literal('conflictResolution'),
  docId: id,
  docType: RecordType,
  resolvedRev: z.string(),
  discarded: z.array(z.looseObject({ _id: id, _rev: z.string() })),
  choices: z.record(z.string(), z.string()),
});
export type ConflictResolution = z.infer<typeof ConflictResolution>;

export const RecordSchemas = {
  patient: Patient,
  contact: Contact,
  healthElement: HealthElement,
  healthcareParty: HealthcareParty,
  user: User,
  accessLog: AccessLog,
  conflictResolution: ConflictResolution,
} as const;

export type RecordOf<T extends RecordType> = z.infer<(typeof RecordSchemas)[T]>;
export type AnyRecord = { [K in RecordType]: RecordOf<K> }[RecordType];

/** Record types a person edits through the generic save call. */
export const EDITABLE_TYPES = ['patient', 'contact', 'healthElement', 'healthcareParty', 'user'] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

const unstamped = { _id: true, created: true, modified: true, author: true, device: true } as const;

/** What the renderer sends to save a record: the body without the stamps the core writes. */
export const Drafts = {
  patient: Patient.partial(unstamped),
  contact: Contact.partial(unstamped),
  healthElement: HealthElement.partial({ ...unstamped, healthElementId: true }),
  healthcareParty: HealthcareParty.partial(unstamped),
  user: User.partial(unstamped),
} as const;
export const RecordDraft = z.discriminatedUnion('type', [
  Drafts.patient,
  Drafts.contact,
  Drafts.healthElement,
  Drafts.healthcareParty,
  Drafts.user,
]);
export type RecordDraft = z.input<typeof RecordDraft>;
export type DraftOf<T extends EditableType> = z.input<(typeof Drafts)[T]>;

export { fieldErrors, validateRecord } from './validate';
