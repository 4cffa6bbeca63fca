// Keeps the in-memory indexes current from the change pipeline (local writes and replication
// alike): the only writer of the indexes. A snapshot with its seq is saved now and then, so a
// restart only replays the changes since; a missing or unreadable snapshot means one full pass.
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ChangePipeline, FeedChange } from '../store/changes';
import type { Written } from '../store/writes';
import { ConflictIndex } from './conflict-index';
import { InvalidIndex } from './invalid-index';
import { LinkIndex } from './link-index';
import { PatientIndex } from './patient-index';

const SNAPSHOT_VERSION = 5;
const SNAPSHOT_FILE = 'index-snapshot.json';
const SNAPSHOT_EVERY_MS = 10_000;

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
  private timer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private dirtySince = false;
  private pendingIds = new Set<string>();
  private pendingTypes = new Set<string>();
  private newConflicts: string[] = [];
  private conflictsDirty = false;
  /** Start-up is over: changes are announced. */
  private live = false;
  private unsubscribe: (() => void) | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly pipeline: ChangePipeline,
    private readonly dataDir: string,
    private readonly events: IndexerEvents,
  ) {}

  /** Load the snapshot, catch up with the feed, then follow it live. */
  async start(onProgress?: (done: number) => void): Promise<void> {
    this.firstBuild = !(await this.loadSnapshot());
    this.unsubscribe = this.pipeline.subscribe((change, live) => this.onFeed(change, live));
    const done = await this.pipeline.start(this.seq, onProgress);
    this.firstBuild = false;
    if (done > 0 && this.deferredLinks === undefined) await this.saveSnapshot();
    this.pendingIds.clear();
    this.pendingTypes.clear();
    this.newConflicts = [];
    this.live = true;
    // The records-by-patient rows are restored once start-up is over (or when first needed).
    if (this.deferredLinks !== undefined) setTimeout(() => void this.ensureLinks(), 1000).unref();
    this.timer = setInterval(() => void this.saveSnapshot().catch(() => undefined), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  private onFeed(change: FeedChange, live: boolean): void {
    this.applyDoc(change.doc, change.id, change.deleted, change.leaves);
    if (live && this.live) this.scheduleFlush();
  }

  /** What the core wrote: indexed now, so the next search sees it before the feed delivers it. */
  applyWritten(w: Written): void {
    for (const doc of w.docs) this.applyLocal(doc);
    // A merge: the tree it left (the merged winner, the losing leaves deleted), settled at once so
    // an inbox listed right after the save does not show the conflict just resolved.
    if (w.settled) {
      this.conflicts.acknowledge(w.settled.id, w.settled.acknowledged);
      this.conflicts.apply(w.settled.resolution);
      if (this.conflicts.apply(w.settled.winner, w.settled.leaves)) this.newConflicts.push(w.settled.id);
      this.conflictsDirty = true;
      this.scheduleFlush();
    }
  }

  private applyLocal(doc: ChangedDoc): void {
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

  private applyDoc(doc: ChangedDoc | undefined, id: string, deleted: boolean, leafRevs: string[]): void {
    const d: ChangedDoc = doc ?? { _id: id, _deleted: true };
    if (deleted) d._deleted = true;
    this.patients.apply(d);
    this.links.apply(d);
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
      seq: this.pipeline.seq,
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
    if (this.timer) clearInterval(this.timer);
    this.live = false; // what the last catch-up reads is only saved
    if (this.flushTimer) clearTimeout(this.flushTimer);
    // The live feed may lag behind a bulk load: the pipeline reads to the end, so the snapshot's seq is the end.
    await this.pipeline.close();
    this.unsubscribe?.();
    await this.saveSnapshot().catch(() => undefined);
  }
}
