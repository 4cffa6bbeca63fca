// Patient search on disk (index-db.ts): name prefixes, SSIN and date of birth answered from
// SQLite indexes, a page at a time; only the totals of recent queries are kept in memory.
// Same-name patients are ordered by date of birth (unknown last), so namesakes read apart.
import type Database from 'better-sqlite3';
import type { PatientSummary } from '../../../shared/contract/contract';
import { validateRecord } from '../../../shared/records/schemas';
import { dateQuery } from './date-query';
import type { IndexDb } from './index-db';
import { normalize } from './normalize';

type Row = {
  id: string;
  first_name: string;
  last_name: string;
  active: number;
  invalid: number;
  dob: number | null;
  ssin: string | null;
  gender: string | null;
};
type Sql = { sql: string; params: unknown[] };
/** A row set: its count, and the FROM clause of its first `n` rows in `order`. */
type Where = { count: Sql; from: (n: number) => Sql; order: string };

/** A plain `patients WHERE …` row set. */
function rows(where: string, params: unknown[], order: string): Where {
  const from = { sql: `patients${where ? ` WHERE ${where}` : ''}`, params };
  return { count: { sql: `SELECT count(*) AS n FROM ${from.sql}`, params }, from: () => from, order };
}

const COLUMNS = 'id, first_name, last_name, active, invalid, dob, ssin, gender';
/** Totals of this many recent queries are kept, until the next change to a patient. */
export const TOTALS_CACHE = 64;
/** Above every character: `col >= p AND col < p + TOP` is "col starts with p", on an index. */
const TOP = '\u{10FFFF}';
// \u0001 (not \u0000: SQLite's text functions stop at a NUL) sorts before any character of a name.
const SEP = '\u0001';

/** Name, then date of birth (a patient without one after those with), then id: one order for all. */
function nameKey(last: string, first: string, dob: number | undefined, id: string): string {
  return `${last}${SEP}${first}${SEP}${dob === undefined ? '99999999' : String(dob).padStart(8, '0')}${SEP}${id}`;
}

function prefix(col: string, p: string, params: unknown[]): string {
  params.push(p, p + TOP);
  return `${col} >= ? AND ${col} < ?`;
}

function summaryOf(r: Row): PatientSummary {
  const s: PatientSummary = {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    active: r.active === 1,
    invalid: r.invalid === 1,
  };
  if (r.dob !== null) s.dateOfBirth = r.dob;
  if (r.ssin !== null) s.ssin = r.ssin;
  if (r.gender !== null) s.gender = r.gender;
  return s;
}

export class PatientIndex {
  private readonly totals = new Map<string, number>();
  private count: number | undefined;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement<[string]>;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly index: IndexDb) {
    this.upsert = index.db.prepare(
      `INSERT OR REPLACE INTO patients (id, first_name, last_name, active, invalid, dob, ssin, gender, last, first, name_key)
       VALUES (@id, @firstName, @lastName, @active, @invalid, @dob, @ssin, @gender, @last, @first, @nameKey)`,
    );
    this.remove = index.db.prepare('DELETE FROM patients WHERE id = ?');
  }

  get size(): number {
    this.count ??= (this.stmt('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
    return this.count;
  }

  /** Prepared once per distinct SQL text (a handful of shapes). */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.index.db.prepare(sql)));
    return s;
  }

  /** Apply one document (winning revision) from the changes feed; `valid` when already checked. */
  apply(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }, valid?: boolean): void {
    this.index.write();
    if (doc._deleted || doc.type !== 'patient') {
      // Most documents are not patients: only a row actually removed changes the answers.
      if (!this.index.bulk && this.remove.run(doc._id).changes > 0) this.changed();
      return;
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const firstName = str(doc.firstName);
    const lastName = str(doc.lastName);
    const last = normalize(lastName);
    const first = normalize(firstName);
    const dob = typeof doc.dateOfBirth === 'number' ? doc.dateOfBirth : undefined;
    this.upsert.run({
      id: doc._id,
      firstName,
      lastName,
      active: doc.active !== false ? 1 : 0,
      invalid: (valid ?? validateRecord(doc).ok) ? 0 : 1,
      dob: dob ?? null,
      ssin: typeof doc.ssin === 'string' && doc.ssin ? doc.ssin.replace(/[\s.-]/g, '') : null,
      gender: typeof doc.gender === 'string' ? doc.gender : null,
      last,
      first,
      nameKey: nameKey(last, first, dob, doc._id),
    });
    this.changed();
  }

  private changed(): void {
    this.totals.clear();
    this.count = undefined;
  }

  /** Patients whose SSIN is this one (digits only). */
  withSsin(ssin: string): PatientSummary[] {
    return (this.stmt(`SELECT ${COLUMNS} FROM patients WHERE ssin = ? ORDER BY name_key`).all(ssin) as Row[]).map(
      summaryOf,
    );
  }

  /** Patients of this name (case- and accent-insensitive) born on this fuzzy date: a range of names. */
  withNameAndBirth(lastName: string, firstName: string, dateOfBirth: number): PatientSummary[] {
    const params: unknown[] = [];
    const where = prefix('name_key', nameKey(normalize(lastName), normalize(firstName), dateOfBirth, ''), params);
    const sql = `SELECT ${COLUMNS} FROM patients WHERE ${where} ORDER BY name_key`;
    return (this.stmt(sql).all(...params) as Row[]).map(summaryOf);
  }

  /**
   * Name prefix ("dup", "dupont jean", "jean dup"), SSIN (digits) or date of birth (1974, 1974-03,
   * 1974-03-21, 21/03/1974, 21.03.1974, 21031974: the last also as an SSIN prefix).
   */
  search(query: string, offset: number, limit: number): { total: number; items: PatientSummary[] } {
    const q = query.trim();
    const parts = this.plan(q);
    const counts = parts.map((w, i) => this.total(`${q}\u0000${i}`, w));
    const items: PatientSummary[] = [];
    // The parts are listed one after the other (born that day, then the other SSINs).
    let skip = Math.max(0, offset);
    for (let i = 0; i < parts.length && items.length < limit; i++) {
      const n = counts[i]!;
      if (skip >= n) {
        skip -= n;
        continue;
      }
      items.push(...this.page(parts[i]!, skip, limit - items.length));
      skip = 0;
    }
    return { total: counts.reduce((a, b) => a + b, 0), items };
  }

  private total(key: string, w: Where): number {
    let n = this.totals.get(key);
    if (n === undefined) n = (this.stmt(w.count.sql).get(...w.count.params) as { n: number }).n;
    else this.totals.delete(key);
    this.totals.set(key, n);
    if (this.totals.size > TOTALS_CACHE) this.totals.delete(this.totals.keys().next().value!);
    return n;
  }

  private page(w: Where, offset: number, limit: number): PatientSummary[] {
    const from = w.from(offset + limit);
    const sql = `SELECT ${COLUMNS} FROM ${from.sql} ORDER BY ${w.order} LIMIT ? OFFSET ?`;
    return (this.stmt(sql).all(...from.params, limit, offset) as Row[]).map(summaryOf);
  }

  /** The query as one or two row sets (FROM … WHERE …), listed in this order. */
  private plan(q: string): Where[] {
    if (q === '') return [rows('', [], 'name_key')];
    const digits = q.replace(/[\s.-]/g, '');
    const date = dateQuery(q);
    const bornSql = (params: unknown[]) => {
      params.push(date!.from, date!.from + date!.span);
      return 'dob >= ? AND dob < ?';
    };
    if (date && !/^\d{8}$/.test(q)) {
      const params: unknown[] = [];
      return [rows(bornSql(params), params, 'dob, name_key')];
    }
    if (/^\d{5,11}$/.test(digits)) {
      const params: unknown[] = [];
      const bySsin = prefix('ssin', digits, params);
      if (!date) return [rows(bySsin, params, 'ssin, name_key')];
      // Born that day first, then the SSINs starting with those digits of the others.
      const bornParams: unknown[] = [];
      const born = bornSql(bornParams);
      const notBorn = `NOT (dob IS NOT NULL AND ${bornSql(params)})`;
      return [rows(born, bornParams, 'dob, name_key'), rows(`${bySsin} AND ${notBorn}`, params, 'ssin, name_key')];
    }
    return [this.byName(q)];
  }

  /** "dupont jean": last name then first names; "jean dupont": the other way round. */
  private byName(q: string): Where {
    const tokens = normalize(q)
      .split(/[\s,]+/)
      .filter(Boolean);
    const [a = ''] = tokens;
    const rest = tokens.slice(1);
    const lastParams: unknown[] = [];
    const byLast = [prefix('name_key', a, lastParams), ...rest.map((t) => prefix('first', t, lastParams))].join(
      ' AND ',
    );
    const firstParams: unknown[] = [];
    const byFirst = [prefix('first', a, firstParams), ...rest.map((t) => prefix('last', t, firstParams))].join(' AND ');
    // Each side on its own covering index, the second without the first's rows: a count is two
    // index ranges, and a page merges the first n of each (no sort of every match).
    const last = `FROM patients INDEXED BY patients_name WHERE ${byLast}`;
    const first = `FROM patients INDEXED BY patients_first WHERE ${byFirst} AND NOT (${byLast})`;
    const both = [...firstParams, ...lastParams];
    return {
      count: {
        sql: `SELECT (SELECT count(*) ${last}) + (SELECT count(*) ${first}) AS n`,
        params: [...lastParams, ...both],
      },
      from: (n) => ({
        sql:
          `patients WHERE name_key IN (SELECT name_key FROM (SELECT name_key ${last} ORDER BY name_key LIMIT ?)` +
          ` UNION ALL SELECT name_key FROM (SELECT name_key ${first} ORDER BY name_key LIMIT ?))`,
        params: [...lastParams, n, ...both, n],
      }),
      order: 'name_key',
    };
  }
}
