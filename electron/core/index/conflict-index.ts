// Documents whose winning revision hides conflicting leaves, kept from the changes feed.
export type ConflictEntry = { id: string; type: string; revs: number; rev: string };

export class ConflictIndex {
  private readonly byId = new Map<string, ConflictEntry>();

  get size(): number {
    return this.byId.size;
  }

  apply(doc: Record<string, unknown> & { _id: string; _rev?: string; _conflicts?: string[]; _deleted?: boolean }): boolean {
    const had = this.byId.has(doc._id);
    const n = doc._conflicts?.length ?? 0;
    if (n > 0) {
      this.byId.set(doc._id, { id: doc._id, type: String(doc.type ?? 'unknown'), revs: n + 1, rev: String(doc._rev) });
      return !had;
    }
    this.byId.delete(doc._id);
    return false;
  }

  list(): ConflictEntry[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  snapshot(): ConflictEntry[] {
    return this.list();
  }

  restore(entries: ConflictEntry[]): void {
    for (const e of entries) this.byId.set(e.id, e);
  }
}
