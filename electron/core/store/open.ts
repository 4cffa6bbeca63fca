// The local practice database: PouchDB on leveldb in the data folder.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { trackedLeveldown } from './leveldb-handle';
import type { Change, LocalDb } from './pouch';

export type { LocalDb } from './pouch';

/** One entry of the local changes feed (style all_docs: every leaf revision). */
export type LocalChange = Change;

export function openLocalDb(dataDir: string, name = 'practice'): LocalDb {
  mkdirSync(dataDir, { recursive: true });
  // auto_compaction off: the merge screen needs ancestor bodies as long as PouchDB keeps them.
  // The leveldb kept at hand for a first build's sequential read (leveldb-handle.ts).
  const opts = { auto_compaction: false, db: trackedLeveldown } as PouchDB.Configuration.DatabaseConfiguration;
  return new PouchDB(path.join(dataDir, name), opts) as LocalDb;
}
