// Reading values out of stored documents that may not match our schema (another client wrote
// them): never throw, show what can be shown.
import {
  FuzzyDate,
  FuzzyDateTime,
  formatFuzzyDateDmy,
  formatFuzzyDateTimeDmy,
  parseFuzzyDate,
  parseFuzzyDateTime,
  parseTypedDate,
} from '../../shared/dates';

export type Doc = Record<string, unknown> & { _id: string; _rev: string; type?: string };

export function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Show a stored value that failed its schema as it is. */
export function rawText(v: unknown): string {
  if (v === undefined) return '(missing)';
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v).slice(0, 300);
  } catch {
    return String(v);
  }
}

/** A stored fuzzy date as a clinician reads and types it: 31/12/1980, 12/1980 or 1980 ('' when not a date). */
export function showFuzzyDate(v: unknown): string {
  return FuzzyDate.safeParse(v).success ? formatFuzzyDateDmy(v as number) : '';
}

export const showTypedDate = showFuzzyDate;

/** The same with the time when there is one: 05/03/2024 14:30 (what the forms read back too). */
export function showFuzzyDateTime(v: unknown): string {
  return FuzzyDateTime.safeParse(v).success ? formatFuzzyDateTimeDmy(v as number) : '';
}

/**
 * "2024", "2024-03", "2024-03-05" or with a time "2024-03-05 14:30" → fuzzy date-time; the
 * Belgian "05/03/2024" (or 05.03.2024, 03/2024) with or without "14:30" too.
 */
export function parseLooseDateTime(text: string): FuzzyDateTime | undefined {
  const full = parseFuzzyDateTime(text);
  if (full !== undefined) return full;
  const m = /^\s*(\S+?)(?:[ T]+(\d{1,2}):(\d{2}))?\s*$/.exec(text);
  const date = m ? (parseFuzzyDate(m[1]!) ?? parseTypedDate(m[1]!)) : undefined;
  if (date === undefined) return undefined;
  const time = m?.[2] === undefined ? 0 : Number(m[2]) * 10_000 + Number(m[3]) * 100;
  const r = FuzzyDateTime.safeParse(date * 1_000_000 + time);
  return r.success ? r.data : undefined;
}

/** "37,5" and "37.5" are both numbers here; anything else is not. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function nowFuzzyText(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

export function newId(): string {
  return crypto.randomUUID();
}
