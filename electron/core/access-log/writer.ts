// Writes access logs without making anyone wait: an access is queued and the queue is written in
// small batches (every 200 ms, or at once at 50 entries) through one bulkDocs, announced as the
// core's other writes are (the indexes and the sync engine see it). close() writes what is left.
import { AccessLog } from '../../../shared/records/schemas';
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/pouch';
import type { LocalWrites, WrittenDoc } from '../store/writes';
import { accessLogDoc, type Access } from './entry';

export type WriterOptions = {
  db: LocalDb;
  writes: LocalWrites;
  identity: () => Identity;
  log: DiagnosticsLog;
  everyMs?: number;
  batch?: number;
};

export class AccessLogWriter {
  private queue: Access[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly everyMs: number;
  private readonly batch: number;

  constructor(private readonly o: WriterOptions) {
    this.everyMs = o.everyMs ?? 200;
    this.batch = o.batch ?? 50;
  }

  /** Queues one access; returns at once. */
  record(access: Access): void {
    this.queue.push(access);
    if (this.queue.length >= this.batch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.everyMs);
  }

  /** Writes what is queued; resolves when it (and any earlier batch) is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      // One batch after the other, so a close() waits for all of them.
      this.writing = this.writing
        .then(() => this.write(batch))
        .catch((err: unknown) => {
          this.o.log.warn('access log not written', { count: batch.length, error: String((err as Error).message) });
        });
    }
    return this.writing;
  }

  private async write(batch: Access[]): Promise<void> {
    const who = this.o.identity();
    const patients = await this.patientsOf(batch.filter((a) => a.patientId === undefined).map((a) => a.objectId));
    const docs: Array<Record<string, unknown> & { _id: string }> = [];
    for (const a of batch) {
      const patientId = a.patientId ?? patients.get(a.objectId);
      // A record of no patient (a practitioner, a user) is not a chart: nothing to log.
      if (patientId === undefined) continue;
      const doc = accessLogDoc({ ...a, patientId }, who);
      if (AccessLog.safeParse(doc).success) docs.push(doc);
    }
    if (docs.length === 0) return;
    const res = await this.o.db.bulkDocs(docs);
    const written: WrittenDoc[] = [];
    res.forEach((r, i) => {
      const doc = docs[i];
      if (doc && 'ok' in r && r.ok) written.push({ ...doc, _rev: r.rev });
    });
    if (written.length < docs.length)
      this.o.log.warn('access log partly written', { failed: docs.length - written.length });
    if (written.length > 0) this.o.writes.announce({ ids: written.map((d) => d._id), docs: written, priority: false });
  }

  /** The patient of each record (itself for a patient), read in one request. */
  private async patientsOf(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const res = await this.o.db.allDocs({ keys: [...new Set(ids)], include_docs: true });
    for (const row of res.rows) {
      const doc = 'doc' in row ? (row.doc as Record<string, unknown> | null | undefined) : undefined;
      if (!doc) continue;
      if (doc.type === 'patient') out.set(row.key, row.key);
      else if (typeof doc.patientId === 'string') out.set(row.key, doc.patientId);
    }
    return out;
  }
}
