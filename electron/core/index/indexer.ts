// Keeps the indexes current from the change pipeline (local writes and replication alike): the
// only writer of the indexes. They live in <dataDir>/index.sqlite (index-db.ts); rows go into an
// open transaction, committed now and then (commit-pace.ts) with the seq of the last
// change applied and the conflict index, so a restart replays only the changes since, and a crash
// never leaves rows and seq apart. A file never committed means one full pass of the feed.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ChangePipeline } from '../store/changes';
import { PipelineClosed, type FeedChange } from '../store/feed-change';
import type { Written } from '../store/writes';
import { CommitPace, COMMIT_ROWS } from './commit-pace';
import { bulkPass, rebuildBeside, rebuildPays, removeRebuildLeft, type ScanResult } from './rebuild';
import { writersOn, type Writers } from './writers';
import { ConflictIndex, type ConflictSnapshot } from './conflict-index';
import { IndexDb, INDEX_FILE } from './index-db';
import { InvalidIndex } from './invalid-index';
import { LinkIndex } from './link-index';
import { PatientIndex } from './patient-index';
import { Announcer } from './announcer';
import { BuildProgress } from './build-progress';
import type { CatchUpProgress, IndexerEvents, IndexerLog } from './indexer-events';

/** The in-memory snapshot of the indexes before they moved to SQLite: read never, removed once. */
export const OLD_SNAPSHOT_FILE = 'index-snapshot.json';

type Scan = (progress: (done: number) => void) => Promise<ScanResult>;
type ChangedDoc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean; _conflicts?: string[] };

export class Indexer {
  readonly conflicts = new ConflictIndex();
  /** The indexes searches read; `into`, what the feed's changes are written to (see rebuild.ts). */
  private w: Writers;
  private into: Writers;
  /** While the first full pass runs, only patients are checked against their schema (speed). */
  private firstBuild: boolean;
  private savedConflicts = -1;
  private readonly announce: Announcer;
  /** Start-up is over: changes are announced. */
  private live = false;
  private closed = false;
  private unsubscribe: (() => void) | undefined;
  /** start() while it runs; close() waits for it (the pipeline cuts its catch-up short). */
  private starting: Promise<void> | undefined;
  private readonly progress: BuildProgress;
  /** The record types a catch-up touched: announced once at its end (see start). */
  private catchUpTypes = new Set<string>();
  /** The pipeline's seq is the index's: set once start() hands it the seq to go on from. */
  private seqKnown = false;
  private readonly pace: CommitPace;
  /** afterDownload() under way: every status while the download is over calls it. */
  private releasing = false;

  constructor(
    private readonly pipeline: ChangePipeline,
    private readonly dataDir: string,
    private readonly events: IndexerEvents,
    private readonly log: IndexerLog = { info: () => undefined },
    /** rebuildMin: rebuild beside from this many changes behind (rebuild.ts; tests lower it). */
    private readonly opts: { rebuildMin?: number } = {},
  ) {
    // A first build inserts the rows, then builds the tables' indexes (bulkPass).
    removeRebuildLeft(path.join(dataDir, INDEX_FILE));
    const { index, fresh } = IndexDb.open(path.join(dataDir, INDEX_FILE), true);
    this.w = this.into = writersOn(index);
    this.pace = new CommitPace(() => this.commit());
    this.progress = new BuildProgress(log, events, () => this.firstBuild);
    this.announce = new Announcer(events, () => this.conflicts.size);
    this.firstBuild = fresh;
    // At once, not in start(): a catch-up held back must not commit an empty conflict index.
    const saved = index.meta('conflicts');
    if (saved !== undefined) this.conflicts.restore(JSON.parse(saved) as ConflictSnapshot);
    this.savedConflicts = this.conflicts.revision;
  }

  get patients(): PatientIndex {
    return this.w.patients;
  }

  get links(): LinkIndex {
    return this.w.links;
  }

  get invalid(): InvalidIndex {
    return this.w.invalid;
  }

  private get index(): IndexDb {
    return this.w.index;
  }

  /**
   * A first build is ahead (no index file, or one never committed): its tables have no indexes
   * until it ends, so nothing can be searched before.
   */
  get building(): boolean {
    return this.firstBuild;
  }

  /** How many changes the store is ahead of what the index file has seen. */
  behind(): Promise<number> {
    return this.pipeline.gap(this.index.seq() ?? 0);
  }

  /** The catch-up is held back (see index/start.ts): shown as under way, nothing done yet. */
  waiting(total: number): void {
    if (!this.starting) this.progress.now = { indexing: true, done: 0, total };
  }

  /**
   * After a download held the feed (changes.ts hold): one catch-up, its progress shown; a rebuild
   * beside instead when the download brought most of the store (a first pull of 1,079,737
   * documents: the list complete 38-40 s after the download instead of 69-83 s row by row).
   */
  async afterDownload(): Promise<void> {
    if (!this.pipeline.holding || this.releasing) return;
    this.releasing = true;
    let done = 0;
    try {
      const [gap, total] = [await this.pipeline.gap(this.pipeline.seq), await this.pipeline.gap(0)];
      const rebuild = rebuildPays(gap, total, this.opts.rebuildMin);
      this.progress.begin();
      this.progress.now = { indexing: true, done: 0, total: rebuild ? total : gap };
      const report = (n: number) => this.progress.report(done + n);
      if (rebuild) done = await this.rebuild(total, report, (p) => this.pipeline.rescan(p));
      this.pace.longCatchUp(done === 0 && gap > COMMIT_ROWS);
      done += await this.pipeline.release(report);
    } finally {
      this.releasing = false;
      if (!this.closed) {
        this.pace.longCatchUp(false);
        this.commit();
      }
      this.progress.over(done);
    }
  }

  /** How far the catch-up at start is (indexing: false once it is over, or before it began). */
  catchUp(): CatchUpProgress {
    return { ...this.progress.now };
  }

  /**
   * Catch up with the feed from the seq saved with the rows, then follow it live. The core need
   * not wait for a long catch-up (a restart after a large pull was cut short): searches answer
   * from what is indexed meanwhile, the catch-up's progress is announced, and its end announces
   * the record types it touched so that lists refresh.
   */
  start(onProgress?: (done: number) => void): Promise<void> {
    this.starting ??= this.run(onProgress).catch((e: unknown) => {
      if (!(e instanceof PipelineClosed)) throw e;
    });
    return this.starting;
  }

  private async run(onProgress?: (done: number) => void): Promise<void> {
    const oldSnapshot = path.join(this.dataDir, OLD_SNAPSHOT_FILE);
    const p = this.progress;
    p.begin(onProgress);
    if (this.firstBuild && existsSync(oldSnapshot)) p.announce(true);
    const progress = (done: number) => p.report(done);
    this.unsubscribe = this.pipeline.subscribe((change) => this.onFeed(change));
    if (this.firstBuild) this.progress.now = { indexing: true, done: 0, total: await this.pipeline.gap(0) };
    const scanned = this.firstBuild
      ? await bulkPass(this.index, () => this.pipeline.scanStore(progress), this.log)
      : await this.rebuildIfFar(progress);
    const since = scanned > 0 ? this.pipeline.seq : (this.index.seq() ?? 0);
    const gap = await this.pipeline.gap(since);
    this.progress.now = { indexing: true, done: scanned, total: gap + scanned };
    this.pace.longCatchUp(gap > COMMIT_ROWS);
    const catching = this.pipeline.start(since, (n) => progress(scanned + n));
    this.seqKnown = true; // the pipeline's seq is `since` from here on
    let done: number;
    try {
      done = scanned + (await catching);
    } finally {
      if (!this.closed) this.pace.longCatchUp(false);
    }
    this.commit();
    p.over(done);
    // Lists shown while it ran are refreshed (events are only collected once live).
    if (done > 0) this.announce.caughtUp(this.catchUpTypes);
    this.catchUpTypes.clear();
    this.firstBuild = false;
    // Committed: the old snapshot (if any) will never be needed again.
    rmSync(oldSnapshot, { force: true });
    this.announce.forget();
    this.live = true;
  }

  /** Far behind at start-up: a new index file built beside (rebuild.ts). */
  private async rebuildIfFar(progress: (done: number) => void): Promise<number> {
    const [behind, total] = [await this.behind(), await this.pipeline.gap(0)];
    if (!rebuildPays(behind, total, this.opts.rebuildMin)) return 0;
    this.progress.now = { indexing: true, done: 0, total };
    return this.rebuild(total, progress, (p) => this.pipeline.scanStore(p, true));
  }

  /** The store read into a new file that then takes this one's place; answers the documents read (0: none). */
  private async rebuild(total: number, progress: (done: number) => void, scan: Scan): Promise<number> {
    this.log.info('index: rebuilding beside', { total });
    // Rows of a file not yet searched: announced as types at the end, not one by one.
    const wasLive = this.live;
    this.live = false;
    try {
      const rebuilt = await rebuildBeside(path.join(this.dataDir, INDEX_FILE), this.w, async (into) => {
        this.into = into;
        const r = await scan(progress).finally(() => (this.into = this.w));
        if ('done' in r)
          return { ...r, seq: this.pipeline.seq, meta: { conflicts: JSON.stringify(this.conflicts.snapshot()) } };
        this.log.info('index: store read through the feed', { reason: r.failed });
        return null;
      });
      if (!rebuilt) return 0;
      this.w = this.into = rebuilt.writers;
      this.savedConflicts = this.conflicts.revision;
      this.log.info('index: rebuilt', { done: rebuilt.done });
      return rebuilt.done;
    } finally {
      this.live = wasLive;
      if (wasLive) this.announce.caughtUp(this.catchUpTypes);
    }
  }

  private onFeed(change: FeedChange): void {
    this.applyDoc(change.doc, change.id, change.deleted, change.leaves);
    // Live, or a catch-up after start (a bulk pull's): either way, shown.
    if (this.live) this.announce.soon();
  }

  /** What the core wrote: indexed now, so the next search sees it before the feed delivers it. */
  applyWritten(w: Written): void {
    for (const doc of w.docs) this.applyLocal(doc);
    // A merge: the tree it left (the merged winner, the losing leaves deleted), settled at once so
    // an inbox listed right after the save does not show the conflict just resolved.
    if (w.settled) {
      this.conflicts.acknowledge(w.settled.id, w.settled.acknowledged);
      this.conflicts.apply(w.settled.resolution);
      this.announce.conflicts(this.conflicts.apply(w.settled.winner, w.settled.leaves) ? w.settled.id : undefined);
      this.announce.soon();
    }
    if (!this.closed) this.pace.soon();
  }

  private applyLocal(doc: ChangedDoc): void {
    // Conflict state needs the revision tree: the feed brings it a moment later.
    this.patients.apply(doc);
    this.links.apply(doc);
    // Local writes were validated by the repository: only a flag they fix needs clearing.
    if (this.invalid.has(doc._id)) this.invalid.apply(doc);
    this.announce.record(doc._id, doc.type);
    this.announce.soon();
  }

  private applyDoc(doc: ChangedDoc | undefined, id: string, deleted: boolean, leafRevs: string[]): void {
    const d: ChangedDoc = doc ?? { _id: id, _deleted: true };
    if (deleted) d._deleted = true;
    // A patient is checked once, for the list's flag and the invalid records alike.
    const check = !this.firstBuild || d.type === 'patient' ? InvalidIndex.check(d) : undefined;
    const w = this.into;
    w.patients.apply(d, d.type === 'patient' ? check?.ok : undefined);
    w.links.apply(d);
    this.announce.conflicts(this.conflicts.apply(d, leafRevs) ? d._id : undefined);
    if (!this.firstBuild || d.type === 'patient') w.invalid.apply(d, check);
    // Announced only once live: a first build would otherwise hold every id until it ends.
    if (this.live) this.announce.record(d._id, d.type);
    else if (!this.firstBuild && typeof d.type === 'string') this.catchUpTypes.add(d.type);
    // The seq saved is the pipeline's: never past a change not yet applied (changes.ts moves it after).
    if (w.index.bulk) return;
    if (!this.closed) this.pace.written(w.index.pending);
  }

  /** Rows, seq and (when it changed) the conflict index, in one transaction. */
  private commit(): void {
    this.pace.cancel();
    if (this.index.bulk) return;
    const extra: Record<string, string> = {};
    if (this.conflicts.revision !== this.savedConflicts) {
      extra.conflicts = JSON.stringify(this.conflicts.snapshot());
      this.savedConflicts = this.conflicts.revision;
    }
    // Before the catch-up began (held back, see index/start.ts) the core's own writes are saved
    // with the file's seq: rows ahead of it are applied again later, never a seq ahead of rows.
    const seq = this.seqKnown ? this.pipeline.seq : this.index.seq();
    if (seq !== undefined) this.index.commit(seq, extra);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.live = false; // what the last catch-up reads is only saved
    this.announce.stop();
    // The live feed may lag behind a bulk load: the pipeline reads to the end, so the seq saved is
    // the end; a catch-up at start still running is cut short, and the seq saved is where it was.
    await this.pipeline.close();
    await this.starting?.catch(() => undefined);
    this.unsubscribe?.();
    this.commit();
    this.closed = true;
    this.index.close();
  }
}
