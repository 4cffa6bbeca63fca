// The bulk push while someone saves: each batch goes up in parts, so a clinician's save waits on
// the server behind one part at most, and the round still records every answer of every part (what
// was acknowledged, what was refused with the reason). Against the dev server or, unchanged,
// PRACTICE_SERVER_URL: the refusals are the server's own rules.
import PouchDB from 'pouchdb-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { adminDb, patient } from '../../testing/sync-kit';
import { tempDir } from '../../testing/temp';
import { openLocalDb } from '../store/open';
import { KnownRevs } from './known-revs';
import { pushRound, type PushContext } from './push-round';
import { SyncState } from './sync-state';
import type { Db } from './types';

let server: PracticeServer;
let cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember('bob', 'bob-pw');
});
afterAll(async () => server?.stop());
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

/** Bob's side: a local database and the server as bob, its `_bulk_docs` requests counted by size. */
async function bobsSide() {
  const t = await tempDir();
  const local = openLocalDb(t.dir, 'local');
  const server$ = new PouchDB(`${server.url}/${server.db}`, {
    auth: { username: 'bob', password: 'bob-pw' },
    skip_setup: true,
  } as never) as unknown as Db;
  const uploads: number[] = [];
  const remote = new Proxy(server$, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop !== 'bulkDocs' || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v;
      return (body: { docs: unknown[] }, ...rest: unknown[]) => {
        uploads.push(body.docs.length);
        return (v as (...a: unknown[]) => unknown).call(target, body, ...rest);
      };
    },
  });
  cleanups.push(async () => {
    await local.close();
    await t.remove();
  });
  const state = new SyncState(local);
  await state.load();
  const ctx: PushContext = {
    local,
    remote,
    state,
    known: new KnownRevs(),
    batchSize: 10,
    cancelled: () => false,
    holdMs: () => 0,
    onBatch: () => undefined,
  };
  return { local, state, uploads, ctx };
}

describe('bulk push in parts while someone saves', () => {
  it('uploads each batch in parts; every part is acknowledged or refused, and recorded', async () => {
    const { local, state, uploads, ctx } = await bobsSide();
    // 25 records: bob's own, except every seventh, written as alice's (the server refuses bob
    // writing them): refusals fall in several parts of several batches.
    const docs = Array.from({ length: 25 }, (_, i) =>
      patient(`patient:part-${String(i).padStart(2, '0')}`, i % 7 === 6 ? 'alice' : 'bob'),
    );
    await local.bulkDocs(docs);
    const res = await pushRound({ ...ctx, partSize: () => 3 });
    expect(res).toMatchObject({ checked: 25, pushed: 22, refused: 3 });
    // Batches of 10, 10 and 5, each in parts of at most 3.
    expect(Math.max(...uploads)).toBeLessThanOrEqual(3);
    expect(uploads.reduce((a, b) => a + b, 0)).toBe(25);
    expect(uploads.length).toBe(4 + 4 + 2);
    expect([...state.refused.keys()].sort()).toEqual(['patient:part-06', 'patient:part-13', 'patient:part-20']);
    expect(state.refused.get('patient:part-13')?.reason).toMatch(/author/i);
    const onServer = await adminDb(server).allDocs({ startkey: 'patient:part-', endkey: 'patient:part-\uffff' });
    expect(onServer.rows).toHaveLength(22);
    expect(state.pushSeq).toBe((await local.info()).update_seq);
  });

  it('nobody saving: one request per batch', async () => {
    const { local, uploads, ctx } = await bobsSide();
    await local.bulkDocs(Array.from({ length: 25 }, (_, i) => patient(`patient:whole-${i}`, 'bob')));
    const res = await pushRound({ ...ctx, partSize: () => ctx.batchSize });
    expect(res).toMatchObject({ pushed: 25, refused: 0 });
    expect(uploads).toEqual([10, 10, 5]);
  });
});
