// The contact editor's values: empty for a new contact, read back from a saved one for a correction
// (only the services the form can show faithfully; the others are kept untouched), and read back
// from a stored draft. Building the document from them is in contactBuild.ts.
import { MEASURES, isEnteredInError, measureCodeOf, type MeasureCode } from '../../shared/clinical/measures';
import { asArray, asObject, asString, showFuzzyDateTime } from '../forms/values';

export const LANGUAGE = 'en';
export const DAY_PERIODS = ['morning', 'midday', 'evening', 'beforebedtime'] as const;
export type DayPeriod = (typeof DAY_PERIODS)[number];

export type ContactFormValues = {
  openingDate: string;
  descr: string;
  /** "128/82": systolic/diastolic in one field. */
  bloodPressure: string;
  heartRate: string;
  spo2: string;
  temperature: string;
  weight: string;
  height: string;
  note: string;
  medication: string;
  instructions: string;
  quantity: string;
  quantityUnit: string;
  periods: Record<DayPeriod, boolean>;
};
export type ContactFormField = keyof ContactFormValues;

/** The measure fields, each with the measures it records. */
export const MEASURE_FIELDS = {
  bloodPressure: ['systolic', 'diastolic'],
  heartRate: ['heartRate'],
  spo2: ['spo2'],
  temperature: ['temperature'],
  weight: ['weight'],
  height: ['height'],
} as const satisfies Record<string, readonly MeasureCode[]>;
export type MeasureField = keyof typeof MEASURE_FIELDS;
export const fieldOfMeasure = (code: MeasureCode): MeasureField =>
  code === 'systolic' || code === 'diastolic' ? 'bloodPressure' : code;

/** A slot: one service the form shows and writes. */
export type Slot = MeasureCode | 'note' | 'medication';
export const fieldOfSlot = (slot: Slot): ContactFormField =>
  slot === 'note' || slot === 'medication' ? slot : fieldOfMeasure(slot);

export function emptyContactForm(openingDate: string): ContactFormValues {
  return {
    openingDate,
    descr: '',
    bloodPressure: '',
    heartRate: '',
    spo2: '',
    temperature: '',
    weight: '',
    height: '',
    note: '',
    medication: '',
    instructions: '',
    quantity: '1',
    quantityUnit: 'tablet',
    periods: { morning: false, midday: false, evening: false, beforebedtime: false },
  };
}

type Obj = Record<string, unknown>;

/** The contact being corrected: the stored document and which of its services fill which slot. */
export type ContactBase = { doc: Obj & { _id: string; _rev: string }; slots: Partial<Record<Slot, Obj>> };

export function contentOf(service: Obj): Obj {
  const content = asObject(service.content);
  return asObject(content[LANGUAGE] ?? Object.values(content)[0]);
}

const decimal = (n: unknown) => (typeof n === 'number' ? String(n) : '');

/** A medication the form can show exactly: its regimen, if any, only day periods with one quantity. */
function readMedication(c: Obj, v: ContactFormValues): boolean {
  const med = asObject(c.medicationValue);
  const product = asString(asObject(med.medicinalProduct).intendedname);
  const regimen = asArray(med.regimen).map(asObject);
  const quantities = regimen.map((r) => asObject(r.administratedQuantity));
  const first = quantities[0];
  const same = quantities.every((q) => q.quantity === first?.quantity && q.unit === first?.unit);
  const codes = regimen.map((r) => asString(asObject(r.dayPeriod).code));
  if (!product || !same || !codes.every((p) => (DAY_PERIODS as readonly string[]).includes(p))) return false;
  v.medication = product;
  v.instructions = asString(med.instructionForPatient);
  if (first) {
    v.quantity = decimal(first.quantity);
    v.quantityUnit = asString(first.unit);
  }
  for (const p of codes) v.periods[p as DayPeriod] = true;
  return true;
}

/** A saved contact → the editor's values and the base the correction is built on. */
export function formFromContact(doc: ContactBase['doc']): { values: ContactFormValues; base: ContactBase } {
  const v = emptyContactForm(showFuzzyDateTime(doc.openingDate));
  v.descr = asString(doc.descr);
  const slots: ContactBase['slots'] = {};
  const measured: Partial<Record<MeasureCode, string>> = {};
  for (const s of asArray(doc.services).map(asObject)) {
    if (isEnteredInError(s) || s.endOfLife !== undefined) continue;
    const c = contentOf(s);
    const code = measureCodeOf(s);
    const m = asObject(c.measureValue);
    if (code && !slots[code] && typeof m.value === 'number' && m.unit === MEASURES[code].unit) {
      slots[code] = s;
      measured[code] = String(m.value);
    } else if (!code && typeof c.stringValue === 'string' && !slots.note && asString(s.label) === 'Note') {
      slots.note = s;
      v.note = c.stringValue;
    } else if (!code && c.medicationValue !== undefined && !slots.medication && readMedication(c, v)) {
      slots.medication = s;
    }
  }
  // Half a blood pressure cannot be shown in the one field: both stay as stored.
  if (measured.systolic !== undefined && measured.diastolic !== undefined) {
    v.bloodPressure = `${measured.systolic}/${measured.diastolic}`;
  } else {
    delete slots.systolic;
    delete slots.diastolic;
  }
  for (const code of ['heartRate', 'spo2', 'temperature', 'weight', 'height'] as const) {
    if (measured[code] !== undefined) v[code] = measured[code];
  }
  return { values: v, base: { doc, slots } };
}

/** A stored draft back into values: every known field taken if it has the right type, else the default. */
export function contactValuesFrom(raw: unknown, fallback: ContactFormValues): ContactFormValues | undefined {
  const o = asObject(raw);
  if (Object.keys(o).length === 0) return undefined;
  const out: ContactFormValues = { ...fallback, periods: { ...fallback.periods } };
  for (const k of Object.keys(fallback) as ContactFormField[]) {
    if (k === 'periods') continue;
    if (typeof o[k] === 'string') out[k] = o[k];
  }
  const periods = asObject(o.periods);
  for (const p of DAY_PERIODS) if (typeof periods[p] === 'boolean') out.periods[p] = periods[p];
  return out;
}

export function sameValues(a: ContactFormValues, b: ContactFormValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
