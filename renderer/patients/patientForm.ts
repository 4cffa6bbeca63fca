// Patient form values ⇄ patient document. Saving starts from the document being edited, so
// fields this form does not show (from another client or a newer version) go back untouched.
// Errors are codes (patients:errors.<code>), the same rules as the core's (shared/clinical).
import { patientIssues, patientWarnings, type PatientWarning } from '../../shared/clinical/patient-rules';
import { readTypedDate, todayFuzzyDate } from '../../shared/dates';
import { asArray, asObject, asString, newId, showTypedDate } from '../forms/values';

export const ADDRESS_TYPES = [
  'home',
  'work',
  'vacation',
  'hospital',
  'clinic',
  'hq',
  'postal',
  'temporary',
  'other',
] as const;
export const TELECOM_TYPES = ['mobile', 'phone', 'email', 'fax', 'web', 'pager', 'other'] as const;

export type TelecomForm = { id: string; telecomType: string; telecomNumber: string };
export type AddressForm = {
  id: string;
  addressType: string;
  street: string;
  houseNumber: string;
  postboxNumber: string;
  postalCode: string;
  city: string;
  country: string;
  telecoms: TelecomForm[];
};
export type PatientFormValues = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: string;
  ssin: string;
  languages: string;
  note: string;
  addresses: AddressForm[];
};

const ADDRESS_TEXT = ['street', 'houseNumber', 'postboxNumber', 'postalCode', 'city', 'country'] as const;

export function emptyTelecom(): TelecomForm {
  return { id: newId(), telecomType: 'mobile', telecomNumber: '' };
}

export function emptyAddress(): AddressForm {
  return {
    id: newId(),
    addressType: 'home',
    street: '',
    houseNumber: '',
    postboxNumber: '',
    postalCode: '',
    city: '',
    country: '',
    telecoms: [],
  };
}

export function toPatientForm(doc: Record<string, unknown> | undefined): PatientFormValues {
  const d = doc ?? {};
  return {
    firstName: asString(d.firstName),
    lastName: asString(d.lastName),
    dateOfBirth: showTypedDate(d.dateOfBirth),
    gender: asString(d.gender) || 'unknown',
    ssin: asString(d.ssin),
    languages: asArray(d.languages).map(asString).filter(Boolean).join(', '),
    note: asString(d.note),
    addresses: asArray(d.addresses).map((raw) => {
      const a = asObject(raw);
      return {
        id: asString(a.id) || newId(),
        addressType: asString(a.addressType) || 'home',
        street: asString(a.street),
        houseNumber: asString(a.houseNumber),
        postboxNumber: asString(a.postboxNumber),
        postalCode: asString(a.postalCode),
        city: asString(a.city),
        country: asString(a.country),
        telecoms: asArray(a.telecoms).map((rawT) => {
          const t = asObject(rawT);
          return {
            id: asString(t.id) || newId(),
            telecomType: asString(t.telecomType) || 'other',
            telecomNumber: asString(t.telecomNumber),
          };
        }),
      };
    }),
  };
}

/** A kept draft back into form values; undefined when it is not one (another shape, another version). */
export function patientValuesFrom(raw: unknown): PatientFormValues | undefined {
  const o = asObject(raw);
  const keys = ['firstName', 'lastName', 'dateOfBirth', 'gender', 'ssin', 'languages', 'note'] as const;
  if (keys.some((k) => typeof o[k] !== 'string') || !Array.isArray(o.addresses)) return undefined;
  const text = (k: (typeof keys)[number]) => o[k] as string;
  return {
    firstName: text('firstName'),
    lastName: text('lastName'),
    dateOfBirth: text('dateOfBirth'),
    gender: text('gender'),
    ssin: text('ssin'),
    languages: text('languages'),
    note: text('note'),
    addresses: asArray(o.addresses).map((raw) => {
      const a = asObject(raw);
      const out = { ...emptyAddress(), id: asString(a.id) || newId(), addressType: asString(a.addressType) || 'home' };
      for (const k of ADDRESS_TEXT) out[k] = asString(a[k]);
      out.telecoms = asArray(a.telecoms).map((rawT) => {
        const t = asObject(rawT);
        return {
          id: asString(t.id) || newId(),
          telecomType: asString(t.telecomType) || 'other',
          telecomNumber: asString(t.telecomNumber),
        };
      });
      return out;
    }),
  };
}

/** Set a text field; an empty text removes it (rather than storing ""). */
function setText(target: Record<string, unknown>, key: string, value: string) {
  const v = value.trim();
  if (v) target[key] = v;
  else delete target[key];
}

function byId(list: unknown): Map<string, Record<string, unknown>> {
  const m = new Map<string, Record<string, unknown>>();
  for (const raw of asArray(list)) {
    const o = asObject(raw);
    if (typeof o.id === 'string') m.set(o.id, o);
  }
  return m;
}

/** `errors`: field path → error code; `warnings`: what the SSIN disagrees with (saving allowed). */
export type PatientDraftResult = {
  doc: Record<string, unknown>;
  errors: Record<string, string>;
  warnings: PatientWarning[];
};

const DATE_ERRORS = { format: 'dateFormat', impossible: 'dateImpossible', range: 'dateRange' } as const;

/**
 * Build the document to save, with every problem at once. `locked` holds top-level keys whose
 * stored value the form cannot represent: they are sent back exactly as stored.
 */
export function fromPatientForm(
  values: PatientFormValues,
  original: Record<string, unknown> | undefined,
  locked: ReadonlySet<string> = new Set(),
  today: number = todayFuzzyDate(),
): PatientDraftResult {
  const errors: Record<string, string> = {};
  const doc: Record<string, unknown> = { ...(original ?? {}), type: 'patient' };
  const edit = (key: string, apply: () => void) => {
    if (!locked.has(key)) apply();
  };

  edit('firstName', () => {
    doc.firstName = values.firstName.trim();
    if (!doc.firstName) errors.firstName = 'firstNameMissing';
  });
  edit('lastName', () => {
    doc.lastName = values.lastName.trim();
    if (!doc.lastName) errors.lastName = 'lastNameMissing';
  });
  edit('dateOfBirth', () => {
    if (!values.dateOfBirth.trim()) delete doc.dateOfBirth;
    else {
      const dob = readTypedDate(values.dateOfBirth);
      if (!dob.ok) errors.dateOfBirth = DATE_ERRORS[dob.problem];
      else doc.dateOfBirth = dob.value;
    }
  });
  edit('gender', () => {
    doc.gender = values.gender || 'unknown';
  });
  edit('ssin', () => setText(doc, 'ssin', values.ssin));
  edit('languages', () => {
    doc.languages = values.languages
      .split(/[\s,;]+/)
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
  });
  edit('note', () => setText(doc, 'note', values.note));
  edit('addresses', () => {
    const before = byId(original?.addresses);
    doc.addresses = values.addresses.map((a, i) => {
      const prev = before.get(a.id) ?? {};
      const out: Record<string, unknown> = { ...prev, id: a.id, addressType: a.addressType };
      for (const k of ADDRESS_TEXT) setText(out, k, a[k]);
      const prevTelecoms = byId(prev.telecoms);
      out.telecoms = a.telecoms.map((t, j) => {
        if (!t.telecomNumber.trim()) errors[`addresses.${i}.telecoms.${j}.telecomNumber`] = 'telecomMissing';
        return {
          ...(prevTelecoms.get(t.id) ?? {}),
          id: t.id,
          telecomType: t.telecomType,
          telecomNumber: t.telecomNumber.trim(),
        };
      });
      return out;
    });
  });
  // The core's rules, on the fields the form could read (a locked part is sent back as stored).
  for (const issue of patientIssues(doc, today, original)) {
    const top = issue.path.split('.')[0] ?? issue.path;
    if (!locked.has(top)) errors[issue.path] ??= issue.code;
  }
  const warnings = errors.ssin || errors.dateOfBirth ? [] : patientWarnings(doc);
  return { doc, errors, warnings };
}
