// The push checkpoint moving with the initial load, between two real databases on disk (the
// second one stands in for the server: revs_diff, _bulk_get, _bulk_docs new_edits=false).
import { afterEach, describe, expect, it } from 'vitest';
import { dbPair } from './db-pair.test-util';
import { writeLocal } from './fast-lane';
import { coverPage, coverStart } from './load-cover';
import { KnownRevs } from './known-revs';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function pair() {
  const { local, remote, state, known } = await dbPair(cleanups);
  const ctx = { local, remote, state, known };
  return { local, remote, state, ctx };
}

/** A page of the server's documents: on the server, then written here as the load writes them. */
async function serverPage(ctx: Awaited<ReturnType<typeof pair>>['ctx'], from: number, n: number) {
  const docs = Array.from({ length: n }, (_, i) => ({
    _id: `p${from + i}`,
    _rev: `1-${'a'.repeat(31)}${from + i}`,
    n: i,
  }));
  await ctx.remote.bulkDocs(docs as never, { new_edits: false });
  return (await writeLocal(ctx.local, docs, ctx.known)).written;
}

describe('load cover', () => {
  it('moves the checkpoint by the count when only the load wrote, and forgets what is behind it', async () => {
    const { local, state, ctx } = await pair();
    let start = coverStart(ctx);
    for (let page = 0; page < 3; page++) {
      const written = await serverPage(ctx, page * 100, 100);
      const res = await coverPage(ctx, start, written);
      expect(res.settled).toBe(false);
      expect(state.pushSeq).toBe((await local.info()).update_seq);
      start = res.next;
    }
    // Only the last page's revisions are still held in memory, not the whole load's.
    expect(ctx.known.size).toBe(100);
  });

  it("another writer's change during a page is offered to the server, not passed over", async () => {
    const { local, remote, state, ctx } = await pair();
    const start = coverStart(ctx);
    const written = await serverPage(ctx, 0, 50);
    await local.put({ _id: 'clinician-save', n: 1 }); // a save while the page was written
    const res = await coverPage(ctx, start, written);
    expect(res.settled).toBe(true);
    expect(state.pushSeq).toBe((await local.info()).update_seq);
    expect((await remote.get('clinician-save'))._id).toBe('clinician-save');
  });

  it('a page written again after a restart (revisions present but no longer known) is settled by reading the feed back', async () => {
    const { local, remote, state, ctx } = await pair();
    const first = await serverPage(ctx, 0, 40);
    expect(first).toBe(40);
    // The process dies before the page is stored: the checkpoint stays, what it knew is lost.
    const restarted = { ...ctx, known: new KnownRevs() };
    const remoteSeq = (await remote.info()).update_seq;
    const start = coverStart(restarted);
    // The resumed load brings the same page again: counted as written, yet it takes no seq.
    const docs = Array.from({ length: 40 }, (_, i) => ({ _id: `p${i}`, _rev: `1-${'a'.repeat(31)}${i}`, n: i }));
    const again = (await writeLocal(local, docs, restarted.known)).written;
    await local.put({ _id: 'clinician-save', n: 1 });
    // 40 counted, 41 seqs used in all: the count alone cannot tell, so the feed is read back.
    const res = await coverPage(restarted, start, again);
    expect(res.settled).toBe(true);
    expect(state.pushSeq).toBe((await local.info()).update_seq);
    expect((await remote.get('clinician-save'))._id).toBe('clinician-save');
    // Only the save went up, not the load's documents back.
    expect((await remote.info()).update_seq).toBe((remoteSeq as number) + 1);
  });
});
