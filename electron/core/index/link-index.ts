// Records that belong to a patient (contacts, health elements), kept by patient id.
type Link = { patientId: string; type: string; sort: number };

export class LinkIndex {
  private readonly byDoc = new Map<string, Link>();
  private readonly byPatient = new Map<string, Set<string>>();
  /** While a snapshot's rows wait to be restored: ids changed since, whose rows are out of date. */
  private touched: Set<string> | undefined;

  get size(): number {
    return this.byDoc.size;
  }

  apply(doc: Record<string, unknown> & { _id: string; _deleted?: boolean }): void {
    this.touched?.add(doc._id);
    const old = this.byDoc.get(doc._id);
    const linked =
      !doc._deleted && (doc.type === 'contact' || doc.type === 'healthElement') && typeof doc.patientId === 'string';
    if (old && (!linked || old.patientId !== doc.patientId)) {
      this.byPatient.get(old.patientId)?.delete(doc._id);
      this.byDoc.delete(doc._id);
    }
    if (!linked) return;
    const patientId = doc.patientId as string;
    const sort = typeof doc.openingDate === 'number' ? doc.openingDate : 0;
    this.byDoc.set(doc._id, { patientId, type: doc.type as string, sort });
    let set = this.byPatient.get(patientId);
    if (!set) this.byPatient.set(patientId, (set = new Set()));
    set.add(doc._id);
  }

  /** Ids of a patient's records of one type, newest opening date first. */
  of(patientId: string, type: 'contact' | 'healthElement'): string[] {
    const ids = [...(this.byPatient.get(patientId) ?? [])];
    const links = ids.map((id) => [id, this.byDoc.get(id)!] as const).filter(([, l]) => l.type === type);
    links.sort((a, b) => b[1].sort - a[1].sort);
    return links.map(([id]) => id);
  }

  /** The rows as they are now (a copy of the map; entries are replaced, never changed), made one by one as they are written. */
  snapshot(): Iterable<[string, string, string, number]> {
    const now = new Map(this.byDoc);
    return (function* () {
      for (const [id, l] of now) yield [id, l.patientId, l.type, l.sort] as [string, string, string, number];
    })();
  }

  restore(rows: Array<[string, string, string, number]>): void {
    for (const [id, patientId, type, sort] of rows) this.apply({ _id: id, patientId, type, openingDate: sort });
  }

  /** Rows will come later (restoreDeferred): from now on, remember which ids change meanwhile. */
  deferRestore(): void {
    this.touched = new Set();
  }

  restoreDeferred(rows: Array<[string, string, string, number]>): void {
    const touched = this.touched ?? new Set<string>();
    this.touched = undefined;
    for (const [id, patientId, type, sort] of rows) {
      if (!touched.has(id)) this.apply({ _id: id, patientId, type, openingDate: sort });
    }
  }
}
