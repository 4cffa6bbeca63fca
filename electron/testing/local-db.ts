// Local practice databases in temp folders of their own, for the store's tests: each opened
// (info() read), closed and deleted after every test of the file that asked for them.
import { afterEach } from 'vitest';
import { openLocalDb, type LocalDb } from '../core/store/open';
import { tempDir } from './temp';

/** Call at the top of a test file; answers the function that opens one. */
export function tempLocalDbs(): () => Promise<LocalDb> {
  let cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups) await c();
    cleanups = [];
  });
  return async () => {
    const t = await tempDir();
    const db = openLocalDb(t.dir);
    cleanups.push(async () => {
      await db.close().catch(() => undefined);
      await t.remove();
    });
    await db.info();
    return db;
  };
}
