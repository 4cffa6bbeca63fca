// The index file's transaction: rows and the seq are committed together or not at all, as seen
// from a second connection (another process) and after a close without commit (a crash).
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { CACHE_KB, IndexDb, INDEX_FILE } from './index-db';
import { PatientIndex } from './patient-index';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const patient = (i: number) => ({ _id: `patient:${i}`, type: 'patient', firstName: 'Ann', lastName: `Family${i}` });

async function file(): Promise<string> {
  const t = await tempDir('cw-index-db-');
  cleanups.push(t.remove);
  return path.join(t.dir, INDEX_FILE);
}

/** What another process reading the file sees: the seq and the number of patients. */
function seen(f: string): { seq: unknown; patients: number } {
  const other = new Database(f, { readonly: true });
  try {
    const seq = (other.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined)
      ?.value;
    const n = (other.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
    return { seq: seq === undefined ? undefined : JSON.parse(seq), patients: n };
  } finally {
    other.close();
  }
}

describe('IndexDb', () => {
  it('commits rows and seq in one transaction: never one without the other', async () => {
    const f = await file();
    const { index, fresh } = IndexDb.open(f);
    expect(fresh).toBe(true);
    const patients = new PatientIndex(index);
    for (let i = 0; i < 100; i++) patients.apply(patient(i));
    // Written, not committed: this connection sees the rows, another sees neither rows nor seq.
    expect(patients.size).toBe(100);
    expect(seen(f)).toEqual({ seq: undefined, patients: 0 });
    index.commit(7);
    expect(seen(f)).toEqual({ seq: 7, patients: 100 });

    for (let i = 100; i < 150; i++) patients.apply(patient(i));
    expect(seen(f)).toEqual({ seq: 7, patients: 100 });
    index.close(); // a crash: the open transaction is lost, rows and seq together
    const again = IndexDb.open(f);
    cleanups.push(() => again.index.close());
    expect(again.fresh).toBe(false);
    expect(again.index.seq()).toBe(7);
    expect(new PatientIndex(again.index).size).toBe(100);
  });

  it('bounds SQLite’s page cache, and starts anew from a file of another schema', async () => {
    const f = await file();
    const { index } = IndexDb.open(f);
    expect(index.db.pragma('cache_size', { simple: true })).toBe(-CACHE_KB);
    index.commit(3, { version: '0' });
    index.close();
    const again = IndexDb.open(f);
    cleanups.push(() => again.index.close());
    expect(again.fresh).toBe(true);
    expect(again.index.seq()).toBeUndefined();
  });

  it('a bulk pass cut short (no journal, no seq) leaves a file that is built again from empty', async () => {
    const f = await file();
    const { index } = IndexDb.open(f, true);
    index.beginBulk();
    const patients = new PatientIndex(index);
    for (let i = 0; i < 200; i++) patients.apply(patient(i));
    index.commit(0); // the most a bulk pass ever commits: seq 0, no indexes yet
    index.close();
    const again = IndexDb.open(f, true);
    expect(again.fresh).toBe(true);
    const p = new PatientIndex(again.index);
    expect(p.size).toBe(0);
    again.index.beginBulk();
    for (let i = 0; i < 200; i++) p.apply(patient(i));
    again.index.endBulk();
    // The indexes are there after the bulk pass: an id written again replaces its row.
    p.apply({ ...patient(3), firstName: 'Bea' });
    again.index.commit(9);
    again.index.close();
    const last = IndexDb.open(f);
    cleanups.push(() => last.index.close());
    expect(last.fresh).toBe(false);
    expect(last.index.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(new PatientIndex(last.index).size).toBe(200);
  });
});
