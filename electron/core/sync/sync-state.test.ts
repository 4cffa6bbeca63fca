// The sync state document on a real database on disk: what a restart reads back, and the writes
// it costs (each round saves; bench/many.ts counted three state writes per edit delivered).
import { afterEach, describe, expect, it } from 'vitest';
import { dbPair } from './db-pair.test-util';
import { SyncState } from './sync-state';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const STATE_DOC = '_local/cw-sync-state';
const revOf = async (db: PouchDB.Database) => ((await db.get(STATE_DOC)) as { _rev: string })._rev;

describe('sync state', () => {
  it('is read back after a restart as it was last saved', async () => {
    const { local, state } = await dbPair(cleanups);
    state.pushSeq = 12;
    state.pullSeq = '34-abc';
    state.lastSuccessAt = 1_700_000_000_000;
    state.refused.set('patient:1', { revs: ['1-a'], reason: 'forbidden', at: 5, waitingFor: 'bob' });
    await state.save();
    const again = new SyncState(local);
    await again.load();
    expect(again).toMatchObject({ pushSeq: 12, pullSeq: '34-abc', lastSuccessAt: 1_700_000_000_000 });
    expect(again.savedSuccessAt).toBe(1_700_000_000_000);
    expect(again.refused.get('patient:1')).toEqual({ revs: ['1-a'], reason: 'forbidden', at: 5, waitingFor: 'bob' });
  });

  it('a save with nothing new writes nothing; a change is written', async () => {
    const { local, state } = await dbPair(cleanups);
    state.pushSeq = 1;
    await state.save();
    const first = await revOf(local);
    await state.save();
    await state.save();
    expect(await revOf(local)).toBe(first);
    state.pushSeq = 2;
    await state.save();
    expect(await revOf(local)).not.toBe(first);
    expect(((await local.get(STATE_DOC)) as { pushSeq: number }).pushSeq).toBe(2);
  });

  it('a state document written by someone else meanwhile is written over, not lost to a conflict', async () => {
    const { local, state } = await dbPair(cleanups);
    state.pullSeq = 1;
    await state.save();
    // Another copy of the engine on the same folder (say, one that was stopping) saved after us.
    const other = new SyncState(local);
    await other.load();
    other.pullSeq = 5;
    await other.save();
    state.pullSeq = 7;
    await state.save();
    const again = new SyncState(local);
    await again.load();
    expect(again.pullSeq).toBe(7);
    // Concurrent saves of one state are serialised: the last one wins, none fails.
    state.pushSeq = 8;
    const a = state.save();
    state.pushSeq = 9;
    await Promise.all([a, state.save()]);
    const last = new SyncState(local);
    await last.load();
    expect(last.pushSeq).toBe(9);
  });
});
