// The core's local writes, announced once by the service that made them (records, conflicts,
// samples): the indexes show them at once and the sync engine sends a clinician's save ahead of
// any bulk transfer. Subscribers never re-broadcast; the changes feed brings the rest (replication,
// the revision tree) a moment later.
export type WrittenDoc = Record<string, unknown> & { _id: string; _rev?: string };

export type Written = {
  /** Every id written. */
  ids: string[];
  /** The bodies as written, when the writer has them (the indexes apply them at once). */
  docs: WrittenDoc[];
  /** A person's save: pushed at once, ahead of bulk work. */
  priority: boolean;
  /** A merge: the record's tree as the merge left it, and the revisions it accounted for. */
  settled?: {
    id: string;
    winner: WrittenDoc & { _rev: string };
    /** The record of the merge (what was discarded), listed in the record's history at once. */
    resolution: WrittenDoc & { _rev: string };
    leaves: string[];
    acknowledged: string[];
  };
};

export class LocalWrites {
  private readonly listeners = new Set<(w: Written) => void>();

  subscribe(listener: (w: Written) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(w: Written): void {
    for (const l of this.listeners) {
      try {
        l(w);
      } catch {
        // One subscriber's failure must not keep the others from the write.
      }
    }
  }
}
