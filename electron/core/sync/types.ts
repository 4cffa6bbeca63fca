// Types shared by the sync engine's files.
import type PouchDB from 'pouchdb-node';

/** A PouchDB database, local (leveldb) or remote (http): the engine only uses the common API. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Db = PouchDB.Database<{}>;

export type RoundInfo = {
  direction: 'push' | 'pull';
  startedAt: number;
  endedAt: number;
  docsRead: number;
  docsWritten: number;
  writeFailures: number;
  ok: boolean;
};
