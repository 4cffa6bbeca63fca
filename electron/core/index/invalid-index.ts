// Records that fail their schema (written by another client, an older or newer workstation):
// kept as they are, flagged in the chart, the patient list and the sync panel. On disk
// (index-db.ts), so that a practice full of records from a newer schema does not fill the heap.
import type Database from 'better-sqlite3';
import { validateRecord } from '../../../shared/records/schemas';
import type { IndexDb } from './index-db';

export type InvalidEntry = { id: string; type: string; fields: Record<string, string> };
type ValidationResult = ReturnType<typeof validateRecord>;

export class InvalidIndex {
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly one: Database.Statement<[string], { id: string }>;
  private readonly some: Database.Statement<[number], { id: string; type: string; fields: string }>;
  private readonly countAll: Database.Statement<[], { n: number }>;
  private count: number | undefined;

  constructor(private readonly index: IndexDb) {
    const db = index.db;
    this.upsert = db.prepare('INSERT OR REPLACE INTO invalid (id, type, fields) VALUES (?, ?, ?)');
    this.remove = db.prepare('DELETE FROM invalid WHERE id = ?');
    this.one = db.prepare('SELECT id FROM invalid WHERE id = ?');
    this.some = db.prepare('SELECT id, type, fields FROM invalid ORDER BY id LIMIT ?');
    this.countAll = db.prepare('SELECT count(*) AS n FROM invalid');
  }

  get size(): number {
    this.count ??= this.countAll.get()!.n;
    return this.count;
  }

  /** The document's check, as this index judges it (undefined: not a record to check). */
  static check(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }): ValidationResult | undefined {
    if (doc._deleted || doc._id.startsWith('_design/')) return undefined;
    const { _conflicts: _c, ...body } = doc as Record<string, unknown> & { _id: string; _conflicts?: unknown };
    return validateRecord(body);
  }

  /** Returns true when the count changed. `r`: the check, when already made. */
  apply(
    doc: Record<string, unknown> & { _id: string; _deleted?: boolean },
    r: ValidationResult | undefined = InvalidIndex.check(doc),
  ): boolean {
    this.index.write();
    if (!r) return this.drop(doc._id);
    if (r.ok) return this.drop(doc._id);
    const added = this.index.bulk || !this.has(doc._id);
    this.upsert.run(doc._id, String(doc.type ?? 'unknown'), JSON.stringify(r.errors));
    if (added) this.count = undefined;
    return added;
  }

  private drop(id: string): boolean {
    if (this.index.bulk || this.remove.run(id).changes === 0) return false;
    this.count = undefined;
    return true;
  }

  has(id: string): boolean {
    return this.one.get(id) !== undefined;
  }

  list(limit: number): InvalidEntry[] {
    return this.some
      .all(Math.max(0, limit))
      .map((r) => ({ id: r.id, type: r.type, fields: JSON.parse(r.fields) as Record<string, string> }));
  }
}
