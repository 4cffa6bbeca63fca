// Revisions we know the server holds (pulled from it, or pushed and acknowledged). Lets the
// pending-up count stay exact while offline, and lets the fast lanes skip echoes.
export class KnownRevs {
  private byId = new Map<string, { revs: Set<string>; gen: number }>();
  private gen = 0;

  add(id: string, rev: string): void {
    let entry = this.byId.get(id);
    if (!entry) this.byId.set(id, (entry = { revs: new Set(), gen: 0 }));
    entry.revs.add(rev);
    entry.gen = ++this.gen;
  }

  has(id: string, rev: string): boolean {
    return this.byId.get(id)?.revs.has(rev) ?? false;
  }

  hasAll(id: string, revs: readonly string[]): boolean {
    const set = this.byId.get(id)?.revs;
    return !!set && revs.every((r) => set.has(r));
  }

  /** A point in time for retainOnly: what is added after it is kept. */
  mark(): number {
    return this.gen;
  }

  /**
   * Forgets every id not in `keep` (they are behind the push checkpoint now), except those added
   * after `since`: a document pulled while the caller read the feed is not in `keep` yet, and
   * forgetting it would make its local write look like an edit to send back.
   */
  retainOnly(keep: ReadonlySet<string>, since = Infinity): void {
    for (const [id, entry] of this.byId) if (!keep.has(id) && entry.gen <= since) this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
