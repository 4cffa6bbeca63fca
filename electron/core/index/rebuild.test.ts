// A catch-up far behind builds a new index file beside the old one (rebuild.ts), on a real
// leveldb database: the old file answers searches while it runs, the new one takes its place with
// everything the store holds (invalid records checked too), and a quit in the middle loses nothing.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalDb, type LocalDb } from '../store/open';
import { tempDir } from '../../testing/temp';
import { ChangePipeline } from '../store/changes';
import { INDEX_FILE } from './index-db';
import { Indexer } from './indexer';
import { rebuildPays } from './rebuild';

const noEvents = { changed: () => undefined, conflictsChanged: () => undefined };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const patient = (i: number) => ({
  _id: `patient:${String(i).padStart(5, '0')}`,
  type: 'patient',
  firstName: 'Ann',
  lastName: `Fam${i}`,
});
const contact = (i: number) => ({
  _id: `contact:${String(i).padStart(5, '0')}`,
  type: 'contact',
  patientId: patient(i % 50)._id,
  openingDate: 20240101000000 + i,
});

async function setup(): Promise<{ db: LocalDb; dir: string; logs: string[]; open(): Indexer }> {
  const t = await tempDir('cw-rebuild-');
  const db = openLocalDb(t.dir);
  cleanups.push(async () => {
    await db.close();
    await t.remove();
  });
  const logs: string[] = [];
  const open = () =>
    new Indexer(new ChangePipeline(db), t.dir, noEvents, { info: (m) => logs.push(m) }, { rebuildMin: 1_000 });
  return { db, dir: t.dir, logs, open };
}

/** 200 patients and 100 contacts indexed and committed; then 2,000 patients and 500 contacts (one invalid) written beside. */
async function farBehind(db: LocalDb, open: () => Indexer): Promise<void> {
  await db.bulkDocs([
    ...Array.from({ length: 200 }, (_, i) => patient(i)),
    ...Array.from({ length: 100 }, (_, i) => contact(i)),
  ]);
  const first = open();
  await first.start();
  await first.close();
  await farBehindWrites(db);
}

/** 2,000 patients and 500 contacts, one of them invalid. */
async function farBehindWrites(db: LocalDb): Promise<void> {
  await db.bulkDocs(Array.from({ length: 2_000 }, (_, i) => patient(1_000 + i)));
  await db.bulkDocs([
    ...Array.from({ length: 499 }, (_, i) => contact(1_000 + i)),
    { _id: 'contact:bad', type: 'contact', patientId: 42 },
  ]);
}

describe('rebuild beside', () => {
  it('pays when most of the store is to be read again, and is big enough', () => {
    expect(rebuildPays(600_000, 1_000_000)).toBe(true);
    expect(rebuildPays(400_000, 1_000_000)).toBe(false);
    expect(rebuildPays(50_000, 60_000)).toBe(false);
  });

  it('answers from the old file while it runs, then from the new one with everything', async () => {
    const { db, dir, logs, open } = await setup();
    await farBehind(db, open);
    const indexer = open();
    cleanups.unshift(() => indexer.close());
    const during: number[] = [];
    await indexer.start(() => during.push(indexer.patients.search('', 0, 10).total));
    expect(logs).toContain('index: rebuilding beside');
    expect(logs).toContain('index: rebuilt');
    expect(during.length).toBeGreaterThan(0);
    expect(
      during.every((n) => n === 200),
      'searches during the rebuild: the old file',
    ).toBe(true);
    expect(indexer.patients.search('', 0, 10).total).toBe(2_200);
    expect(indexer.links.size).toBe(599); // the invalid contact names no patient
    expect(indexer.links.of(patient(0)._id, 'contact').length).toBeGreaterThan(0);
    expect(indexer.invalid.has('contact:bad')).toBe(true);
    expect(existsSync(`${dir}/${INDEX_FILE}.rebuild`)).toBe(false);
    // Live afterwards, on the new file.
    await db.put(patient(9_999));
    await expect.poll(() => indexer.patients.search('Fam9999', 0, 10).total).toBe(1);
  });

  it('after a download that brought most of the store: rebuilt beside, the old file answering meanwhile', async () => {
    const t = await tempDir('cw-rebuild-');
    const db = openLocalDb(t.dir);
    const pipeline = new ChangePipeline(db);
    const logs: string[] = [];
    const indexer = new Indexer(pipeline, t.dir, noEvents, { info: (m) => logs.push(m) }, { rebuildMin: 1_000 });
    cleanups.push(async () => {
      await indexer.close();
      await db.close();
      await t.remove();
    });
    await db.bulkDocs(Array.from({ length: 200 }, (_, i) => patient(i)));
    await indexer.start();
    pipeline.hold(); // core.ts, when the practice is arriving
    await farBehindWrites(db);
    const during: number[] = [];
    const watching = setInterval(() => during.push(indexer.patients.search('', 0, 10).total), 1);
    await Promise.all([indexer.afterDownload(), indexer.afterDownload()]); // every status asks; one runs
    clearInterval(watching);
    expect(logs.filter((m) => m === 'index: rebuilding beside')).toHaveLength(1);
    expect(logs).toContain('index: rebuilt');
    expect(pipeline.holding).toBe(false);
    // The old file until the new one, complete, took its place: never a list half there.
    expect(during[0]).toBe(200);
    expect(during.every((n) => n === 200 || n === 2_200)).toBe(true);
    expect(indexer.patients.search('', 0, 10).total).toBe(2_200);
    expect(indexer.links.size).toBe(499);
    expect(indexer.invalid.has('contact:bad')).toBe(true);
    expect(indexer.catchUp().indexing).toBe(false);
    await db.put(patient(9_999));
    await expect.poll(() => indexer.patients.search('Fam9999', 0, 10).total).toBe(1);
  });

  it('a quit in the middle leaves the old file; the next start rebuilds and loses nothing', async () => {
    const { db, dir, open } = await setup();
    await farBehind(db, open);
    const cut = open();
    let closing: Promise<void> | undefined;
    await cut.start(() => (closing ??= cut.close()));
    await closing;
    expect(existsSync(`${dir}/${INDEX_FILE}.rebuild`)).toBe(false);
    const again = open();
    cleanups.unshift(() => again.close());
    await again.start();
    expect(again.patients.search('', 0, 10).total).toBe(2_200);
    expect(again.links.size).toBe(599);
  });
});
