// The indexes' one SQLite file (<dataDir>/index.sqlite, WAL). Rows are written into one open
// transaction that is committed now and then together with the seq of the last change applied:
// a crash loses both or neither, so a restart replays exactly the changes the file has not seen.
// Memory is SQLite's page cache (bounded, CACHE_KB) and a few prepared statements.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export const INDEX_FILE = 'index.sqlite';
/** Bumped when the tables change: a file of another version is rebuilt from the feed. */
const SCHEMA_VERSION = 2;
/** SQLite's page cache, in KiB: bounded whatever the practice's size. */
export const CACHE_KB = 16 * 1024;
/** During a first build only (its index builds sort the whole tables). */
const BULK_CACHE_KB = 64 * 1024;

// Ids are unique by an index rather than a primary key: a first build inserts every row first
// and builds the indexes after, sorted (an order of magnitude faster than keeping them meanwhile).
const TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patients (
  id TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL, active INTEGER NOT NULL,
  invalid INTEGER NOT NULL, dob INTEGER, ssin TEXT, gender TEXT,
  last TEXT NOT NULL, first TEXT NOT NULL, name_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS links (id TEXT NOT NULL, patient_id TEXT NOT NULL, type TEXT NOT NULL, sort INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS invalid (id TEXT NOT NULL, type TEXT NOT NULL, fields TEXT NOT NULL);
`;
const INDEXES = `
CREATE UNIQUE INDEX IF NOT EXISTS patients_id ON patients (id);
CREATE INDEX IF NOT EXISTS patients_name ON patients (name_key, first);
CREATE INDEX IF NOT EXISTS patients_first ON patients (first, name_key, last);
CREATE INDEX IF NOT EXISTS patients_ssin ON patients (ssin, name_key);
CREATE INDEX IF NOT EXISTS patients_dob ON patients (dob, name_key);
CREATE UNIQUE INDEX IF NOT EXISTS links_id ON links (id);
CREATE INDEX IF NOT EXISTS links_patient ON links (patient_id, type, sort);
CREATE UNIQUE INDEX IF NOT EXISTS invalid_id ON invalid (id);
`;

export type Seq = string | number;

function removeFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

export class IndexDb {
  readonly db: Database.Database;
  /** Rows written since the last commit. */
  pending = 0;
  /**
   * A first build's bulk pass (beginBulk … endBulk): the tables start empty, each document comes
   * once, the indexes come after. Writers skip their deletes; nothing is committed until it ends.
   */
  bulk = false;
  private readonly getMeta: Database.Statement<[string], { value: string }>;
  private readonly setMeta: Database.Statement<[string, string]>;

  private constructor(file: string, indexes: boolean) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // In WAL, NORMAL may lose the last commits on a power cut, never half of one.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`cache_size = -${CACHE_KB}`);
    // The WAL file is truncated back to this after a checkpoint (a first build's commits grow it).
    this.db.pragma('journal_size_limit = 67108864');
    this.db.exec(TABLES);
    this.getMeta = this.db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setMeta = this.db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    const version = this.meta('version');
    if (version === undefined && this.meta('seq') === undefined) this.setMeta.run('version', String(SCHEMA_VERSION));
    else if (version !== String(SCHEMA_VERSION)) throw new Error(`index schema ${version ?? 'none'}`);
    if (indexes) this.db.exec(INDEXES);
  }

  /**
   * Opens (or creates) the file. One that cannot be read, or of another schema, is removed and
   * created anew: the feed rebuilds it. `fresh`: a first build is needed.
   */
  static open(file: string, deferIndexes = false): { index: IndexDb; fresh: boolean } {
    try {
      const index = new IndexDb(file, true);
      // Seq 0: committed during a first build's side-by-side pass, which then starts over.
      const seq = index.seq();
      if (seq !== undefined && seq !== 0) return { index, fresh: false };
      index.close();
    } catch {
      // Unreadable or of another schema: built anew.
    }
    // A first build starts from empty tables; the indexer builds their indexes after (see bulk).
    removeFiles(file);
    return { index: new IndexDb(file, !deferIndexes), fresh: true };
  }

  /** A new file without the tables' indexes, for a bulk pass (rebuild.ts); the caller removed any old one. */
  static openEmpty(file: string): IndexDb {
    return new IndexDb(file, false);
  }

  /** A throw-away index in memory (tests). */
  static memory(): IndexDb {
    return new IndexDb(':memory:', true);
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key)?.value;
  }

  /** The seq saved with the rows; undefined for a file never committed (a first build). */
  seq(): Seq | undefined {
    const v = this.meta('seq');
    return v === undefined ? undefined : (JSON.parse(v) as Seq);
  }

  /**
   * A fresh file's bulk pass begins: no journal and no syncs until it ends (a crash meanwhile
   * leaves a file without a seq, which is rebuilt anyway), and a larger page cache for the
   * index builds that follow.
   */
  beginBulk(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma(`cache_size = -${BULK_CACHE_KB}`);
    this.bulk = true;
  }

  /** The bulk pass is over: its rows committed, the indexes built, the file back to WAL. */
  endBulk(): void {
    this.bulk = false;
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    this.db.exec(INDEXES);
    this.db.exec('COMMIT');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`cache_size = -${CACHE_KB}`);
  }

  /** Every row gone (a bulk pass that could not finish: the feed delivers everything again). */
  clearRows(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    this.db.exec('DELETE FROM patients; DELETE FROM links; DELETE FROM invalid;');
  }

  /** Called before each row written: rows go into the open transaction. */
  write(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    this.pending++;
  }

  /** Commits the rows written so far with `seq` (and other meta values) in the same transaction. */
  commit(seq: Seq, extra: Record<string, string> = {}): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    this.setMeta.run('seq', JSON.stringify(seq));
    for (const [k, v] of Object.entries(extra)) this.setMeta.run(k, v);
    this.db.exec('COMMIT');
    this.pending = 0;
  }

  /** Closes without committing: what was not committed is lost, rows and seq alike. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
