// Records that belong to a patient (contacts, health elements), kept on disk by patient id
// (index-db.ts): a chart reads its ids from one index range.
import type Database from 'better-sqlite3';
import type { IndexDb } from './index-db';

export class LinkIndex {
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly ofPatient: Database.Statement<[string, string], { id: string }>;
  private readonly countAll: Database.Statement<[], { n: number }>;
  private count: number | undefined;

  constructor(private readonly index: IndexDb) {
    const db = index.db;
    this.upsert = db.prepare('INSERT OR REPLACE INTO links (id, patient_id, type, sort) VALUES (?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM links WHERE id = ?');
    this.ofPatient = db.prepare('SELECT id FROM links WHERE patient_id = ? AND type = ? ORDER BY sort DESC, id');
    this.countAll = db.prepare('SELECT count(*) AS n FROM links');
  }

  get size(): number {
    this.count ??= this.countAll.get()!.n;
    return this.count;
  }

  apply(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }): void {
    const linked =
      !doc._deleted && (doc.type === 'contact' || doc.type === 'healthElement') && typeof doc.patientId === 'string';
    this.index.write();
    if (!linked) {
      if (!this.index.bulk && this.remove.run(doc._id).changes > 0) this.count = undefined;
      return;
    }
    const sort = typeof doc.openingDate === 'number' ? doc.openingDate : 0;
    this.upsert.run(doc._id, doc.patientId as string, doc.type as string, sort);
    this.count = undefined;
  }

  /** Ids of a patient's records of one type, newest opening date first. */
  of(patientId: string, type: 'contact' | 'healthElement'): string[] {
    return this.ofPatient.all(patientId, type).map((r) => r.id);
  }
}
