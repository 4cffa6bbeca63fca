// In-memory patient search: sorted arrays for name prefixes, SSIN and date of birth. Kept
// current change by change; a bulk load marks it dirty and it is re-sorted once at the next query.
import type { PatientSummary } from '../../../shared/contract/contract';
import { parseFuzzyDate } from '../../../shared/dates';
import { validateRecord } from '../../../shared/records/schemas';
import { normalize } from './normalize';

type Entry = PatientSummary & { last: string; first: string; nameKey: string };

function byKey(a: Entry, b: Entry): number {
  return a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0;
}
function byFirst(a: Entry, b: Entry): number {
  const ka = a.first + '\u0000' + a.nameKey;
  const kb = b.first + '\u0000' + b.nameKey;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** First index in a sorted array whose key is >= prefix. */
function lowerBound(arr: Entry[], prefix: string, key: (e: Entry) => string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(arr[mid]!) < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function prefixRange(arr: Entry[], prefix: string, key: (e: Entry) => string): Entry[] {
  const out: Entry[] = [];
  for (let i = lowerBound(arr, prefix, key); i < arr.length; i++) {
    const e = arr[i]!;
    if (!key(e).startsWith(prefix)) break;
    out.push(e);
  }
  return out;
}

export class PatientIndex {
  private readonly byId = new Map<string, Entry>();
  private byName: Entry[] = [];
  private byFirstName: Entry[] = [];
  private dirty = false;
  private lastQuery: { query: string; result: Entry[] } | undefined;

  get size(): number {
    return this.byId.size;
  }

  /** Apply one document (winning revision) from the changes feed. */
  apply(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }): void {
    this.lastQuery = undefined;
    if (doc._deleted || doc.type !== 'patient') {
      if (this.byId.delete(doc._id)) this.dirty = true;
      return;
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const firstName = str(doc.firstName);
    const lastName = str(doc.lastName);
    const entry: Entry = {
      id: doc._id,
      firstName,
      lastName,
      active: doc.active !== false,
      invalid: !validateRecord(doc).ok,
      last: normalize(lastName),
      first: normalize(firstName),
      nameKey: `${normalize(lastName)}\u0000${normalize(firstName)}\u0000${doc._id}`,
    };
    if (typeof doc.dateOfBirth === 'number') entry.dateOfBirth = doc.dateOfBirth;
    if (typeof doc.ssin === 'string' && doc.ssin) entry.ssin = doc.ssin.replace(/[\s.-]/g, '');
    if (typeof doc.gender === 'string') entry.gender = doc.gender;
    this.byId.set(doc._id, entry);
    this.dirty = true;
  }

  private sorted(): void {
    if (!this.dirty) return;
    const all = [...this.byId.values()];
    this.byName = all.slice().sort(byKey);
    this.byFirstName = all.sort(byFirst);
    this.dirty = false;
  }

  /** Name prefix ("dup", "dupont jean", "jean dup"), SSIN (digits) or date of birth (1974, 1974-03, 1974-03-21). */
  search(query: string, offset: number, limit: number): { total: number; items: PatientSummary[] } {
    this.sorted();
    const q = query.trim();
    let result: Entry[];
    if (this.lastQuery?.query === q) result = this.lastQuery.result;
    else {
      result = this.match(q);
      this.lastQuery = { query: q, result };
    }
    const items = result.slice(offset, offset + limit).map(({ last: _l, first: _f, nameKey: _k, ...summary }) => summary);
    return { total: result.length, items };
  }

  private match(q: string): Entry[] {
    if (q === '') return this.byName;
    const digits = q.replace(/[\s.-]/g, '');
    if (/^\d{4}(-\d{1,2}(-\d{1,2})?)?$/.test(q)) {
      const dob = parseFuzzyDate(q);
      if (dob !== undefined) return this.byDateOfBirth(dob);
    }
    if (/^\d{5,11}$/.test(digits)) {
      return this.byName.filter((e) => e.ssin?.startsWith(digits));
    }
    const tokens = normalize(q).split(/[\s,]+/).filter(Boolean);
    const [a = '', b] = tokens;
    const seen = new Set<string>();
    const out: Entry[] = [];
    const add = (list: Entry[], test: (e: Entry) => boolean) => {
      for (const e of list) if (!seen.has(e.id) && test(e)) (seen.add(e.id), out.push(e));
    };
    const rest = tokens.slice(1);
    // "dupont jean": last name then first name; "jean dupont": the other way round.
    add(prefixRange(this.byName, a, (e) => e.last), (e) => b === undefined || rest.every((t) => e.first.startsWith(t)));
    add(prefixRange(this.byFirstName, a, (e) => e.first), (e) => b === undefined || rest.every((t) => e.last.startsWith(t)));
    if (out.length > 1) out.sort(byKey);
    return out;
  }

  private byDateOfBirth(dob: number): Entry[] {
    const y = Math.floor(dob / 10000);
    const m = Math.floor(dob / 100) % 100;
    const d = dob % 100;
    return this.byName.filter((e) => {
      const v = e.dateOfBirth;
      if (v === undefined || Math.floor(v / 10000) !== y) return false;
      if (m && Math.floor(v / 100) % 100 !== m) return false;
      if (d && v % 100 !== d) return false;
      return true;
    });
  }

  snapshot(): Array<Record<string, unknown>> {
    return [...this.byId.values()].map(({ last: _l, first: _f, nameKey: _k, ...s }) => s);
  }

  restore(entries: PatientSummary[]): void {
    for (const s of entries) {
      const last = normalize(s.lastName);
      const first = normalize(s.firstName);
      this.byId.set(s.id, { ...s, last, first, nameKey: `${last}\u0000${first}\u0000${s.id}` });
    }
    this.dirty = true;
  }
}
