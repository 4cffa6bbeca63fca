// The compaction policy on a real database: old bodies dropped once enough changes came and the
// database was quiet; leaves, conflicts' branches and base copies kept; not repeated after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiagnosticsLog } from '../log/diagnostics-log';
import { tempDir } from '../../testing/temp';
import { ChangePipeline } from './changes';
import { Compactor } from './compaction';
import { openLocalDb } from './open';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function open(dir: string, everyChanges: number, idleMs = 50) {
  const db = openLocalDb(dir);
  const log = await createDiagnosticsLog(dir);
  const pipeline = new ChangePipeline(db);
  await pipeline.start(0);
  const compactor = new Compactor(db, log, { everyChanges, minIntervalMs: 0, idleMs });
  await compactor.start(pipeline);
  const close = async () => {
    await compactor.close();
    await pipeline.close();
    await db.close();
    await log.close();
  };
  return { db, compactor, close };
}

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('compaction', () => {
  it('drops old bodies after enough changes once quiet, keeps leaves, and is not repeated on restart', async () => {
    const t = await tempDir('cw-compact-');
    cleanup.push(t.remove);
    let w = await open(t.dir, 5);
    const first = await w.db.put({ _id: 'p1', type: 'patient', n: 0 });
    let rev = first.rev;
    for (let i = 1; i <= 5; i++) rev = (await w.db.put({ _id: 'p1', _rev: rev, type: 'patient', n: i })).rev;
    // A conflict: a second branch on the first revision; both leaves must stay.
    await w.db.bulkDocs(
      [{ _id: 'p1', _rev: '2-zzz', _revisions: { start: 2, ids: ['zzz', first.rev.slice(2)] }, n: 'other' }] as never,
      {
        new_edits: false,
      },
    );
    await w.db.put({ _id: '_local/cw-base:p1', body: { _id: 'p1', n: 0 } });
    expect((await w.db.get('p1', { rev: first.rev })).n).toBe(0);
    await until(() => w.compactor.count === 1);
    await expect(w.db.get('p1', { rev: first.rev })).rejects.toMatchObject({ status: 404 });
    expect((await w.db.get('p1', { rev })).n).toBe(5);
    expect((await w.db.get('p1', { rev: '2-zzz' })).n).toBe('other');
    expect((await w.db.get('_local/cw-base:p1')).body).toEqual({ _id: 'p1', n: 0 });
    await w.close();

    w = await open(t.dir, 5);
    cleanup.push(() => w.close());
    expect(w.compactor.owed()).toBeLessThan(5);
    await new Promise((r) => setTimeout(r, 200));
    expect(w.compactor.count).toBe(0);
  });

  it('waits while changes keep coming (a bulk pull, someone typing)', async () => {
    const t = await tempDir('cw-compact-');
    cleanup.push(t.remove);
    // A quiet window well above the gap between writes: a busy machine (CI) stretches the gap.
    const w = await open(t.dir, 3, 500);
    cleanup.push(() => w.close());
    for (let i = 0; i < 10; i++) {
      await w.db.put({ _id: `d${i}`, n: i });
      await new Promise((r) => setTimeout(r, 25)); // far less than the 500 ms of quiet it waits for
    }
    expect(w.compactor.count).toBe(0);
    await until(() => w.compactor.count === 1);
  });
});
