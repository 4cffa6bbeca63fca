// In-memory patient search: sorted arrays for name prefixes, SSIN and date of birth. Kept
// current change by change; a bulk load marks it dirty and it is re-sorted once at the next query.
// Same-name patients are ordered by date of birth (unknown last), so namesakes read apart.
import type { PatientSummary } from '../../../shared/contract/contract';
import { validateRecord } from '../../../shared/records/schemas';
import { dateQuery, type DateRange } from './date-query';
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

const CACHE_SIZE = 64;
/** Up to this many changes are spliced into the sorted list; more mean one full sort. */
const SPLICE_LIMIT = 500;

const keyOf = (e: Entry) => e.nameKey;
/** Name, then date of birth (a patient without one after those with), then id: one order for all. */
function nameKey(last: string, first: string, dob: number | undefined, id: string): string {
  return `${last}\u0000${first}\u0000${dob === undefined ? '99999999' : String(dob).padStart(8, '0')}\u0000${id}`;
}
const summaryOf = ({ last: _l, first: _f, nameKey: _k, ...summary }: Entry): PatientSummary => summary;

export class PatientIndex {
  private readonly byId = new Map<string, Entry>();
  /** Sorted by name; always kept. The other orders are built when first asked for. */
  private byName: Entry[] = [];
  private byFirstName: Entry[] | undefined;
  private bySsin: Entry[] | undefined;
  private byDob: Entry[] | undefined;
  /** Changed since byName was last brought up to date: id → the entry byName still holds. */
  private pending = new Map<string, Entry | undefined>();
  private fullSort = false;
  private readonly cache = new Map<string, Entry[]>();
  /**
   * SSIN → the id holding it (an array in the rare case of several), kept change by change: the
   * duplicate check reads it without a sort. Not a Set per SSIN: 10 MB more heap at 50,000 patients.
   */
  private readonly ssinOwners = new Map<string, string | string[]>();

  get size(): number {
    return this.byId.size;
  }

  /** Apply one document (winning revision) from the changes feed. */
  apply(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }): void {
    const old = this.byId.get(doc._id);
    if (doc._deleted || doc.type !== 'patient') {
      if (!old) return;
      this.byId.delete(doc._id);
      this.changed(doc._id, old);
      return;
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const firstName = str(doc.firstName);
    const lastName = str(doc.lastName);
    const last = normalize(lastName);
    const first = normalize(firstName);
    const dob = typeof doc.dateOfBirth === 'number' ? doc.dateOfBirth : undefined;
    const entry: Entry = {
      id: doc._id,
      firstName,
      lastName,
      active: doc.active !== false,
      invalid: !validateRecord(doc).ok,
      last,
      first,
      nameKey: nameKey(last, first, dob, doc._id),
    };
    if (dob !== undefined) entry.dateOfBirth = dob;
    if (typeof doc.ssin === 'string' && doc.ssin) entry.ssin = doc.ssin.replace(/[\s.-]/g, '');
    if (typeof doc.gender === 'string') entry.gender = doc.gender;
    this.byId.set(doc._id, entry);
    this.changed(doc._id, old);
  }

  private changed(id: string, old: Entry | undefined): void {
    this.ownSsin(id, old?.ssin, this.byId.get(id)?.ssin);
    this.cache.clear();
    this.byFirstName = this.bySsin = this.byDob = undefined;
    if (this.fullSort) return;
    if (!this.pending.has(id)) this.pending.set(id, old);
    if (this.pending.size > SPLICE_LIMIT) {
      this.fullSort = true;
      this.pending.clear();
    }
  }

  private ownSsin(id: string, before: string | undefined, after: string | undefined): void {
    if (before === after) return;
    if (before) {
      const rest = this.ownersOf(before).filter((x) => x !== id);
      if (rest.length === 0) this.ssinOwners.delete(before);
      else this.ssinOwners.set(before, rest.length === 1 ? rest[0]! : rest);
    }
    if (after) {
      const owners = this.ownersOf(after);
      if (owners.length === 0) this.ssinOwners.set(after, id);
      else if (!owners.includes(id)) this.ssinOwners.set(after, [...owners, id]);
    }
  }

  private ownersOf(ssin: string): string[] {
    const v = this.ssinOwners.get(ssin);
    return v === undefined ? [] : typeof v === 'string' ? [v] : v;
  }

  /** Patients whose SSIN is this one (digits only). */
  withSsin(ssin: string): PatientSummary[] {
    const out: PatientSummary[] = [];
    for (const id of this.ownersOf(ssin)) {
      const e = this.byId.get(id);
      if (e) out.push(summaryOf(e));
    }
    return out;
  }

  /** Patients of this name (case- and accent-insensitive) born on this fuzzy date: a range of byName. */
  withNameAndBirth(lastName: string, firstName: string, dateOfBirth: number): PatientSummary[] {
    this.settle();
    const prefix = nameKey(normalize(lastName), normalize(firstName), dateOfBirth, '');
    return prefixRange(this.byName, prefix, keyOf).map(summaryOf);
  }

  /** Bring byName up to date: a few changes are spliced in, many mean one sort. */
  private settle(): void {
    if (this.fullSort) {
      this.byName = [...this.byId.values()].sort(byKey);
      this.fullSort = false;
      return;
    }
    for (const [id, old] of this.pending) {
      if (old) {
        const i = lowerBound(this.byName, old.nameKey, keyOf);
        if (this.byName[i]?.id === id) this.byName.splice(i, 1);
      }
      const now = this.byId.get(id);
      if (now) this.byName.splice(lowerBound(this.byName, now.nameKey, keyOf), 0, now);
    }
    this.pending.clear();
  }

  /**
   * Name prefix ("dup", "dupont jean", "jean dup"), SSIN (digits) or date of birth (1974, 1974-03,
   * 1974-03-21, 21/03/1974, 21.03.1974, 21031974: the last also as an SSIN prefix).
   */
  search(query: string, offset: number, limit: number): { total: number; items: PatientSummary[] } {
    this.settle();
    const q = query.trim();
    let result = this.cache.get(q);
    if (result) this.cache.delete(q);
    else result = this.match(q);
    this.cache.set(q, result);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    const items = result.slice(offset, offset + limit).map(summaryOf);
    return { total: result.length, items };
  }

  private match(q: string): Entry[] {
    if (q === '') return this.byName;
    const digits = q.replace(/[\s.-]/g, '');
    const date = dateQuery(q);
    const born = date && this.byDateOfBirth(date);
    if (born && !/^\d{8}$/.test(q)) return born;
    if (/^\d{5,11}$/.test(digits)) {
      this.bySsin ??= [...this.byId.values()]
        .filter((e) => e.ssin)
        .sort((a, b) => (a.ssin! < b.ssin! ? -1 : a.ssin! > b.ssin! ? 1 : 0));
      const bySsin = prefixRange(this.bySsin, digits, (e) => e.ssin!);
      if (!born?.length) return bySsin;
      const seen = new Set(born.map((e) => e.id));
      return born.concat(bySsin.filter((e) => !seen.has(e.id)));
    }
    const tokens = normalize(q)
      .split(/[\s,]+/)
      .filter(Boolean);
    const [a = '', b] = tokens;
    const rest = tokens.slice(1);
    // "dupont jean": last name then first name; "jean dupont": the other way round.
    const byLast = prefixRange(this.byName, a, (e) => e.last).filter(
      (e) => b === undefined || rest.every((t) => e.first.startsWith(t)),
    );
    this.byFirstName ??= [...this.byId.values()].sort(byFirst);
    const byFirstName = prefixRange(this.byFirstName, a, (e) => e.first).filter(
      (e) => b === undefined || rest.every((t) => e.last.startsWith(t)),
    );
    if (!byFirstName.length) return byLast;
    const seen = new Set(byLast.map((e) => e.id));
    const out = byLast.concat(byFirstName.filter((e) => !seen.has(e.id)));
    return out.sort(byKey);
  }

  private byDateOfBirth({ from: dob, span }: DateRange): Entry[] {
    // 1974 → [19740000, 19750000); 1974-03 → [19740300, 19740400); a full date: that day.
    this.byDob ??= [...this.byId.values()]
      .filter((e) => e.dateOfBirth !== undefined)
      .sort((a, b) => a.dateOfBirth! - b.dateOfBirth! || byKey(a, b));
    const arr = this.byDob;
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (arr[mid]!.dateOfBirth! < dob) lo = mid + 1;
      else hi = mid;
    }
    const out: Entry[] = [];
    for (let i = lo; i < arr.length && arr[i]!.dateOfBirth! < dob + span; i++) out.push(arr[i]!);
    return out;
  }

  /**
   * Saved in name order with the search keys, so that a restore needs no sort and no normalizing.
   * The list is copied now (references only) and each row made as it is written.
   */
  snapshot(): Iterable<PatientSummary & { last: string; first: string }> {
    this.settle();
    const list = this.byName.slice();
    return (function* () {
      for (const { nameKey: _k, ...s } of list) yield s;
    })();
  }

  restore(entries: Iterable<PatientSummary & { last?: string; first?: string }>): void {
    const list: Entry[] = [];
    for (const s of entries) {
      const last = s.last ?? normalize(s.lastName);
      const first = s.first ?? normalize(s.firstName);
      const e = { ...s, last, first, nameKey: nameKey(last, first, s.dateOfBirth, s.id) };
      this.byId.set(s.id, e);
      if (s.ssin) this.ownSsin(s.id, undefined, s.ssin);
      list.push(e);
    }
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++) if (list[i - 1]!.nameKey > list[i]!.nameKey) sorted = false;
    this.byName = sorted ? list : list.sort(byKey);
    this.pending.clear();
    this.fullSort = false;
    this.cache.clear();
  }
}
