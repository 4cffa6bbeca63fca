// Contact editor values → a contact document with one service per recorded fact. Codes follow
// LOINC for measurements so the data maps to FHIR later without guessing.
import { fuzzyDateTimeFromDate } from '../../shared/dates';
import { newId, parseLooseDateTime, parseNumber } from '../forms/values';

export const LANGUAGE = 'en';
export const DAY_PERIODS = [
  { code: 'morning', label: 'Morning' },
  { code: 'midday', label: 'Midday' },
  { code: 'evening', label: 'Evening' },
  { code: 'beforebedtime', label: 'Bedtime' },
] as const;
export type DayPeriod = (typeof DAY_PERIODS)[number]['code'];

export type ContactFormValues = {
  openingDate: string;
  descr: string;
  systolic: string;
  diastolic: string;
  weight: string;
  temperature: string;
  note: string;
  medication: string;
  instructions: string;
  quantity: string;
  quantityUnit: string;
  periods: Record<DayPeriod, boolean>;
};

export type ContactFormField = keyof ContactFormValues;

export function emptyContactForm(openingDate: string): ContactFormValues {
  return {
    openingDate,
    descr: '',
    systolic: '',
    diastolic: '',
    weight: '',
    temperature: '',
    note: '',
    medication: '',
    instructions: '',
    quantity: '1',
    quantityUnit: 'tablet',
    periods: { morning: false, midday: false, evening: false, beforebedtime: false },
  };
}

const loinc = (code: string) => [{ type: 'LOINC', code, version: '2.76' }];

type Built = {
  doc?: Record<string, unknown>;
  errors: Partial<Record<ContactFormField, string>>;
  /** Which form field each service came from, to place the core's "services.N…" messages. */
  serviceField: ContactFormField[];
};

export function buildContact(values: ContactFormValues, patientId: string, opts: { close?: Date; id?: () => string } = {}): Built {
  const makeId = opts.id ?? newId;
  const errors: Built['errors'] = {};
  const services: Record<string, unknown>[] = [];
  const serviceField: ContactFormField[] = [];

  const openingDate = parseLooseDateTime(values.openingDate);
  if (openingDate === undefined) errors.openingDate = 'enter a date as YYYY-MM-DD HH:MM';

  const num = (field: 'systolic' | 'diastolic' | 'weight' | 'temperature'): number | undefined => {
    const text = values[field];
    if (!text.trim()) return undefined;
    const n = parseNumber(text);
    if (n === undefined) errors[field] = 'enter a number, e.g. 128 or 37.5';
    else if (n <= 0) errors[field] = 'enter a value above zero';
    return n;
  };
  const add = (field: ContactFormField, label: string, content: Record<string, unknown>, codes?: unknown) => {
    services.push({
      id: makeId(),
      label,
      ...(openingDate !== undefined ? { valueDate: openingDate } : {}),
      ...(codes ? { codes } : {}),
      content: { [LANGUAGE]: content },
    });
    serviceField.push(field);
  };

  const sys = num('systolic');
  const dia = num('diastolic');
  if (values.systolic.trim() && !values.diastolic.trim()) errors.diastolic = 'enter the diastolic value too';
  if (values.diastolic.trim() && !values.systolic.trim()) errors.systolic = 'enter the systolic value too';
  if (sys !== undefined && dia !== undefined && !errors.systolic && !errors.diastolic) {
    if (dia >= sys) errors.diastolic = 'the diastolic value must be below the systolic one';
    else {
      add('systolic', 'Blood pressure systolic', { measureValue: { value: sys, unit: 'mmHg' } }, loinc('8480-6'));
      add('diastolic', 'Blood pressure diastolic', { measureValue: { value: dia, unit: 'mmHg' } }, loinc('8462-4'));
    }
  }
  const weight = num('weight');
  if (weight !== undefined && !errors.weight) add('weight', 'Weight', { measureValue: { value: weight, unit: 'kg' } }, loinc('29463-7'));
  const temp = num('temperature');
  if (temp !== undefined && !errors.temperature) add('temperature', 'Temperature', { measureValue: { value: temp, unit: '°C' } }, loinc('8310-5'));
  if (values.note.trim()) add('note', 'Note', { stringValue: values.note.trim() });

  const product = values.medication.trim();
  const chosen = DAY_PERIODS.filter((p) => values.periods[p.code]);
  if (product) {
    const quantity = parseNumber(values.quantity);
    if (chosen.length > 0 && (quantity === undefined || quantity <= 0)) errors.quantity = 'enter how much per intake, e.g. 1';
    if (chosen.length > 0 && !values.quantityUnit.trim()) errors.quantityUnit = 'enter a unit, e.g. tablet';
    const medicationValue: Record<string, unknown> = { medicinalProduct: { intendedname: product } };
    if (values.instructions.trim()) medicationValue.instructionForPatient = values.instructions.trim();
    if (chosen.length > 0 && quantity !== undefined && quantity > 0) {
      medicationValue.regimen = chosen.map((p) => ({
        dayPeriod: { type: 'CD-DAYPERIOD', code: p.code, version: '1' },
        administratedQuantity: { quantity, unit: values.quantityUnit.trim() },
      }));
    }
    add('medication', 'Medication', { medicationValue });
  } else if (values.instructions.trim() || chosen.length > 0) {
    errors.medication = 'enter the product, or clear the instructions and intake times';
  }

  if (Object.keys(errors).length > 0) return { errors, serviceField };
  const doc: Record<string, unknown> = {
    type: 'contact',
    patientId,
    openingDate,
    services,
    subContacts: [],
  };
  if (values.descr.trim()) doc.descr = values.descr.trim();
  if (opts.close) doc.closingDate = fuzzyDateTimeFromDate(opts.close);
  return { doc, errors, serviceField };
}

/** Map the core's field errors ("services.2.content.en.measureValue.value") onto form fields. */
export function contactFieldErrors(fields: Record<string, string>, serviceField: ContactFormField[]): Partial<Record<ContactFormField, string>> {
  const out: Partial<Record<ContactFormField, string>> = {};
  for (const [key, msg] of Object.entries(fields)) {
    const m = /^services\.(\d+)/.exec(key);
    const field: ContactFormField | undefined = m ? serviceField[Number(m[1])] : key === 'openingDate' || key === 'descr' ? key : undefined;
    if (field) out[field] ??= msg;
  }
  return out;
}
