// Types shared by the sync engine's files.
import type { AnyDb } from '../store/pouch';

/** A PouchDB database, local (leveldb) or remote (http): the engine only uses the common API. */
export type Db = AnyDb;

export type RoundInfo = {
  direction: 'push' | 'pull';
  startedAt: number;
  endedAt: number;
  /** Changes the round looked at (compared with the other side); a resumed round skips those before its checkpoint. */
  changesChecked: number;
  docsRead: number;
  /** A push that started at this local seq because everything before it was known to be on the server. */
  skippedTo?: string | number | null;
  /**
   * Why the skip was sound: every change was a known server revision (an initial load moves the
   * checkpoint itself); for a pull, every change the watcher saw past the checkpoint is here (cover.ts).
   */
  skipBasis?: 'known-revs' | 'watcher';
  docsWritten: number;
  /** Initial load: pages after which the local feed was read to move the push checkpoint (load-cover.ts). */
  pagesSettled?: number;
  writeFailures: number;
  ok: boolean;
};
