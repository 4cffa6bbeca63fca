// The three kinds of date in the data model, kept apart by brand so they can never be mixed.
import { z } from 'zod';

/** Epoch milliseconds: created, modified, endOfLife, deletionDate, AccessLog.date. */
export const EpochMs = z.number().int().min(0).brand<'EpochMs'>();
export type EpochMs = z.infer<typeof EpochMs>;

function validFuzzy(y: number, m: number, d: number): boolean {
  if (y < 1800 || y > 2200) return false;
  if (m > 12 || d > 31) return false;
  if (m === 0 && d !== 0) return false; // a day without a month is meaningless
  if (m > 0 && d > 0) {
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (d > days) return false;
  }
  return true;
}

/** Fuzzy date YYYYMMDD; 00 marks an unknown month or day (19740000 = some day in 1974). */
export const FuzzyDate = z
  .number()
  .int()
  .refine(
    (v) => validFuzzy(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100),
    'must be a date YYYYMMDD (00 for an unknown month or day)',
  )
  .brand<'FuzzyDate'>();
export type FuzzyDate = z.infer<typeof FuzzyDate>;

/** Fuzzy date-time YYYYMMDDhhmmss; unknown parts are 00. */
export const FuzzyDateTime = z
  .number()
  .int()
  .refine((v) => {
    const date = Math.floor(v / 1_000_000);
    const time = v % 1_000_000;
    const hh = Math.floor(time / 10000);
    const mm = Math.floor(time / 100) % 100;
    const ss = time % 100;
    return (
      validFuzzy(Math.floor(date / 10000), Math.floor(date / 100) % 100, date % 100) && hh < 24 && mm < 60 && ss < 60
    );
  }, 'must be a date-time YYYYMMDDhhmmss')
  .brand<'FuzzyDateTime'>();
export type FuzzyDateTime = z.infer<typeof FuzzyDateTime>;

export function fuzzyDateFromParts(y: number, m = 0, d = 0): FuzzyDate {
  return FuzzyDate.parse(y * 10000 + m * 100 + d);
}

export function fuzzyDateTimeFromDate(date: Date): FuzzyDateTime {
  const v =
    date.getFullYear() * 10_000_000_000 +
    (date.getMonth() + 1) * 100_000_000 +
    date.getDate() * 1_000_000 +
    date.getHours() * 10_000 +
    date.getMinutes() * 100 +
    date.getSeconds();
  return FuzzyDateTime.parse(v);
}

/** "1974-03-21", "1974-03" or "1974" → fuzzy date; undefined when the text is not such a date. */
export function parseFuzzyDate(text: string): FuzzyDate | undefined {
  const m = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const r = FuzzyDate.safeParse(Number(m[1]) * 10000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0));
  return r.success ? r.data : undefined;
}

/** 19740321 → "1974-03-21", 19740300 → "1974-03", 19740000 → "1974". */
export function formatFuzzyDate(v: number): string {
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  const p = (n: number) => String(n).padStart(2, '0');
  if (m === 0) return String(y);
  if (d === 0) return `${y}-${p(m)}`;
  return `${y}-${p(m)}-${p(d)}`;
}

/** 20261125143000 → "2026-11-25 14:30". */
export function formatFuzzyDateTime(v: number): string {
  const date = Math.floor(v / 1_000_000);
  const time = v % 1_000_000;
  const hh = Math.floor(time / 10000);
  const mm = Math.floor(time / 100) % 100;
  const p = (n: number) => String(n).padStart(2, '0');
  return time === 0 ? formatFuzzyDate(date) : `${formatFuzzyDate(date)} ${p(hh)}:${p(mm)}`;
}

/** "2026-11-25T14:30" or "2026-11-25 14:30" or "2026-11-25" → fuzzy date-time. */
export function parseFuzzyDateTime(text: string): FuzzyDateTime | undefined {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const v =
    Number(m[1]) * 10_000_000_000 +
    Number(m[2]) * 100_000_000 +
    Number(m[3]) * 1_000_000 +
    Number(m[4] ?? 0) * 10_000 +
    Number(m[5] ?? 0) * 100 +
    Number(m[6] ?? 0);
  const r = FuzzyDateTime.safeParse(v);
  return r.success ? r.data : undefined;
}

/** Why a typed date was not read: not a date's shape, a day the calendar has not, a year out of range. */
export type DateProblem = 'format' | 'impossible' | 'range';
export type DateReading = { ok: true; value: FuzzyDate } | { ok: false; problem: DateProblem };

// Belgian usage first: day/month/year with '/', '.' or '-' (31/12/1980, 12/1980), the compact
// 31121980, then ISO (1980-12-31, 1980-12, 1980) as before.
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const MY = /^(\d{1,2})[/.](\d{4})$/;
const COMPACT_DMY = /^(\d{2})(\d{2})(\d{4})$/;
const ISO = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

function readParts(t: string): [number, number, number] | undefined {
  let m = DMY.exec(t) ?? COMPACT_DMY.exec(t);
  if (m) return [Number(m[3]), Number(m[2]), Number(m[1])];
  m = MY.exec(t);
  if (m) return [Number(m[2]), Number(m[1]), 0];
  m = ISO.exec(t);
  if (m) return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return undefined;
}

/** A date as a person types it (see above); 00 is never typed, an unknown part is left out. */
export function readTypedDate(text: string): DateReading {
  const parts = readParts(text.trim());
  if (!parts) return { ok: false, problem: 'format' };
  const [y, m, d] = parts;
  if (y < 1800 || y > 2200) return { ok: false, problem: 'range' };
  const r = FuzzyDate.safeParse(y * 10000 + m * 100 + d);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: 'impossible' };
}

export function parseTypedDate(text: string): FuzzyDate | undefined {
  const r = readTypedDate(text);
  return r.ok ? r.value : undefined;
}

/** 19801231 → "31/12/1980", 19801200 → "12/1980", 19800000 → "1980": how a clinician writes it. */
export function formatFuzzyDateDmy(v: number): string {
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  const p = (n: number) => String(n).padStart(2, '0');
  if (m === 0) return String(y);
  if (d === 0) return `${p(m)}/${y}`;
  return `${p(d)}/${p(m)}/${y}`;
}

/** A fuzzy date-time as a Belgian clinician reads it: "05/03/2024 14:30", "05/03/2024", "03/2024". */
export function formatFuzzyDateTimeDmy(v: number): string {
  const date = Math.floor(v / 1_000_000);
  const time = v % 1_000_000;
  const p = (n: number) => String(n).padStart(2, '0');
  const day = formatFuzzyDateDmy(date);
  return time === 0 ? day : `${day} ${p(Math.floor(time / 10000))}:${p(Math.floor(time / 100) % 100)}`;
}

/** Today as a fuzzy date in local time (a date of birth is a local calendar day). */
export function todayFuzzyDate(now: Date = new Date()): FuzzyDate {
  return fuzzyDateFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
