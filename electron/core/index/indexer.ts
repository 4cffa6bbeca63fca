// Follows the local changes feed (local writes and replication alike) and keeps the in-memory
// indexes current. A snapshot with its seq is saved now and then, so a restart only replays the
// changes since; a missing or unreadable snapshot means one full pass over the feed.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalDb } from '../store/open';
import { ConflictIndex } from './conflict-index';
import { InvalidIndex } from './invalid-index';
import { LinkIndex } from './link-index';
import { PatientIndex } from './patient-index';

const SNAPSHOT_VERSION = 4;
const SNAPSHOT_FILE = 'index-snapshot.json';
const SNAPSHOT_EVERY_MS = 10_000;
// Smaller batches keep the first full pass under the memory target at little cost in speed.
const BATCH = 1000;

type Snapshot = {
  version: number;
  seq: string | number;
  patients: ReturnType<PatientIndex['snapshot']>;
  /**
   * The records-by-patient rows, as JSON text inside the snapshot: parsing a string is cheap, so
   * start-up only pays for it after READY (see ensureLinks); the rows are the bulk of the file.
   */
  links: string;
  conflicts: ReturnType<ConflictIndex['snapshot']>;
  invalid?: ReturnType<InvalidIndex['snapshot']>;
};

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

  constructor(
    private readonly db: LocalDb,
    private readonly dataDir: string,
    private readonly events: IndexerEvents,
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
    this.follow();
    // The records-by-patient rows are restored once start-up is over (or when first needed).
    if (this.deferredLinks !== undefined) setTimeout(() => void this.ensureLinks(), 1000).unref();
    this.timer = setInterval(() => void this.saveSnapshot().catch(() => undefined), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  /** Read the feed from the current seq to its end (not live). */
  private async catchUp(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    for (;;) {
      const res = await this.db.changes({ since: this.seq, limit: BATCH, include_docs: true, conflicts: true, style: 'all_docs' });
      for (const change of res.results) this.applyDoc(change.doc as ChangedDoc | undefined, change.id, change.deleted, change.changes);
      this.seq = res.last_seq;
      done += res.results.length;
      if (res.results.length) onProgress?.(done);
      if (res.results.length < BATCH) return done;
    }
  }

  private follow(): void {
    this.feed = this.db.changes({ since: this.seq, live: true, include_docs: true, conflicts: true, style: 'all_docs' });
    this.feed.on('change', (change) => {
      this.applyDoc(change.doc as ChangedDoc | undefined, change.id, change.deleted, change.changes);
      this.seq = change.seq;
      this.scheduleFlush();
    });
    this.feed.on('error', () => {
      // The feed stops on an error (e.g. the database closing); restart it unless we are closing.
      if (!this.closed) setTimeout(() => this.follow(), 1000).unref();
    });
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
    if (this.conflicts.apply(d, leaves?.map((l) => l.rev))) this.newConflicts.push(d._id);
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
      const snap = JSON.parse(await readFile(path.join(this.dataDir, SNAPSHOT_FILE), 'utf8')) as Snapshot;
      if (snap.version !== SNAPSHOT_VERSION) return false;
      this.patients.restore(snap.patients);
      // Changes applied before the rows are restored win over them (LinkIndex tracks them).
      this.links.deferRestore();
      this.deferredLinks = snap.links;
      this.conflicts.restore(snap.conflicts);
      this.invalid.restore(snap.invalid);
      this.seq = snap.seq;
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

  async saveSnapshot(): Promise<void> {
    await this.ensureLinks(); // never save a records-by-patient index that is still being restored
    if (!this.dirtySince) return;
    this.dirtySince = false;
    const snap: Snapshot = {
      version: SNAPSHOT_VERSION,
      seq: this.seq,
      patients: this.patients.snapshot(),
      links: JSON.stringify(this.links.snapshot()),
      conflicts: this.conflicts.snapshot(),
      invalid: this.invalid.snapshot(),
    };
    const file = path.join(this.dataDir, SNAPSHOT_FILE);
    await writeFile(`${file}.tmp`, JSON.stringify(snap));
    await rename(`${file}.tmp`, file);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.feed?.cancel();
    // The live feed may lag behind a bulk load: catch up so the snapshot's seq is the end.
    await this.catchUp().catch(() => undefined);
    await this.saveSnapshot().catch(() => undefined);
  }
}
