// The indexes' one SQLite file (<dataDir>/index.sqlite, WAL). Rows are written into one open
// transaction that is committed now and then together with the seq of the last change applied:
// a crash loses both or neither, so a restart replays exactly the changes the file has not seen.
// Memory is SQLite's page cache (bounded, CACHE_KB) and a few prepared statements.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';

export const INDEX_FILE = 'index.sqlite';
/** Bumped when the tables change: a file of another version is rebuilt from the feed. */
const SCHEMA_VERSION = 1;
/** SQLite's page cache, in KiB: bounded whatever the practice's size. */
export const CACHE_KB = 16 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patients (
  id TEXT PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, active INTEGER NOT NULL,
  invalid INTEGER NOT NULL, dob INTEGER, ssin TEXT, gender TEXT,
  last TEXT NOT NULL, first TEXT NOT NULL, name_key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS patients_name ON patients (name_key, first);
CREATE INDEX IF NOT EXISTS patients_first ON patients (first, name_key, last);
CREATE INDEX IF NOT EXISTS patients_ssin ON patients (ssin, name_key);
CREATE INDEX IF NOT EXISTS patients_dob ON patients (dob, name_key);
CREATE TABLE IF NOT EXISTS links (
  id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, type TEXT NOT NULL, sort INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS links_patient ON links (patient_id, type, sort);
CREATE TABLE IF NOT EXISTS invalid (id TEXT PRIMARY KEY, type TEXT NOT NULL, fields TEXT NOT NULL);
`;

export type Seq = string | number;

function removeFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

export class IndexDb {
  readonly db: Database.Database;
  /** Rows written since the last commit. */
  pending = 0;
  private readonly getMeta: Database.Statement<[string], { value: string }>;
  private readonly setMeta: Database.Statement<[string, string]>;

  private constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // In WAL, NORMAL may lose the last commits on a power cut, never half of one.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`cache_size = -${CACHE_KB}`);
    // The WAL file is truncated back to this after a checkpoint (a first build's commits grow it).
    this.db.pragma('journal_size_limit = 67108864');
    this.db.exec(SCHEMA);
    this.getMeta = this.db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setMeta = this.db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    const version = this.meta('version');
    if (version === undefined && this.meta('seq') === undefined) this.setMeta.run('version', String(SCHEMA_VERSION));
    else if (version !== String(SCHEMA_VERSION)) throw new Error(`index schema ${version ?? 'none'}`);
  }

  /**
   * Opens (or creates) the file. One that cannot be read, or of another schema, is removed and
   * created anew: the feed rebuilds it. `fresh`: a first build is needed.
   */
  static open(file: string): { index: IndexDb; fresh: boolean } {
    try {
      const index = new IndexDb(file);
      // Seq 0: committed during a first build's side-by-side pass, which then starts over.
      const seq = index.seq();
      return { index, fresh: seq === undefined || seq === 0 };
    } catch {
      removeFiles(file);
      return { index: new IndexDb(file), fresh: true };
    }
  }

  /** A throw-away index in memory (tests). */
  static memory(): IndexDb {
    return new IndexDb(':memory:');
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key)?.value;
  }

  /** The seq saved with the rows; undefined for a file never committed (a first build). */
  seq(): Seq | undefined {
    const v = this.meta('seq');
    return v === undefined ? undefined : (JSON.parse(v) as Seq);
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
