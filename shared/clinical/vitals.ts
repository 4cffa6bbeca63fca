// Measurements out of the patient's contacts: each measure's latest value and its series over
// time, found by LOINC code (label as a fallback for other clients); services ended or entered
// in error do not count.
import { BMI, MEASURES as MEASURE_RULES, bmi, type MeasureCode } from './measures';
import { contentOf, fuzzyToDate, hasCode, liveService, num, obj, servicesOf, str, type Doc } from './records';

// Codes and units are those of the contact form's rules (measures.ts); labels are for other clients.
const LABELS: Record<MeasureKey, readonly string[]> = {
  systolic: ['blood pressure systolic', 'systolic'],
  diastolic: ['blood pressure diastolic', 'diastolic'],
  heartRate: ['heart rate', 'pulse'],
  spo2: ['spo2', 'spo₂', 'oxygen saturation'],
  temperature: ['temperature'],
  weight: ['weight'],
  height: ['height'],
  bmi: ['bmi', 'body mass index'],
};
export type MeasureKey = MeasureCode | 'bmi';
const RULES: Record<MeasureKey, { loinc: readonly string[]; unit: string }> = {
  ...MEASURE_RULES,
  bmi: { loinc: [BMI.loinc], unit: BMI.unit },
};
const KEYS = Object.keys(LABELS) as MeasureKey[];

export type MeasurePoint = {
  /** Fuzzy date-time of the measurement. */
  date: number;
  /** The same moment in epoch ms (local time), for plotting. */
  t: number;
  value: number;
  unit: string;
  serviceId: string;
  contactId: string;
};

function measureKeyOf(service: Doc): MeasureKey | undefined {
  for (const key of KEYS) if (RULES[key].loinc.some((c) => hasCode(service, 'LOINC', c))) return key;
  const label = str(service.label).trim().toLowerCase();
  return KEYS.find((key) => LABELS[key].includes(label));
}

/** Every live measurement of the patient, by measure, oldest first. */
export function measurements(contacts: readonly Doc[]): Record<MeasureKey, MeasurePoint[]> {
  const out = Object.fromEntries(KEYS.map((k) => [k, [] as MeasurePoint[]])) as Record<MeasureKey, MeasurePoint[]>;
  for (const { service, contact, date } of servicesOf(contacts)) {
    if (!liveService(service)) continue;
    const key = measureKeyOf(service);
    const m = obj(contentOf(service).measureValue);
    const value = num(m.value);
    const when = fuzzyToDate(date);
    if (!key || value === undefined || date === undefined || !when) continue;
    out[key].push({
      date,
      t: when.getTime(),
      value,
      unit: str(m.unit) || RULES[key].unit,
      serviceId: str(service.id),
      contactId: str(contact._id),
    });
  }
  for (const k of KEYS) out[k].sort((a, b) => a.t - b.t);
  return out;
}

export type BloodPressurePoint = { date: number; t: number; systolic: number; diastolic: number; unit: string };

/** Systolic and diastolic recorded together (same contact and moment) as one reading. */
export function bloodPressures(m: Record<MeasureKey, MeasurePoint[]>): BloodPressurePoint[] {
  const out: BloodPressurePoint[] = [];
  for (const s of m.systolic) {
    const d = m.diastolic.find((x) => x.contactId === s.contactId && x.date === s.date);
    if (d) out.push({ date: s.date, t: s.t, systolic: s.value, diastolic: d.value, unit: s.unit });
  }
  return out;
}

/**
 * BMI per weighing: a recorded BMI where there is one, else weight / height² with the latest
 * height measured at or before it (the first height when none was measured before).
 */
export function bmiSeries(m: Record<MeasureKey, MeasurePoint[]>): MeasurePoint[] {
  const out: MeasurePoint[] = [...m.bmi];
  for (const w of m.weight) {
    if (out.some((b) => b.contactId === w.contactId && b.date === w.date)) continue;
    const before = m.height.filter((h) => h.t <= w.t);
    const h = before[before.length - 1] ?? m.height[0];
    const value = bmi(w.value, h?.value);
    if (value !== undefined) out.push({ ...w, value, unit: BMI.unit });
  }
  return out.sort((a, b) => a.t - b.t);
}

export type Trends = {
  bloodPressure: BloodPressurePoint[];
  weight: MeasurePoint[];
  bmi: MeasurePoint[];
  temperature: MeasurePoint[];
  heartRate: MeasurePoint[];
  spo2: MeasurePoint[];
  height: MeasurePoint[];
};

/** The series the trend plots draw, oldest first. */
export function trendSeries(contacts: readonly Doc[]): Trends {
  const m = measurements(contacts);
  return {
    bloodPressure: bloodPressures(m),
    weight: m.weight,
    bmi: bmiSeries(m),
    temperature: m.temperature,
    heartRate: m.heartRate,
    spo2: m.spo2,
    height: m.height,
  };
}

export type LastVitals = {
  bloodPressure?: BloodPressurePoint;
  heartRate?: MeasurePoint;
  spo2?: MeasurePoint;
  temperature?: MeasurePoint;
  weight?: MeasurePoint;
  height?: MeasurePoint;
  bmi?: MeasurePoint;
};

/** Each measure's latest value and its date. */
export function lastVitals(contacts: readonly Doc[]): LastVitals {
  const t = trendSeries(contacts);
  const out: LastVitals = {};
  const last = <T>(xs: T[]) => xs[xs.length - 1];
  const keys = ['bloodPressure', 'heartRate', 'spo2', 'temperature', 'weight', 'height', 'bmi'] as const;
  for (const k of keys) {
    const v = last<BloodPressurePoint | MeasurePoint>(t[k]);
    if (v) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
