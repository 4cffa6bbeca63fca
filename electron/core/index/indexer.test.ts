// The indexer against a real leveldb database: the first build reads seq ranges side by side, so
// it must index exactly what one reader in seq order would, including documents rewritten,
// deleted or conflicted, and writes that land while it runs; its file must bring it all back.
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalDb, type LocalDb } from '../store/open';
import { tempDir } from '../../testing/temp';
import { ChangePipeline } from '../store/changes';
import { Indexer } from './indexer';

const noEvents = { changed: () => undefined, conflictsChanged: () => undefined };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ db: LocalDb; dir: string }> {
  const t = await tempDir('cw-indexer-');
  const db = openLocalDb(t.dir);
  cleanups.push(async () => {
    await db.close();
    await t.remove();
  });
  return { db, dir: t.dir };
}

const patient = (i: number, lastName = `Family${String(i).padStart(4, '0')}`) => ({
  _id: `patient:${String(i).padStart(5, '0')}`,
  type: 'patient',
  firstName: 'Ann',
  lastName,
});
const contact = (i: number, patientId: string) => ({
  _id: `contact:${String(i).padStart(5, '0')}`,
  type: 'contact',
  patientId,
  openingDate: 20240101000000 + i,
});

/** 1,500 patients and 600 contacts, then rewrites, deletions and conflicts spread over the seqs. */
async function fill(db: LocalDb): Promise<{ renamed: Set<string>; deleted: Set<string>; conflicted: string[] }> {
  for (let i = 0; i < 1500; i += 250) await db.bulkDocs(Array.from({ length: 250 }, (_, k) => patient(i + k)));
  await db.bulkDocs(Array.from({ length: 600 }, (_, k) => contact(k, patient(k % 300)._id)));
  const renamed = new Set<string>();
  const deleted = new Set<string>();
  const all = await db.allDocs({ include_docs: true, keys: Array.from({ length: 1500 }, (_, i) => patient(i)._id) });
  const docs = all.rows.map((r) => (r as { doc: Record<string, unknown> & { _id: string; _rev: string } }).doc);
  // Every seventh patient renamed (its seq moves to the end), every thirteenth deleted.
  await db.bulkDocs(
    docs.flatMap((d, i): Array<Record<string, unknown>> => {
      if (i % 13 === 0) {
        deleted.add(d._id);
        return [{ ...d, _deleted: true }];
      }
      if (i % 7 === 0) {
        renamed.add(d._id);
        return [{ ...d, lastName: `Renamed${i}` }];
      }
      return [];
    }),
  );
  // Twenty documents with a second first revision (a sibling branch), as replication from another workstation brings them.
  const conflicted = docs.filter((_, i) => i % 13 !== 0 && i % 7 !== 0).slice(0, 20);
  await db.bulkDocs(
    conflicted.map((d) => ({
      ...d,
      lastName: 'Other branch',
      _rev: '1-ffffffffffffffffffffffffffffffff',
      _revisions: { start: 1, ids: ['ffffffffffffffffffffffffffffffff'] },
    })) as never[],
    { new_edits: false },
  );
  return { renamed, deleted, conflicted: conflicted.map((d) => d._id) };
}

const pipelines = new WeakMap<Indexer, ChangePipeline>();
/** An indexer on its own change pipeline, as the core wires them. */
function indexerOn(db: LocalDb, dir: string, lag?: { checkMs: number; limit: number }): Indexer {
  const pipeline = new ChangePipeline(db, lag);
  const indexer = new Indexer(pipeline, dir, noEvents);
  pipelines.set(indexer, pipeline);
  return indexer;
}
const pipelineOf = (indexer: Indexer) => pipelines.get(indexer)!;

describe('indexer', () => {
  it('builds from scratch in side-by-side seq ranges exactly what the database holds, writes made meanwhile included', async () => {
    const { db, dir } = await setup();
    const { renamed, deleted, conflicted } = await fill(db);
    const indexer = indexerOn(db, dir);
    cleanups.unshift(() => indexer.close());
    let progressed = 0;
    const started = indexer.start((n) => (progressed = n));
    // Written while the first build runs: new patients and a rename of one already read.
    const during = db.bulkDocs([patient(5000, 'Latecomer'), patient(5001, 'Latecomer')]);
    await started;
    await during;
    const first = await db.get(patient(1)._id);
    await db.put({ ...first, lastName: 'Changedafterbuild' });

    const live = (await db.allDocs({ startkey: 'patient:', endkey: 'patient:\uffff' })).rows.length;
    await expect.poll(() => indexer.patients.size).toBe(live);
    expect(live).toBe(1500 - deleted.size + 2);
    expect(progressed).toBeGreaterThanOrEqual(2100 - 10);
    expect(indexer.patients.search('Renamed', 0, 5000).total).toBe(renamed.size);
    expect(indexer.patients.search('Latecomer', 0, 10).total).toBe(2);
    await expect.poll(() => indexer.patients.search('Changedafter', 0, 10).total).toBe(1);
    for (const id of deleted)
      expect(indexer.patients.search(id.slice(8), 0, 10).items.some((p) => p.id === id)).toBe(false);
    expect(
      indexer.conflicts
        .list()
        .map((c) => c.id)
        .sort(),
    ).toEqual([...conflicted].sort());
    expect(indexer.links.size).toBe(600);
    expect(indexer.links.of(patient(0)._id, 'contact')).toHaveLength(2);
  });

  it('comes back from its file with the same answers, and rebuilds when the file is damaged', async () => {
    const { db, dir } = await setup();
    const { renamed, conflicted } = await fill(db);
    const first = indexerOn(db, dir);
    await first.start();
    await first.close();

    const again = indexerOn(db, dir);
    let replayed = -1;
    await again.start((n) => (replayed = n));
    expect(replayed).toBe(-1); // nothing to replay: everything came from the file
    expect(again.patients.search('Renamed', 0, 5000).total).toBe(renamed.size);
    expect(again.conflicts.size).toBe(conflicted.length);
    expect(again.links.size).toBe(600);
    await again.close();

    // A file that is not a database (a disk fault): removed and rebuilt from the feed.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/index.sqlite`, 'not a database '.repeat(500));
    const rebuilt = indexerOn(db, dir);
    await rebuilt.start();
    expect(rebuilt.patients.search('Renamed', 0, 5000).total).toBe(renamed.size);
    expect(rebuilt.links.size).toBe(600);
    await rebuilt.close();
  });

  it('falls far behind a bulk write, catches up side by side, and passes every change to its listeners', async () => {
    const { db, dir } = await setup();
    // Checked often, so that the one bulk write below is always found far ahead of the feed.
    const indexer = indexerOn(db, dir, { checkMs: 20, limit: 1000 });
    cleanups.unshift(() => indexer.close());
    await indexer.start();
    const heard = new Set<string>();
    pipelineOf(indexer).onLive((c) => heard.add(c.id));
    await db.bulkDocs(Array.from({ length: 8000 }, (_, i) => patient(10_000 + i)));
    const late = [patient(20_000, 'Latecomer'), contact(20_001, patient(10_000)._id)];
    await db.bulkDocs(late);
    await expect.poll(() => indexer.patients.size, { timeout: 20_000 }).toBe(8001);
    expect(pipelineOf(indexer).lagCatchUps).toBeGreaterThanOrEqual(1);
    expect(indexer.links.size).toBe(1);
    await expect.poll(() => heard.size, { timeout: 5_000 }).toBe(8002);
    // The live feed is back: a write after the catch-up arrives as usual.
    await db.put(patient(30_000, 'Afterwards'));
    await expect.poll(() => indexer.patients.search('Afterwards', 0, 10).total).toBe(1);
    expect(heard.has(patient(30_000)._id)).toBe(true);

    // Closed in the middle of another catch-up: the file still holds everything it claims.
    await db.bulkDocs(Array.from({ length: 8000 }, (_, i) => patient(40_000 + i)));
    await expect.poll(() => pipelineOf(indexer).lagCatchUps, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await indexer.close();
    const again = indexerOn(db, dir);
    cleanups.unshift(() => again.close());
    let replayed = 0;
    await again.start((n) => (replayed = n));
    expect(replayed).toBe(0);
    expect(again.patients.size).toBe(16_002);
  }, 60_000);
});
