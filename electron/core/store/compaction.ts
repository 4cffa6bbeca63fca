// When the local database drops the bodies of old revisions. PouchDB keeps every revision's body
// until it is compacted (auto_compaction is off: see open.ts), so a workstation's disk would grow
// with every edit and every pulled update, forever. Compaction keeps the leaves (every branch of a
// conflict) and the revision trees; the merge screen does not need the dropped ancestors, it has
// its base copies (conflicts/base-copies.ts). What is lost: old versions in "History" (CouchDB
// compacts the server's too). So: after `everyChanges` changes since the last compaction, at most
// once per `minIntervalMs`, once the database has been quiet for `idleMs` (not during a bulk pull
// or while a clinician is typing). The last compaction's seq and time are kept in a _local
// document, so a restart neither repeats it nor forgets the changes it owes.
//
// revs_limit stays at 1,000 (PouchDB's and CouchDB's default): a revision tree is a few dozen
// bytes per revision, and a shorter one would make a record edited more often than that while
// apart arrive on the server as a new branch (its history no longer joins the server's).
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { ChangePipeline } from './changes';
import type { LocalDb } from './pouch';

export type CompactionOptions = {
  everyChanges: number;
  minIntervalMs: number;
  idleMs: number;
  now?: () => number;
};

export const DEFAULT_COMPACTION: CompactionOptions = {
  everyChanges: 20_000,
  minIntervalMs: 6 * 3600_000,
  idleMs: 60_000,
};

const STATE_ID = '_local/cw-compaction';
type State = { _id: string; _rev?: string; seq: number; at: number };

const seqNumber = (seq: unknown): number =>
  typeof seq === 'number' ? seq : Number.parseInt(String(seq ?? '0').split('-')[0] ?? '0', 10) || 0;

export class Compactor {
  private state: State = { _id: STATE_ID, seq: 0, at: 0 };
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private off: (() => void) | undefined;
  private readonly now: () => number;
  /** Compactions done by this process (tests and diagnostics). */
  count = 0;

  constructor(
    private readonly db: LocalDb,
    private readonly log: DiagnosticsLog,
    private readonly o: CompactionOptions = DEFAULT_COMPACTION,
  ) {
    this.now = o.now ?? Date.now;
  }

  async start(pipeline: ChangePipeline): Promise<void> {
    try {
      const saved = (await this.db.get(STATE_ID)) as unknown as { _rev: string; seq: unknown; at: unknown };
      this.state = { _id: STATE_ID, _rev: saved._rev, seq: seqNumber(saved.seq), at: Number(saved.at) || 0 };
    } catch {
      // Never compacted here: the first one is owed once enough changes have come.
    }
    this.seq = seqNumber((await this.db.info()).update_seq);
    this.off = pipeline.onLive((change) => {
      this.seq = Math.max(this.seq, seqNumber(change.seq));
      this.schedule();
    });
    this.schedule();
  }

  /** Changes since the last compaction. */
  owed(): number {
    return Math.max(0, this.seq - this.state.seq);
  }

  /** Each change restarts the quiet-time wait; the compaction runs once it has passed. */
  private schedule(): void {
    if (this.closed || this.running || this.owed() < this.o.everyChanges) return;
    const wait = Math.max(this.o.idleMs, this.state.at + this.o.minIntervalMs - this.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), wait);
    this.timer.unref();
  }

  /** Compacts now (the policy calls it; tools may too). */
  run(): Promise<void> {
    this.running ??= this.compact().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async compact(): Promise<void> {
    if (this.closed) return;
    const t0 = this.now();
    const seq = this.seq;
    try {
      await this.db.compact();
      const next: State = { _id: STATE_ID, seq, at: this.now() };
      if (this.state._rev) next._rev = this.state._rev;
      const res = await this.db.put(next as never);
      const changes = seq - this.state.seq;
      this.state = { ...next, _rev: res.rev };
      this.count++;
      this.log.info('database compacted', { ms: this.now() - t0, changes });
    } catch (err) {
      // A full disk or a closing database: tried again after the next changes.
      this.log.warn('compaction failed', { error: String((err as Error).name ?? 'error') });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.off?.();
    await this.running;
  }
}
