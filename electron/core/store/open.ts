// The local practice database: PouchDB on leveldb in the data folder.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { trackedLeveldown } from './leveldb-handle';
import type { Change, LocalDb } from './pouch';

export type { LocalDb } from './pouch';

/** One entry of the local changes feed (style all_docs: every leaf revision). */
export type LocalChange = Change;

const WRITE_BUFFER_BYTES = 16 * 1024 * 1024;

export function openLocalDb(dataDir: string, name = 'practice'): LocalDb {
  mkdirSync(dataDir, { recursive: true });
  // auto_compaction off: the merge screen needs ancestor bodies as long as PouchDB keeps them.
  // The leveldb kept at hand for a first build's sequential read (leveldb-handle.ts).
  // leveldb's write buffer at 16 MB, not 4: a first pull of 54,031 documents took ~1 s less CPU
  // (fewer, larger level-0 files to compact), for ~30 MB more peak RSS and ~55 ms more to open
  // after a crash with a full log (bench/first-pull.ts, 2026-12-04; 32 MB saved no more).
  const opts = {
    auto_compaction: false,
    db: trackedLeveldown,
    writeBufferSize: WRITE_BUFFER_BYTES,
  } as PouchDB.Configuration.DatabaseConfiguration;
  return new PouchDB(path.join(dataDir, name), opts) as LocalDb;
}
