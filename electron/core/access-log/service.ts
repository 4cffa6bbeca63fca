// The access log: who opened which chart, record, merge or history, when and where. Written only
// while a person is signed in (the session), never awaited by the call that opened something;
// read per patient from the id range (ids.ts) and per person from MineIndex, as the role allows.
import { canReadRecord, type Role } from '../../../shared/auth/roles';
import type { AccessAction, AccessLogEntry, AccessLogPage } from '../../../shared/contract/outputs';
import type { SessionState } from '../../../shared/contract/outputs';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/pouch';
import { toEntry } from './entry';
import { patientRange } from './ids';
import type { MineIndex } from './mine-index';
import type { AccessLogWriter } from './writer';

export type AccessLogOptions = {
  db: LocalDb;
  writer: AccessLogWriter;
  mine: MineIndex;
  session: () => SessionState;
  identity: () => Identity;
  now?: () => number;
};

type Doc = Record<string, unknown>;
/** A reader that filters (not a doctor) reads at most this many rounds for one page. */
const MAX_ROUNDS = 20;

export class AccessLogService {
  private readonly now: () => number;

  constructor(private readonly o: AccessLogOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Queues an access by whoever is signed in; nobody signed in (or locked): nothing. */
  record(action: AccessAction, objectId: string, patientId?: string): void {
    const s = this.o.session();
    if (s.state !== 'signed-in') return;
    this.o.writer.record({
      action,
      objectId,
      ...(patientId === undefined ? {} : { patientId }),
      username: s.username,
      role: s.role,
      date: this.now(),
    });
  }

  /** Who opened this patient's chart or records, newest first; a doctor sees all, others their own. */
  async forPatient(patientId: string, limit: number, before?: string): Promise<AccessLogPage> {
    const reader = this.reader();
    if (!reader) return { logging: false, items: [] };
    const { low, high } = patientRange(patientId);
    const items: AccessLogEntry[] = [];
    let start = before !== undefined && before > low && before < high ? before : high;
    let skip = start === high ? 0 : 1;
    for (let round = 0; round < MAX_ROUNDS && items.length < limit; round++) {
      const res = await this.o.db.allDocs({
        startkey: start,
        endkey: low,
        descending: true,
        include_docs: true,
        limit,
        skip,
      });
      for (const row of res.rows) {
        const doc = 'doc' in row ? (row.doc as Doc | null | undefined) : undefined;
        if (doc && items.length < limit) this.push(items, doc, reader);
        start = row.id;
        skip = 1;
      }
      if (res.rows.length < limit) return { logging: true, items };
    }
    return this.page(items, limit);
  }

  /** The signed-in person's own entries, newest first. */
  async mine(limit: number, before?: string): Promise<AccessLogPage> {
    const reader = this.reader();
    if (!reader) return { logging: false, items: [] };
    const ids = await this.o.mine.page(reader.username, limit + 1, before);
    const res = await this.o.db.allDocs({ keys: ids.slice(0, limit), include_docs: true });
    const items: AccessLogEntry[] = [];
    for (const row of res.rows) {
      const doc = 'doc' in row ? (row.doc as Doc | null | undefined) : undefined;
      if (doc) this.push(items, doc, reader);
    }
    return ids.length > limit ? this.page(items, limit) : { logging: true, items };
  }

  /** Writes what is queued (core.close). */
  flush(): Promise<void> {
    return this.o.writer.flush();
  }

  private reader(): { username: string; role: Role } | undefined {
    const s = this.o.session();
    return s.state === 'signed-in' ? { username: s.username, role: s.role } : undefined;
  }

  private push(items: AccessLogEntry[], doc: Doc, reader: { username: string; role: Role }): void {
    if (!canReadRecord(reader.role, doc, reader.username)) return;
    const entry = toEntry(doc, this.o.identity().deviceId);
    if (entry) items.push(entry);
  }

  private page(items: AccessLogEntry[], limit: number): AccessLogPage {
    const last = items[limit - 1];
    return last && items.length >= limit ? { logging: true, items, next: last.id } : { logging: true, items };
  }
}
