// The push round between two real databases on disk (the second one stands in for the server:
// the same replication calls, revs_diff, _bulk_get, _bulk_docs new_edits=false). The refusal path
// needs the server's validate_doc_update and is covered by stranded.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { dbPair } from './db-pair.test-util';
import { pushRound, retryRefused, skipKnown } from './push-round';
import { SyncState } from './sync-state';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function pair() {
  const { local, remote, state, known } = await dbPair(cleanups);
  const ctx = {
    local,
    remote,
    state,
    known,
    batchSize: 3,
    cancelled: () => false,
    onBatch: () => undefined,
  };
  return { local, remote, state, known, ctx };
}

describe('push round', () => {
  it('sends every local change in checkpointed batches; a second round sends nothing', async () => {
    const { local, remote, state, ctx } = await pair();
    await local.bulkDocs(Array.from({ length: 20 }, (_, i) => ({ _id: `p${i}`, n: i })));
    const first = await pushRound(ctx);
    expect(first).toMatchObject({ checked: 20, pushed: 20, refused: 0 });
    expect((await remote.allDocs()).rows).toHaveLength(20);
    expect(state.pushSeq).toBe((await local.info()).update_seq);
    const again = await pushRound(ctx);
    expect(again).toMatchObject({ checked: 0, pushed: 0 });
  });

  it('starts at the saved checkpoint: nothing before it is read or sent again', async () => {
    const { local, remote, state, ctx } = await pair();
    await local.bulkDocs(Array.from({ length: 30 }, (_, i) => ({ _id: `old${i}` })));
    state.pushSeq = (await local.info()).update_seq; // e.g. what an initial load brought down
    await local.bulkDocs([{ _id: 'new' }]);
    const res = await pushRound(ctx);
    expect(res.pushed).toBe(1);
    expect((await remote.allDocs()).rows.map((r) => r.id)).toEqual(['new']);
  });

  it('asks before sending: what the other side holds already is not sent again', async () => {
    const { local, remote, ctx } = await pair();
    await local.bulkDocs([{ _id: 'a', v: 1 }]);
    const a = await local.get('a');
    await remote.bulkDocs([{ ...a, _revisions: { start: 1, ids: [a._rev.slice(2)] } }], { new_edits: false });
    await local.bulkDocs([{ _id: 'b', v: 2 }]);
    const res = await pushRound(ctx);
    expect(res).toMatchObject({ pushed: 1 });
    expect((await remote.allDocs()).rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('keeps the checkpoint and the refused list across a restart (the saved state)', async () => {
    const { local, state, ctx } = await pair();
    await local.bulkDocs([{ _id: 'x' }]);
    await pushRound(ctx);
    state.refused.set('y', { revs: ['1-y'], reason: 'The author must be the writer', at: 5 });
    await state.save();
    const again = new SyncState(local);
    await again.load();
    expect(again.pushSeq).toBe(state.pushSeq);
    expect(again.refused.get('y')).toEqual({ revs: ['1-y'], reason: 'The author must be the writer', at: 5 });
  });

  it('a refused record that the other side now accepts leaves the list', async () => {
    const { local, remote, state, ctx } = await pair();
    await local.bulkDocs([{ _id: 'r', v: 1 }]);
    // As after a refusal: passed by the checkpoint, listed with the reason, not on the other side.
    state.pushSeq = (await local.info()).update_seq;
    state.refused.set('r', { revs: [], reason: 'refused', at: 1 });
    const accepted = await retryRefused(ctx);
    expect(accepted).toBe(1);
    expect(state.refused.size).toBe(0);
    expect((await remote.get('r'))._id).toBe('r');
  });

  it('passes pulled revisions without asking, sends the few local ones, and gives up on many', async () => {
    const { local, remote, state, known, ctx } = await pair();
    // Thirty documents "pulled": their revisions are known to be on the server (which this
    // stand-in does not have, so a revs_diff would have sent them).
    const pulled = await local.bulkDocs(Array.from({ length: 30 }, (_, i) => ({ _id: `pulled${i}` })));
    for (const r of pulled) if ('rev' in r && r.rev) known.add(r.id!, r.rev);
    await local.bulkDocs([{ _id: 'mine1' }, { _id: 'mine2' }]);
    expect(await skipKnown(ctx)).toBe((await local.info()).update_seq);
    expect(state.pushSeq).toBe((await local.info()).update_seq);
    expect((await remote.allDocs()).rows.map((r) => r.id)).toEqual(['mine1', 'mine2']);

    // More unknown changes than a batch: no skip, the round does it.
    const before = state.pushSeq;
    await local.bulkDocs(Array.from({ length: 4 }, (_, i) => ({ _id: `many${i}` })));
    expect(await skipKnown(ctx)).toBeNull();
    expect(state.pushSeq).toBe(before);
    expect((await pushRound(ctx)).pushed).toBe(4);
  });

  it("holds each batch while a clinician's save is fresh, and never stops for good", async () => {
    const { local, remote, ctx } = await pair();
    await local.bulkDocs(Array.from({ length: 9 }, (_, i) => ({ _id: `h${i}` })));
    let holdUntil = Date.now() + 400;
    const t0 = Date.now();
    const first = await pushRound({ ...ctx, holdMs: () => holdUntil - Date.now() });
    expect(first.pushed).toBe(9);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    // A hold renewed forever (saves in quick succession) slows the batches, one wait each.
    await local.bulkDocs(Array.from({ length: 9 }, (_, i) => ({ _id: `k${i}` })));
    const again = await pushRound({ ...ctx, holdMs: () => (holdUntil = Date.now() + 100) - Date.now() });
    expect(again.pushed).toBe(9);
    expect((await remote.allDocs()).rows).toHaveLength(18);
  });
});
