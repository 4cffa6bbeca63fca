// Two real databases on disk for the sync rounds' tests: `remote` stands in for the server (the
// same replication calls: revs_diff, _bulk_get, _bulk_docs new_edits=false), with the sync state
// of `local` loaded. Closed and removed by the cleanup it registers.
import { tempDir } from '../../testing/temp';
import { openLocalDb } from '../store/open';
import { KnownRevs } from './known-revs';
import { SyncState } from './sync-state';

export async function dbPair(cleanups: Array<() => Promise<void>>) {
  const t = await tempDir();
  const local = openLocalDb(t.dir, 'local');
  const remote = openLocalDb(t.dir, 'remote');
  cleanups.push(async () => {
    await local.close();
    await remote.close();
    await t.remove();
  });
  const state = new SyncState(local);
  await state.load();
  return { local, remote, state, known: new KnownRevs() };
}
