// Documents that need a person's merge, kept from the changes feed (style all_docs):
// - a winner with `_conflicts` (other live leaves hidden behind it), or
// - a deleted leaf beside a live winner that no conflict resolution has accounted for: someone
//   deleted the record while someone else edited it, and CouchDB silently let the edit win.
// Resolutions (replicated conflictResolution records) list the revisions they handled.
// In memory: it holds only conflicted and merged documents (not the practice), and is saved in
// index.sqlite beside the seq, in the same transaction as the other indexes' rows (indexer.ts).
export type ConflictEntry = { id: string; type: string; revs: number; rev: string };

type DocState = { type: string; rev: string; live: string[]; deleted: string[] };
export type ConflictSnapshot = {
  docs: Array<[string, DocState]>;
  acknowledged: Array<[string, string[]]>;
  resolutions: Array<[string, string[]]>;
};

export class ConflictIndex {
  private readonly docs = new Map<string, DocState>();
  private readonly acknowledged = new Map<string, Set<string>>();
  private readonly open = new Map<string, ConflictEntry>();
  private readonly resolutions = new Map<string, Set<string>>();
  /** Counts the changes to what snapshot() saves: the indexer saves it only when this moved. */
  revision = 0;

  get size(): number {
    return this.open.size;
  }

  /** Returns true when the document has just become conflicted. */
  apply(
    doc: Record<string, unknown> & { _id: string; _rev?: string; _conflicts?: string[]; _deleted?: boolean },
    leafRevs?: string[],
  ): boolean {
    if (doc.type === 'conflictResolution' && typeof doc.docId === 'string' && !doc._deleted) {
      const revs = [
        ...(Array.isArray(doc.discarded) ? doc.discarded.map((d) => (d as { _rev?: unknown })._rev) : []),
        ...(Array.isArray(doc.deletedRevs) ? doc.deletedRevs : []),
      ].filter((r): r is string => typeof r === 'string');
      this.acknowledge(doc.docId, revs);
      let set = this.resolutions.get(doc.docId);
      if (!set) this.resolutions.set(doc.docId, (set = new Set()));
      if (!set.has(doc._id)) this.revision++;
      set.add(doc._id);
    }
    if (doc._deleted) {
      if (this.docs.delete(doc._id)) this.revision++;
      return this.evaluate(doc._id);
    }
    const live = doc._conflicts ?? [];
    const deleted = (leafRevs ?? []).filter((r) => r !== doc._rev && !live.includes(r));
    if (live.length || deleted.length) {
      this.docs.set(doc._id, { type: String(doc.type ?? 'unknown'), rev: String(doc._rev), live, deleted });
      this.revision++;
    } else if (this.docs.delete(doc._id)) {
      this.revision++;
    }
    return this.evaluate(doc._id);
  }

  acknowledge(docId: string, revs: string[]): void {
    let set = this.acknowledged.get(docId);
    if (!set) this.acknowledged.set(docId, (set = new Set()));
    for (const r of revs) {
      if (!set.has(r)) this.revision++;
      set.add(r);
    }
    this.evaluate(docId);
  }

  /** Deleted leaves of a document that no resolution has accounted for. */
  unacknowledgedDeletions(docId: string): string[] {
    const state = this.docs.get(docId);
    const ack = this.acknowledged.get(docId);
    return (state?.deleted ?? []).filter((r) => !ack?.has(r));
  }

  private evaluate(id: string): boolean {
    const state = this.docs.get(id);
    const pendingDeletes = this.unacknowledgedDeletions(id).length;
    const had = this.open.has(id);
    if (state && (state.live.length || pendingDeletes)) {
      this.open.set(id, { id, type: state.type, revs: 1 + state.live.length + pendingDeletes, rev: state.rev });
      return !had;
    }
    this.open.delete(id);
    return false;
  }

  /** Ids of the conflictResolution records written for a document. */
  resolutionsOf(docId: string): string[] {
    return [...(this.resolutions.get(docId) ?? [])];
  }

  list(): ConflictEntry[] {
    return [...this.open.values()];
  }

  has(id: string): boolean {
    return this.open.has(id);
  }

  /** Branches hidden behind the winner (live and unaccounted deleted leaves); 0 when none. */
  hiddenBranches(id: string): number {
    const e = this.open.get(id);
    return e ? e.revs - 1 : 0;
  }

  snapshot(): ConflictSnapshot {
    const lists = (m: Map<string, Set<string>>) => [...m].map(([k, v]) => [k, [...v]] as [string, string[]]);
    return { docs: [...this.docs], acknowledged: lists(this.acknowledged), resolutions: lists(this.resolutions) };
  }

  restore(snap: ConflictSnapshot): void {
    for (const [id, revs] of snap.acknowledged) this.acknowledged.set(id, new Set(revs));
    for (const [id, ids] of snap.resolutions) this.resolutions.set(id, new Set(ids));
    for (const [id, state] of snap.docs) {
      this.docs.set(id, state);
      this.evaluate(id);
    }
  }
}
