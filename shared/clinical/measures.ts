// Safe entry of measurements: each measure has limits it cannot leave (a value outside is a typing
// mistake, never saved) and a plausible range outside which the person confirms the value. The
// contact form and the core's contact save apply these same rules, so the core refuses what the
// form refuses.
//
// Plausible ranges (chosen for adults and children seen in general practice; outside them the
// value is possible but rare enough that a slip of the keyboard is the likelier cause):
//   systolic 70–220 mmHg, diastolic 40–130 mmHg, heart rate 40–180 /min, SpO₂ 85–100 %,
//   temperature 34–42 °C, weight 2–250 kg, height 45–210 cm.

/** The measures the contact editor records, keyed as the clinical summary keys them. */
export const MEASURE_CODES = ['systolic', 'diastolic', 'heartRate', 'spo2', 'temperature', 'weight', 'height'] as const;
export type MeasureCode = (typeof MEASURE_CODES)[number];

export type MeasureRule = {
  /** The LOINC code written on the service (the first); others are accepted when read. */
  loinc: readonly [string, ...string[]];
  unit: string;
  /** The label written on the service (records are in English; the screen translates by code). */
  label: string;
  limits: readonly [number, number];
  plausible: readonly [number, number];
  /** Decimals kept; more is refused as a typing mistake. */
  decimals: number;
};

export const MEASURES: Record<MeasureCode, MeasureRule> = {
  systolic: {
    loinc: ['8480-6'],
    unit: 'mmHg',
    label: 'Blood pressure systolic',
    limits: [40, 300],
    plausible: [70, 220],
    decimals: 0,
  },
  diastolic: {
    loinc: ['8462-4'],
    unit: 'mmHg',
    label: 'Blood pressure diastolic',
    limits: [20, 200],
    plausible: [40, 130],
    decimals: 0,
  },
  heartRate: {
    loinc: ['8867-4'],
    unit: '/min',
    label: 'Heart rate',
    limits: [20, 300],
    plausible: [40, 180],
    decimals: 0,
  },
  spo2: {
    loinc: ['59408-5', '2708-6'],
    unit: '%',
    label: 'SpO₂',
    limits: [50, 100],
    plausible: [85, 100],
    decimals: 0,
  },
  temperature: {
    loinc: ['8310-5'],
    unit: '°C',
    label: 'Temperature',
    limits: [30, 45],
    plausible: [34, 42],
    decimals: 1,
  },
  weight: { loinc: ['29463-7'], unit: 'kg', label: 'Weight', limits: [0.3, 400], plausible: [2, 250], decimals: 3 },
  height: { loinc: ['8302-2'], unit: 'cm', label: 'Height', limits: [20, 250], plausible: [45, 210], decimals: 1 },
};

/** BMI's LOINC code and unit: computed from weight and height, shown, not entered. */
export const BMI = { loinc: '39156-5', unit: 'kg/m²' } as const;
export const LOINC_VERSION = '2.76';

export function isMeasureCode(v: unknown): v is MeasureCode {
  return typeof v === 'string' && (MEASURE_CODES as readonly string[]).includes(v);
}

export type MeasureIssue = {
  code: MeasureCode;
  /** impossible: outside the limits (never saved); unusual: outside the plausible range (confirm). */
  kind: 'impossible' | 'unusual' | 'precision' | 'order';
  value: number;
  min: number;
  max: number;
};

/** One value against its measure's rules; undefined when it is fine. */
export function checkMeasure(code: MeasureCode, value: number): MeasureIssue | undefined {
  const rule = MEASURES[code];
  const [lo, hi] = rule.limits;
  if (!Number.isFinite(value) || value < lo || value > hi) return { code, kind: 'impossible', value, min: lo, max: hi };
  if (Math.abs(value * 10 ** rule.decimals - Math.round(value * 10 ** rule.decimals)) > 1e-6) {
    return { code, kind: 'precision', value, min: lo, max: hi };
  }
  const [plo, phi] = rule.plausible;
  if (value < plo || value > phi) return { code, kind: 'unusual', value, min: plo, max: phi };
  return undefined;
}

/** Diastolic at or above systolic is a slip (the two swapped, or a digit lost). */
export function checkBloodPressure(systolic: number, diastolic: number): MeasureIssue | undefined {
  return diastolic >= systolic
    ? { code: 'diastolic', kind: 'order', value: diastolic, min: 0, max: systolic }
    : undefined;
}

/** "128/82", "128 / 82" or "128-82" → both values; anything else → undefined. */
export function parseBloodPressure(text: string): { systolic: number; diastolic: number } | undefined {
  const m = /^\s*(\d{2,3})\s*[/-]\s*(\d{2,3})\s*$/.exec(text);
  if (!m) return undefined;
  return { systolic: Number(m[1]), diastolic: Number(m[2]) };
}

/** Body mass index from weight (kg) and height (cm), one decimal; undefined without both. */
export function bmi(weightKg: number | undefined, heightCm: number | undefined): number | undefined {
  if (weightKg === undefined || heightCm === undefined || weightKg <= 0 || heightCm <= 0) return undefined;
  return Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * "Entered in error": the service stays in the contact (and its history), shown struck out, never
 * counted as a fact. Stored as `enteredInError: { by, at, reason? }` on the service (who marked it,
 * epoch ms, why): iCure's status bits have no such state, FHIR's `entered-in-error` status maps to it.
 */
export function isEnteredInError(service: unknown): boolean {
  return Boolean(obj(service).enteredInError);
}

/** Which measure a stored service records, by its LOINC code. */
export function measureCodeOf(service: unknown): MeasureCode | undefined {
  const codes = Array.isArray(obj(service).codes) ? (obj(service).codes as unknown[]) : [];
  for (const raw of codes) {
    const c = obj(raw);
    if (String(c.type).toUpperCase() !== 'LOINC') continue;
    const found = MEASURE_CODES.find((k) => MEASURES[k].loinc.includes(String(c.code)));
    if (found) return found;
  }
  return undefined;
}

/** The measured value of a service in its measure's own unit (another unit: not judged here). */
export function measureValueOf(service: unknown): { code: MeasureCode; value: number; language: string } | undefined {
  const code = measureCodeOf(service);
  if (!code) return undefined;
  for (const [language, content] of Object.entries(obj(obj(service).content))) {
    const m = obj(obj(content).measureValue);
    if (typeof m.value === 'number' && m.unit === MEASURES[code].unit) return { code, value: m.value, language };
  }
  return undefined;
}

export type ContactMeasureIssue = MeasureIssue & { index: number; path: string };

/**
 * The issues of a contact's services. Only values entered now are judged: a service whose value is
 * unchanged from `previous` (the stored contact) passes as it was, so an older document stays
 * editable; services entered in error are not judged. `confirmed`: unusual values the person confirmed.
 */
export function checkContactMeasures(
  services: readonly unknown[],
  opts: { previous?: readonly unknown[]; confirmed?: readonly MeasureCode[] } = {},
): ContactMeasureIssue[] {
  const before = new Map<string, number>();
  for (const s of opts.previous ?? []) {
    const v = measureValueOf(s);
    const id = obj(s).id;
    if (v && typeof id === 'string') before.set(id, v.value);
  }
  const out: ContactMeasureIssue[] = [];
  const judged = new Map<MeasureCode, { value: number; index: number; path: string }>();
  services.forEach((s, index) => {
    if (isEnteredInError(s)) return;
    const v = measureValueOf(s);
    if (!v) return;
    const id = obj(s).id;
    if (typeof id === 'string' && before.get(id) === v.value) return;
    const path = `services.${index}.content.${v.language}.measureValue.value`;
    judged.set(v.code, { value: v.value, index, path });
    const issue = checkMeasure(v.code, v.value);
    if (issue && !(issue.kind === 'unusual' && opts.confirmed?.includes(v.code))) out.push({ ...issue, index, path });
  });
  const sys = judged.get('systolic');
  const dia = judged.get('diastolic');
  if (sys && dia && !out.some((i) => i.code === 'systolic' || i.code === 'diastolic')) {
    const issue = checkBloodPressure(sys.value, dia.value);
    if (issue) out.push({ ...issue, index: dia.index, path: dia.path });
  }
  return out;
}

/** The issue in English words, for the core's refusal (the form shows its own translated text). */
export function describeMeasureIssue(i: MeasureIssue): string {
  const rule = MEASURES[i.code];
  const name = rule.label.toLowerCase();
  switch (i.kind) {
    case 'impossible':
      return `${name} ${i.value} ${rule.unit} is impossible: it must be between ${i.min} and ${i.max} ${rule.unit}`;
    case 'precision':
      return `${name} takes at most ${rule.decimals} decimal(s)`;
    case 'unusual':
      return `${name} ${i.value} ${rule.unit} is unusual (expected ${i.min}–${i.max} ${rule.unit}): confirm it to save`;
    case 'order':
      return 'the diastolic value must be below the systolic one';
  }
}
