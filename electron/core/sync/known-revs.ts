// Revisions we know the server holds (pulled from it, or pushed and acknowledged). Lets the
// pending-up count stay exact while offline, and lets the fast lanes skip echoes.
export class KnownRevs {
  private byId = new Map<string, Set<string>>();

  add(id: string, rev: string): void {
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(rev);
  }

  has(id: string, rev: string): boolean {
    return this.byId.get(id)?.has(rev) ?? false;
  }

  hasAll(id: string, revs: readonly string[]): boolean {
    const set = this.byId.get(id);
    return !!set && revs.every((r) => set.has(r));
  }

  /** Forgets every id not in `keep` (they are behind the push checkpoint now). */
  retainOnly(keep: ReadonlySet<string>): void {
    for (const id of this.byId.keys()) if (!keep.has(id)) this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
