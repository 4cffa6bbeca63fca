// Contact editor values → a contact document with one service per recorded fact, LOINC-coded for
// measurements (shared/clinical/measures.ts) so the data maps to FHIR later without guessing. The
// measure rules are the core's: impossible values are refused, unusual ones need a confirmation.
// A correction keeps every service id and every service the form does not show.
import {
  LOINC_VERSION,
  MEASURES,
  checkBloodPressure,
  checkMeasure,
  parseBloodPressure,
  type MeasureCode,
  type MeasureIssue,
} from '../../shared/clinical/measures';
import { fuzzyDateTimeFromDate } from '../../shared/dates';
import { newId, parseLooseDateTime, parseNumber } from '../forms/values';
import {
  DAY_PERIODS,
  LANGUAGE,
  MEASURE_FIELDS,
  contentOf,
  fieldOfSlot,
  type ContactBase,
  type ContactFormField,
  type ContactFormValues,
  type MeasureField,
  type Slot,
} from './contactForm';

/** What is wrong with a field, as a message key of the `contacts` namespace and its values. */
export type FieldIssue = {
  key: string;
  values?: Record<string, string | number>;
  /** Unusual values the person may confirm (the field then offers "this value is right"). */
  confirm?: MeasureIssue[];
};
export type FieldIssues = Partial<Record<ContactFormField, FieldIssue>>;

export type Built = {
  doc?: Record<string, unknown>;
  errors: FieldIssues;
  /** The unusual values confirmed, sent with the save for the core to accept them. */
  confirmedMeasures: MeasureCode[];
  /** Which form field each service came from, to place the core's "services.N…" messages. */
  serviceField: (ContactFormField | undefined)[];
};

export type BuildOptions = {
  close?: Date;
  id?: () => string;
  /** The saved contact being corrected. */
  base?: ContactBase;
  /** Unusual values the person confirmed: measure → the value confirmed. */
  confirmed?: Partial<Record<MeasureCode, number>>;
};

const issueKey = (i: MeasureIssue): FieldIssue => {
  const unit = MEASURES[i.code].unit;
  if (i.kind === 'precision') return { key: 'errors.precision', values: { decimals: MEASURES[i.code].decimals } };
  if (i.kind === 'order') return { key: 'errors.order' };
  return {
    key: i.kind === 'impossible' ? 'errors.impossible' : 'errors.unusual',
    values: { min: i.min, max: i.max, unit },
  };
};

type Ctx = { values: ContactFormValues; o: BuildOptions; errors: FieldIssues; confirmed: MeasureCode[] };

const storedValue = (o: BuildOptions, code: MeasureCode): unknown =>
  o.base?.slots[code] ? contentOf(o.base.slots[code]).measureValue : undefined;

/** The measures typed in one field, judged; undefined where nothing was typed. */
function readMeasures(ctx: Ctx, field: MeasureField): Partial<Record<MeasureCode, number>> | undefined {
  const text = ctx.values[field].trim();
  if (!text) return undefined;
  let read: Partial<Record<MeasureCode, number>>;
  if (field === 'bloodPressure') {
    const bp = parseBloodPressure(text);
    if (!bp) {
      ctx.errors[field] = { key: 'errors.bloodPressure' };
      return undefined;
    }
    read = bp;
  } else {
    const n = parseNumber(text);
    if (n === undefined) {
      ctx.errors[field] = { key: 'errors.number' };
      return undefined;
    }
    read = { [field]: n };
  }
  const issues: MeasureIssue[] = [];
  for (const code of MEASURE_FIELDS[field]) {
    const value = read[code];
    // As the core: a value unchanged from the stored contact is not judged again.
    if (value === undefined || (storedValue(ctx.o, code) as { value?: unknown } | undefined)?.value === value) continue;
    const issue = checkMeasure(code, value);
    if (issue) issues.push(issue);
  }
  if (field === 'bloodPressure' && read.systolic !== undefined && read.diastolic !== undefined && issues.length === 0) {
    const order = checkBloodPressure(read.systolic, read.diastolic);
    if (order) issues.push(order);
  }
  const blocking = issues.find((i) => i.kind !== 'unusual');
  const unconfirmed = issues.filter((i) => i.kind === 'unusual' && ctx.o.confirmed?.[i.code] !== i.value);
  if (blocking) ctx.errors[field] = issueKey(blocking);
  else if (unconfirmed[0]) ctx.errors[field] = { ...issueKey(unconfirmed[0]), confirm: unconfirmed };
  else for (const i of issues) ctx.confirmed.push(i.code);
  return read;
}

function medicationContent(ctx: Ctx): Record<string, unknown> | undefined {
  const v = ctx.values;
  const product = v.medication.trim();
  const chosen = DAY_PERIODS.filter((p) => v.periods[p]);
  if (!product) {
    if (v.instructions.trim() || chosen.length > 0) ctx.errors.medication = { key: 'errors.product' };
    return undefined;
  }
  const quantity = parseNumber(v.quantity);
  if (chosen.length > 0 && (quantity === undefined || quantity <= 0)) ctx.errors.quantity = { key: 'errors.quantity' };
  if (chosen.length > 0 && !v.quantityUnit.trim()) ctx.errors.quantityUnit = { key: 'errors.unit' };
  const medicationValue: Record<string, unknown> = { medicinalProduct: { intendedname: product } };
  if (v.instructions.trim()) medicationValue.instructionForPatient = v.instructions.trim();
  if (chosen.length > 0 && quantity !== undefined && quantity > 0) {
    medicationValue.regimen = chosen.map((p) => ({
      dayPeriod: { type: 'CD-DAYPERIOD', code: p, version: '1' },
      administratedQuantity: { quantity, unit: v.quantityUnit.trim() },
    }));
  }
  return { medicationValue };
}

/** What each slot holds now: its content, or undefined when empty. */
function slotContents(ctx: Ctx): Partial<Record<Slot, Record<string, unknown>>> {
  const out: Partial<Record<Slot, Record<string, unknown>>> = {};
  for (const field of Object.keys(MEASURE_FIELDS) as MeasureField[]) {
    const read = readMeasures(ctx, field);
    for (const code of MEASURE_FIELDS[field]) {
      const value = read?.[code];
      if (value !== undefined) out[code] = { measureValue: { value, unit: MEASURES[code].unit } };
    }
  }
  if (ctx.values.note.trim()) out.note = { stringValue: ctx.values.note.trim() };
  const med = medicationContent(ctx);
  if (med) out.medication = med;
  return out;
}

const SLOT_ORDER: Slot[] = [
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'temperature',
  'weight',
  'height',
  'note',
  'medication',
];
const slotLabel = (slot: Slot) =>
  slot === 'note' ? 'Note' : slot === 'medication' ? 'Medication' : MEASURES[slot].label;
const slotCodes = (slot: Slot) =>
  slot === 'note' || slot === 'medication'
    ? undefined
    : [{ type: 'LOINC', code: MEASURES[slot].loinc[0], version: LOINC_VERSION }];

export function buildContact(values: ContactFormValues, patientId: string, o: BuildOptions = {}): Built {
  const ctx: Ctx = { values, o, errors: {}, confirmed: [] };
  const openingDate = parseLooseDateTime(values.openingDate);
  if (openingDate === undefined) ctx.errors.openingDate = { key: 'errors.date' };
  const contents = slotContents(ctx);
  const makeId = o.id ?? newId;
  const base = o.base;
  const fresh = (slot: Slot, content: Record<string, unknown>) => {
    const codes = slotCodes(slot);
    return {
      id: makeId(),
      label: slotLabel(slot),
      ...(openingDate !== undefined ? { valueDate: openingDate } : {}),
      ...(codes ? { codes } : {}),
      content: { [LANGUAGE]: content },
    };
  };
  // A correction: every stored service stays, in its place, with its id; those the form shows get
  // the new content (other languages kept as received).
  const services: Record<string, unknown>[] = [];
  const serviceField: (ContactFormField | undefined)[] = [];
  const slotById = new Map(Object.entries(base?.slots ?? {}).map(([slot, s]) => [s.id, slot as Slot]));
  for (const stored of (Array.isArray(base?.doc.services) ? base.doc.services : []) as Record<string, unknown>[]) {
    const slot = slotById.get(stored.id);
    if (!slot) {
      services.push(stored);
      serviceField.push(undefined);
      continue;
    }
    const content = contents[slot];
    if (!content) ctx.errors[fieldOfSlot(slot)] ??= { key: 'errors.cleared' };
    const next: Record<string, unknown> = {
      ...stored,
      content: { ...(stored.content as object), [LANGUAGE]: content ?? contentOf(stored) },
    };
    // Measured at the contact's time: a corrected opening date moves it too.
    if (stored.valueDate === base?.doc.openingDate && openingDate !== undefined) next.valueDate = openingDate;
    services.push(next);
    serviceField.push(fieldOfSlot(slot));
  }
  for (const slot of SLOT_ORDER) {
    const content = contents[slot];
    if (!content || base?.slots[slot]) continue;
    services.push(fresh(slot, content));
    serviceField.push(fieldOfSlot(slot));
  }

  if (Object.keys(ctx.errors).length > 0) return { errors: ctx.errors, confirmedMeasures: [], serviceField };
  const doc: Record<string, unknown> = base
    ? { ...base.doc, openingDate, services }
    : { type: 'contact', patientId, openingDate, services, subContacts: [] };
  if (values.descr.trim()) doc.descr = values.descr.trim();
  else delete doc.descr;
  if (o.close) doc.closingDate = fuzzyDateTimeFromDate(o.close);
  return { doc, errors: {}, confirmedMeasures: ctx.confirmed, serviceField };
}

/** Map the core's field errors ("services.2.content.en.measureValue.value") onto form fields. */
export function contactFieldErrors(
  fields: Record<string, string>,
  serviceField: (ContactFormField | undefined)[],
): Partial<Record<ContactFormField, string>> {
  const out: Partial<Record<ContactFormField, string>> = {};
  for (const [key, msg] of Object.entries(fields)) {
    const m = /^services\.(\d+)/.exec(key);
    const field: ContactFormField | undefined = m
      ? serviceField[Number(m[1])]
      : key === 'openingDate' || key === 'descr'
        ? key
        : undefined;
    if (field) out[field] ??= msg;
  }
  return out;
}
