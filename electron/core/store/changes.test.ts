// The one change pipeline on a real database: every change once, in seq order, with its body (the
// live feed's own, not read back); held back during a large download and caught up after it.
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { ChangePipeline } from './changes';
import type { FeedChange } from './feed-change';
import { openLocalDb, type LocalDb } from './open';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

async function setup() {
  const t = await tempDir();
  const db = openLocalDb(t.dir);
  // Counts the body reads the pipeline would make besides the feed (it used to, through allDocs).
  let bodyReads = 0;
  const allDocs = db.allDocs.bind(db);
  db.allDocs = ((opts: Parameters<LocalDb['allDocs']>[0]) => {
    bodyReads += opts && 'keys' in opts ? opts.keys.length : 0;
    return allDocs(opts as never);
  }) as LocalDb['allDocs'];
  const pipeline = new ChangePipeline(db);
  const seen: Array<{ change: FeedChange; live: boolean }> = [];
  pipeline.subscribe((change, live) => seen.push({ change, live }));
  cleanups.push(async () => {
    await pipeline.close();
    await db.close();
    await t.remove();
  });
  return { db, pipeline, seen, reads: () => bodyReads };
}

/** Following, one change seen; then held while a download of 3,000 documents is written. */
async function heldDownload() {
  const { db, pipeline, seen } = await setup();
  const heard: string[] = [];
  pipeline.onLive((c) => heard.push(c.id));
  await pipeline.start(0);
  await db.put({ _id: 'first' });
  await expect.poll(() => seen.length).toBe(1);
  pipeline.hold();
  await db.bulkDocs(Array.from({ length: 3000 }, (_, i) => ({ _id: `down-${i}`, n: i })));
  return { db, pipeline, seen, heard };
}

describe('change pipeline', () => {
  it('catches up, then delivers each live change once with its body, in seq order', async () => {
    const { db, pipeline, seen } = await setup();
    await db.bulkDocs([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ]);
    await pipeline.start(0);
    expect(seen.map((s) => [s.change.id, s.live])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    const heard: string[] = [];
    pipeline.onLive((c) => heard.push(c.id));
    const b = await db.get('b');
    await db.put({ ...b, n: 3 });
    await db.remove(await db.get('a'));
    await expect.poll(() => seen.length).toBe(4);
    expect(seen.slice(2).map((s) => [s.change.id, s.change.deleted, s.change.doc.n, s.live])).toEqual([
      ['b', false, 3, true],
      ['a', true, undefined, true],
    ]);
    expect(heard).toEqual(['b', 'a']);
    const seqs = seen.slice(2).map((s) => Number(s.change.seq));
    expect(seqs[1]).toBeGreaterThan(seqs[0]!);
    expect(pipeline.seq).toBe(seqs[1]);
  });

  it('reads no body back: the live feed brings it, for local writes and replication alike', async () => {
    const { db, pipeline, seen, reads } = await setup();
    await pipeline.start(0);
    await db.put({ _id: 'mine', type: 'patient', lastName: 'Saved here' });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]!.change.doc.lastName).toBe('Saved here');
    await db.bulkDocs([{ _id: 'theirs', _rev: '1-abc', lastName: 'Replicated' }], { new_edits: false });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]!.change.doc.lastName).toBe('Replicated');
    expect(reads()).toBe(0);
  });

  it('delivers the winner with its conflicts when a second leaf arrives', async () => {
    const { db, pipeline, seen } = await setup();
    await pipeline.start(0);
    await db.bulkDocs([{ _id: 'x', _rev: '1-bbb', v: 'theirs' }], { new_edits: false });
    await expect.poll(() => seen.length).toBe(1);
    await db.bulkDocs([{ _id: 'x', _rev: '1-aaa', v: 'mine' }], { new_edits: false });
    await expect.poll(() => seen.length).toBe(2);
    const change = seen[1]!.change;
    expect(change.leaves.sort()).toEqual(['1-aaa', '1-bbb']);
    expect(change.doc._rev).toBe('1-bbb');
    expect(change.doc.v).toBe('theirs');
    expect(change.doc._conflicts).toEqual(['1-aaa']);
  });

  it('far behind a bulk write, catches up off the store (two passes) instead of change by change', async () => {
    const t = await tempDir();
    const db = openLocalDb(t.dir);
    const pipeline = new ChangePipeline(db, { checkMs: 20, limit: 500 });
    const seen = new Map<string, number>();
    pipeline.subscribe((change) => seen.set(change.id, (seen.get(change.id) ?? 0) + 1));
    const heard = new Set<string>();
    pipeline.onLive((c) => heard.add(c.id));
    cleanups.push(async () => {
      await pipeline.close();
      await db.close();
      await t.remove();
    });
    await db.bulkDocs([{ _id: 'before' }]);
    await pipeline.start(0);
    for (let p = 0; p < 4; p++)
      await db.bulkDocs(Array.from({ length: 5000 }, (_, i) => ({ _id: `doc-${p}-${i}`, p })));
    await expect.poll(() => seen.size, { timeout: 20_000 }).toBe(20_001);
    expect(Math.max(...seen.values())).toBe(1);
    expect(pipeline.rawCatchUps).toBeGreaterThan(0);
    expect(pipeline.rawFailures).toBe(0);
    // The sync engine hears every change, whichever way it was read.
    expect(heard.size).toBe(20_000);
    await db.put({ _id: 'after' });
    await expect.poll(() => seen.get('after')).toBe(1);
  });

  it('starts far behind (a restart after a cut-short bulk pull) by reading the store directly', async () => {
    const t = await tempDir();
    const db = openLocalDb(t.dir);
    await db.bulkDocs(Array.from({ length: 6000 }, (_, i) => ({ _id: `doc-${i}` })));
    const pipeline = new ChangePipeline(db);
    const seen = new Set<string>();
    pipeline.subscribe((change) => seen.add(change.id));
    cleanups.push(async () => {
      await pipeline.close();
      await db.close();
      await t.remove();
    });
    let progress = 0;
    const done = await pipeline.start(100, (n) => (progress = n));
    expect(pipeline.rawCatchUps).toBe(1);
    expect(done).toBe(5900);
    expect(progress).toBe(5900);
    expect(seen.size).toBe(5900); // the changes after seq 100, each once
    expect(pipeline.seq).toBe(6000);
  });

  it('held for a download, passes nothing on; released, reads what came once, then follows live', async () => {
    const { db, pipeline, seen, heard } = await heldDownload();
    expect(pipeline.holding).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.length).toBe(1); // neither the subscribers nor the engine hear of it yet
    expect(heard).toEqual(['first']);
    const progress: number[] = [];
    const [a, b] = await Promise.all([pipeline.release((n) => progress.push(n)), pipeline.release()]);
    expect(a + b).toBe(3000); // one catch-up, whoever asked
    expect(pipeline.holding).toBe(false);
    expect(seen.length).toBe(3001);
    expect(new Set(seen.map((s) => s.change.id)).size).toBe(3001);
    // With their bodies (a catch-up off the store, raw-scan.ts, need not deliver in seq order).
    expect(seen.find((x) => x.change.id === 'down-2999')?.change.doc.n).toBe(2999);
    expect(heard.length).toBe(3001);
    expect(progress.at(-1)).toBe(3000);
    await db.put({ _id: 'after' });
    await expect.poll(() => seen.at(-1)?.change.id).toBe('after');
    expect(seen.at(-1)!.live).toBe(true);
  });

  it('held, passes the whole store on again when asked (a rebuild), telling the engine of the download only', async () => {
    const { db, pipeline, seen, heard } = await heldDownload();
    const end = (await db.info()).update_seq;
    const progress: number[] = [];
    expect(await pipeline.rescan((n) => progress.push(n))).toEqual({ done: 3001 });
    expect(progress.at(-1)).toBe(3001);
    expect(seen.length).toBe(1 + 3001);
    expect(new Set(seen.slice(1).map((s) => s.change.id)).size).toBe(3001); // 'first' again, with the download
    expect(heard.filter((id) => id === 'first')).toHaveLength(1); // the engine heard of it before
    expect(heard).toHaveLength(3001);
    expect(pipeline.holding).toBe(true);
    expect(pipeline.seq).toBe(end);
    // Released at the store's end: nothing read again, then live.
    expect(await pipeline.release()).toBe(0);
    await db.put({ _id: 'after' });
    await expect.poll(() => seen.at(-1)?.change.id).toBe('after');
    expect(heard.at(-1)).toBe('after');
    // A quit reads what the live feed had not yet delivered, as after any catch-up.
    await db.bulkDocs(Array.from({ length: 200 }, (_, i) => ({ _id: `last-${i}` })));
    await pipeline.close();
    expect(pipeline.seq).toBe((await db.info()).update_seq);
  });

  it('closed while held, does not read the download to its end (the next start does)', async () => {
    const { db, pipeline, seen } = await setup();
    await pipeline.start(0);
    pipeline.hold();
    await db.bulkDocs(Array.from({ length: 500 }, (_, i) => ({ _id: `down-${i}` })));
    const at = pipeline.seq;
    await pipeline.close();
    expect(seen.length).toBe(0);
    expect(pipeline.seq).toBe(at);
    expect(await pipeline.release()).toBe(0); // nothing after close
  });
});
