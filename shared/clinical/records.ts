// Reading stored clinical records for the summary: tolerant of shapes another client wrote
// (never throws), and one rule for what no longer counts (closed, stopped, entered in error).
import { isEnteredInError } from './measures';

export type Doc = Record<string, unknown>;

export function obj(v: unknown): Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Has a code or tag `{ type, code }` (type compared without case). */
export function hasCode(doc: Doc, type: string, code: string): boolean {
  return [...arr(doc.codes), ...arr(doc.tags)].some((c) => {
    const o = obj(c);
    return str(o.type).toUpperCase() === type.toUpperCase() && str(o.code) === code;
  });
}

/**
 * A service or record marked "entered in error" (measures.ts), or tagged so by another client
 * (CD-LIFECYCLE `entered-in-error`, FHIR's status name): kept for the history, never a fact.
 */
export function enteredInError(doc: Doc): boolean {
  return isEnteredInError(doc) || hasCode(doc, 'CD-LIFECYCLE', 'entered-in-error');
}

/** A fuzzy date-time (YYYYMMDDhhmmss) or fuzzy date (YYYYMMDD) as a local Date; unknown parts → first. */
export function fuzzyToDate(v: unknown): Date | undefined {
  const n = num(v);
  if (n === undefined || n <= 0) return undefined;
  const isDateTime = n >= 1e11;
  const date = isDateTime ? Math.floor(n / 1_000_000) : n;
  const time = isDateTime ? n % 1_000_000 : 0;
  const y = Math.floor(date / 10000);
  const m = Math.floor(date / 100) % 100;
  const d = date % 100;
  if (y < 1800 || y > 2200 || m > 12 || d > 31) return undefined;
  return new Date(
    y,
    Math.max(m, 1) - 1,
    Math.max(d, 1),
    Math.floor(time / 10000),
    Math.floor(time / 100) % 100,
    time % 100,
  );
}

/** A fuzzy date or date-time shown day/month/year: 21/03/1974, 03/1974 or 1974 (no time). */
export function dayMonthYear(v: unknown): string {
  const n = num(v);
  if (n === undefined || n <= 0) return '';
  const date = n >= 1e11 ? Math.floor(n / 1_000_000) : n;
  const y = Math.floor(date / 10000);
  const m = Math.floor(date / 100) % 100;
  const d = date % 100;
  const p = (x: number) => String(x).padStart(2, '0');
  if (m === 0) return String(y);
  if (d === 0) return `${p(m)}/${y}`;
  return `${p(d)}/${p(m)}/${y}`;
}

/** The first language's content of a service (the workstation writes one language). */
export function contentOf(service: Doc, language = 'en'): Doc {
  const content = obj(service.content);
  return obj(content[language] ?? Object.values(content)[0]);
}

/** Contacts that still count: not flagged deleted, not entered in error. */
export function liveContacts(contacts: readonly Doc[]): Doc[] {
  return contacts.filter((c) => c.deletionDate === undefined && !enteredInError(c));
}

const notBefore = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

export type ServiceInContact = {
  service: Doc;
  contact: Doc;
  date: number | undefined;
  /** The earliest date among the versions of this service (when the fact was first recorded). */
  firstDate: number | undefined;
};

/**
 * Every service of the patient's contacts, once per service id: when later contacts hold a new
 * version of the same fact (same id), the newest contact's version is the one that counts.
 */
export function servicesOf(contacts: readonly Doc[]): ServiceInContact[] {
  const byId = new Map<string, ServiceInContact & { order: [number, number] }>();
  const out: ServiceInContact[] = [];
  for (const contact of liveContacts(contacts)) {
    // Newest contact first by its date, then by its last write (a tuple: both are large numbers).
    const order: [number, number] = [num(contact.openingDate) ?? 0, num(contact.modified) ?? 0];
    for (const raw of arr(contact.services)) {
      const service = obj(raw);
      const date = num(service.valueDate) ?? num(contact.openingDate);
      const entry = { service, contact, date, firstDate: date, order };
      const id = str(service.id);
      if (!id) {
        out.push(entry);
        continue;
      }
      const seen = byId.get(id);
      const first = [seen?.firstDate, date].filter((d): d is number => d !== undefined);
      const firstDate = first.length > 0 ? Math.min(...first) : undefined;
      if (!seen || notBefore(order, seen.order)) byId.set(id, { ...entry, firstDate });
      else seen.firstDate = firstDate;
    }
  }
  return [...out, ...byId.values()];
}

/** A service that is a fact today: not ended (endOfLife) and not entered in error. */
export function liveService(service: Doc): boolean {
  return service.endOfLife === undefined && !enteredInError(service);
}
