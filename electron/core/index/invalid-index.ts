// Records that fail their schema (written by another client, an older or newer workstation):
// kept as they are, flagged in the chart, the patient list and the sync panel.
import { validateRecord } from '../../../shared/records/schemas';

export type InvalidEntry = { id: string; type: string; fields: Record<string, string> };

export class InvalidIndex {
  private readonly byId = new Map<string, InvalidEntry>();

  get size(): number {
    return this.byId.size;
  }

  /** Returns true when the count changed. */
  apply(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }): boolean {
    const before = this.byId.size;
    if (doc._deleted || doc._id.startsWith('_design/')) {
      this.byId.delete(doc._id);
      return before !== this.byId.size;
    }
    const { _conflicts: _c, ...body } = doc as Record<string, unknown> & { _id: string; _conflicts?: unknown };
    const r = validateRecord(body);
    if (r.ok) this.byId.delete(doc._id);
    else this.byId.set(doc._id, { id: doc._id, type: String(doc.type ?? 'unknown'), fields: r.errors });
    return before !== this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  list(limit: number): InvalidEntry[] {
    return [...this.byId.values()].slice(0, limit);
  }

  snapshot(): InvalidEntry[] {
    return [...this.byId.values()];
  }

  restore(entries: InvalidEntry[] | undefined): void {
    for (const e of entries ?? []) this.byId.set(e.id, e);
  }
}
