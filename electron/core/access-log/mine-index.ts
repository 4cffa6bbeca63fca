// A person's own access logs, by person, newest first: built on first use from the access-log key
// range only (never the other records), then kept current from the change pipeline (local writes
// and replicated ones alike).
import type { ChangePipeline } from '../store/changes';
import type { LocalDb } from '../store/pouch';
import { PREFIX, timeKey } from './ids';

type Row = { key: string; id: string };

export class MineIndex {
  private readonly byUser = new Map<string, Row[]>();
  private readonly seen = new Set<string>();
  private built: Promise<void> | undefined;

  constructor(
    private readonly db: LocalDb,
    pipeline: ChangePipeline,
  ) {
    // Subscribed before the first build: whatever arrives meanwhile is kept (deduplicated by id).
    pipeline.subscribe((change) => {
      if (change.doc) this.add(change.doc);
    });
  }

  add(doc: Record<string, unknown>): void {
    const id = doc._id;
    if (typeof id !== 'string' || doc.type !== 'accessLog' || typeof doc.user !== 'string') return;
    const key = timeKey(id);
    if (key === undefined || this.seen.has(id)) return;
    this.seen.add(id);
    let rows = this.byUser.get(doc.user);
    if (!rows) this.byUser.set(doc.user, (rows = []));
    // Kept ascending; entries almost always arrive newest last.
    let i = rows.length;
    while (i > 0 && rows[i - 1]!.key > key) i--;
    rows.splice(i, 0, { key, id });
  }

  /** Ids of a person's entries, newest first, after the entry `before` (an id) when given. */
  async page(user: string, limit: number, before?: string): Promise<string[]> {
    this.built ??= this.build();
    await this.built;
    const rows = this.byUser.get(user) ?? [];
    let end = rows.length;
    const cursor = before === undefined ? undefined : timeKey(before);
    if (cursor !== undefined) while (end > 0 && rows[end - 1]!.key >= cursor) end--;
    const out: string[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) out.push(rows[i]!.id);
    return out;
  }

  private async build(): Promise<void> {
    const res = await this.db.allDocs({ startkey: PREFIX, endkey: `${PREFIX}\uffff`, include_docs: true });
    for (const row of res.rows) if ('doc' in row && row.doc) this.add(row.doc as Record<string, unknown>);
  }
}
