// Follows the local changes feed (local writes and replication alike) and keeps the in-memory
// indexes current. A snapshot with its seq is saved now and then, so a restart only replays the
// changes since; a missing or unreadable snapshot means one full pass over the feed.
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { LocalChange, LocalDb } from '../store/open';
import { ConflictIndex } from './conflict-index';
import { InvalidIndex } from './invalid-index';
import { LinkIndex } from './link-index';
import { PatientIndex } from './patient-index';

const SNAPSHOT_VERSION = 5;
const SNAPSHOT_FILE = 'index-snapshot.json';
const SNAPSHOT_EVERY_MS = 10_000;
// Small batches keep the first full pass under the memory target at little cost in speed.
const BATCH = 250;
/** Readers side by side during a first build (leveldb serves reads on libuv's four threads). */
const READERS = 4;
/** How often, and how far behind, before the live feed is swapped for a catch-up. */
const LAG_CHECK_MS = 1000;
const LAG_LIMIT = 4 * READERS * BATCH;

// The snapshot file is three lines: a header (version, seq, conflicts, invalid records), the
// patients as a JSON array, and the records-by-patient rows as a JSON array. Lines, not one JSON
// document: each is written in pieces (one string of 100,000 rows would double the heap at the end
// of a first build), and the last line, the bulk of the file, is parsed only after start-up (see
// ensureLinks).
type SnapshotHeader = {
  version: number;
  seq: string | number;
  conflicts: ReturnType<ConflictIndex['snapshot']>;
  invalid?: ReturnType<InvalidIndex['snapshot']>;
};
const ROWS_PER_WRITE = 2000;

/** Writes `rows` as one JSON array, a few thousand rows per string. */
async function writeJsonArray(fh: FileHandle, rows: Iterable<unknown>): Promise<void> {
  let chunk: unknown[] = [];
  let first = true;
  await fh.write('[');
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = JSON.stringify(chunk);
    await fh.write((first ? '' : ',') + text.slice(1, -1));
    first = false;
    chunk = [];
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= ROWS_PER_WRITE) await flush();
  }
  await flush();
  await fh.write(']\n');
}

type ChangedDoc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean; _conflicts?: string[] };

export type IndexerEvents = {
  changed(ids: string[], types: string[]): void;
  conflictsChanged(count: number, newIds: string[]): void;
};

export class Indexer {
  readonly patients = new PatientIndex();
  readonly links = new LinkIndex();
  private deferredLinks: string | undefined;
  private linksReady: Promise<void> | undefined;
  readonly conflicts = new ConflictIndex();
  readonly invalid = new InvalidIndex();
  /** While the first full pass runs, only patients are checked against their schema (speed). */
  private firstBuild = false;
  private seq: string | number = 0;
  private feed: PouchDB.Core.Changes<Record<string, unknown>> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private dirtySince = false;
  private pendingIds = new Set<string>();
  private pendingTypes = new Set<string>();
  private newConflicts: string[] = [];
  private conflictsDirty = false;
  private closed = false;
  /** Start-up is over: changes are announced and passed to listeners. */
  private live = false;
  private lagTimer: NodeJS.Timeout | undefined;
  private catching: Promise<void> | undefined;
  /** How many times the live feed fell far behind and was replaced by a catch-up. */
  lagCatchUps = 0;
  private readonly listeners = new Set<(change: LocalChange) => void>();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: LocalDb,
    private readonly dataDir: string,
    private readonly events: IndexerEvents,
    private readonly lag = { checkMs: LAG_CHECK_MS, limit: LAG_LIMIT },
  ) {}

  /** Load the snapshot, catch up with the feed, then follow it live. */
  async start(onProgress?: (done: number) => void): Promise<void> {
    this.firstBuild = !(await this.loadSnapshot());
    const done = await this.catchUp(onProgress);
    this.firstBuild = false;
    if (done > 0 && this.deferredLinks === undefined) await this.saveSnapshot();
    this.pendingIds.clear();
    this.pendingTypes.clear();
    this.newConflicts = [];
    this.live = true;
    this.follow();
    this.lagTimer = setInterval(() => void this.checkLag(), this.lag.checkMs);
    this.lagTimer.unref();
    // The records-by-patient rows are restored once start-up is over (or when first needed).
    if (this.deferredLinks !== undefined) setTimeout(() => void this.ensureLinks(), 1000).unref();
    this.timer = setInterval(() => void this.saveSnapshot().catch(() => undefined), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  /** Read the feed from the current seq to its end (not live). */
  private async catchUp(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    const progress = (n: number) => {
      done += n;
      if (n) onProgress?.(done);
    };
    // A long way behind (a first build, a bulk write): read seq ranges side by side, again while
    // the database grows. One reader waits on leveldb for every document in turn.
    for (;;) {
      const end = (await this.db.info()).update_seq;
      if (typeof this.seq !== 'number' || typeof end !== 'number' || end - this.seq <= READERS * BATCH) break;
      const from = this.seq;
      const step = Math.ceil((end - from) / READERS);
      await Promise.all(
        Array.from({ length: READERS }, (_, i) =>
          this.readRange(from + i * step, Math.min(end, from + (i + 1) * step), progress),
        ),
      );
      this.seq = end;
    }
    for (;;) {
      const res = await this.db.changes({
        since: this.seq,
        limit: BATCH,
        include_docs: true,
        conflicts: true,
        style: 'all_docs',
      });
      for (const change of res.results) this.deliver(change);
      this.seq = res.last_seq;
      progress(res.results.length);
      if (res.results.length < BATCH) return done;
    }
  }

  /**
   * Applies the changes with a seq in (from, to]. A document is in the feed once, at its latest
   * seq, so ranges hold different documents; one rewritten meanwhile moves past `to` and is left
   * to the pass that follows.
   */
  private async readRange(from: number, to: number, progress: (n: number) => void): Promise<void> {
    let since = from;
    while (since < to) {
      // Each change uses at least one seq: this limit never reads far past `to`.
      const limit = Math.min(BATCH, to - since);
      const res = await this.db.changes({ since, limit, include_docs: true, conflicts: true, style: 'all_docs' });
      let applied = 0;
      for (const change of res.results) {
        if (Number(change.seq) > to) break;
        this.deliver(change);
        applied++;
      }
      progress(applied);
      if (res.results.length < limit || Number(res.last_seq) >= to) return;
      since = Number(res.last_seq);
    }
  }

  private follow(): void {
    const feed = this.db.changes({
      since: this.seq,
      live: true,
      include_docs: true,
      conflicts: true,
      style: 'all_docs',
    });
    this.feed = feed;
    feed.on('change', (change) => {
      if (this.feed !== feed) return; // replaced by a catch-up (see checkLag)
      this.deliver(change);
      this.seq = change.seq;
    });
    feed.on('error', () => {
      // The feed stops on an error (e.g. the database closing); restart it unless we are closing.
      if (!this.closed && this.feed === feed) setTimeout(() => this.follow(), 1000).unref();
    });
  }

  /** One change read from the feed: indexed, announced, and passed to the listeners. */
  private deliver(change: PouchDB.Core.ChangesResponseChange<Record<string, unknown>>): void {
    this.applyDoc(change.doc as ChangedDoc | undefined, change.id, change.deleted, change.changes);
    if (!this.live) return;
    this.scheduleFlush();
    for (const listener of this.listeners) {
      try {
        listener({ id: change.id, seq: change.seq, changes: change.changes });
      } catch {
        // A listener's bug must not stop the index.
      }
    }
  }

  /**
   * The live feed reads one document at a time and falls behind a bulk write (an initial pull
   * writes faster than it reads). Far behind, it is swapped for the side-by-side catch-up, then
   * resumed: the patient list fills in seconds sooner.
   */
  private async checkLag(): Promise<void> {
    if (this.catching || this.closed) return;
    const end = (await this.db.info().catch(() => null))?.update_seq;
    if (typeof end !== 'number' || typeof this.seq !== 'number' || end - this.seq < this.lag.limit || this.catching)
      return;
    this.lagCatchUps++;
    this.catching = (async () => {
      this.feed?.cancel();
      this.feed = undefined;
      try {
        await this.catchUp();
      } finally {
        this.catching = undefined;
        if (!this.closed) this.follow();
      }
    })().catch(() => undefined);
  }

  /**
   * Every change the live feed brings after this call, in seq order (the sync engine listens here
   * rather than reading each document back from leveldb a second time). Returns the unsubscribe.
   */
  onChange(listener: (change: LocalChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A write made here: index it now, so the next search sees it before the feed delivers it. */
  applyLocal(doc: ChangedDoc): void {
    // Conflict state needs the revision tree: the feed brings it a moment later.
    this.patients.apply(doc);
    this.links.apply(doc);
    // Local writes were validated by the repository: only a flag they fix needs clearing.
    if (this.invalid.has(doc._id)) this.invalid.apply(doc);
    this.dirtySince = true;
    this.pendingIds.add(doc._id);
    if (typeof doc.type === 'string') this.pendingTypes.add(doc.type);
    this.scheduleFlush();
  }

  private applyDoc(doc: ChangedDoc | undefined, id: string, deleted?: boolean, leaves?: Array<{ rev: string }>): void {
    const d: ChangedDoc = doc ?? { _id: id, _deleted: true };
    if (deleted) d._deleted = true;
    this.patients.apply(d);
    this.links.apply(d);
    const leafRevs = leaves?.map((l) => l.rev);
    if (this.conflicts.apply(d, leafRevs)) this.newConflicts.push(d._id);
    if (!this.firstBuild || d.type === 'patient') this.invalid.apply(d);
    this.conflictsDirty = true;
    this.dirtySince = true;
    this.pendingIds.add(d._id);
    if (typeof d.type === 'string') this.pendingTypes.add(d.type);
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    // Batch a burst of changes into one event; short, so a replicated edit shows at once.
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const ids = [...this.pendingIds].slice(0, 500);
      const types = [...this.pendingTypes];
      this.pendingIds.clear();
      this.pendingTypes.clear();
      this.events.changed(ids, types);
      if (this.conflictsDirty) {
        this.events.conflictsChanged(this.conflicts.size, this.newConflicts);
        this.newConflicts = [];
        this.conflictsDirty = false;
      }
    }, 10);
  }

  /** True when a usable snapshot was loaded. */
  private async loadSnapshot(): Promise<boolean> {
    try {
      const text = await readFile(path.join(this.dataDir, SNAPSHOT_FILE), 'utf8');
      const end1 = text.indexOf('\n');
      const end2 = text.indexOf('\n', end1 + 1);
      if (end1 < 0 || end2 < 0) return false;
      const header = JSON.parse(text.slice(0, end1)) as SnapshotHeader;
      if (header.version !== SNAPSHOT_VERSION) return false;
      this.patients.restore(JSON.parse(text.slice(end1 + 1, end2)) as Parameters<PatientIndex['restore']>[0]);
      // Changes applied before the rows are restored win over them (LinkIndex tracks them).
      this.links.deferRestore();
      this.deferredLinks = text.slice(end2 + 1);
      this.conflicts.restore(header.conflicts);
      this.invalid.restore(header.invalid);
      this.seq = header.seq;
      return true;
    } catch {
      // No snapshot or an unreadable one: rebuild from the start of the feed.
      return false;
    }
  }

  /** The records-by-patient index, complete: restores the snapshot's rows on first use. */
  ensureLinks(): Promise<void> {
    if (this.linksReady) return this.linksReady;
    const text = this.deferredLinks;
    this.deferredLinks = undefined;
    if (text !== undefined) {
      try {
        this.links.restoreDeferred(JSON.parse(text) as Array<[string, string, string, number]>);
      } catch {
        // Rows that do not parse: drop the snapshot so that the next start rebuilds everything.
        void rm(path.join(this.dataDir, SNAPSHOT_FILE), { force: true });
      }
    }
    this.linksReady = Promise.resolve();
    return this.linksReady;
  }

  /** Saves one at a time: two writers of the same temporary file would mix their pieces. */
  saveSnapshot(): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(() => this.writeSnapshot());
    return this.saving;
  }

  private async writeSnapshot(): Promise<void> {
    await this.ensureLinks(); // never save a records-by-patient index that is still being restored
    if (!this.dirtySince) return;
    this.dirtySince = false;
    // Taken in one turn (the feed may apply changes while the pieces are written): the rows are
    // shallow copies, and the indexes replace an entry rather than change it.
    const header: SnapshotHeader = {
      version: SNAPSHOT_VERSION,
      seq: this.seq,
      conflicts: this.conflicts.snapshot(),
      invalid: this.invalid.snapshot(),
    };
    const patients = this.patients.snapshot();
    const links = this.links.snapshot();
    const file = path.join(this.dataDir, SNAPSHOT_FILE);
    const fh = await open(`${file}.tmp`, 'w');
    try {
      await fh.write(JSON.stringify(header) + '\n');
      await writeJsonArray(fh, patients);
      await writeJsonArray(fh, links);
    } finally {
      await fh.close();
    }
    await rename(`${file}.tmp`, file);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.catching;
    this.live = false; // what the last catch-up reads is only saved
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.feed?.cancel();
    // The live feed may lag behind a bulk load: catch up so the snapshot's seq is the end.
    await this.catchUp().catch(() => undefined);
    await this.saveSnapshot().catch(() => undefined);
  }
}
