// The indexes on disk across restarts: no rebuild when the file's seq is there, one build (logged)
// from a data folder that still has the old JSON snapshot, and a kill -9 in the middle of a bulk
// write never leaves the file's seq ahead of its rows.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { ChangePipeline } from '../store/changes';
import { openLocalDb, type LocalDb } from '../store/open';
import { LocalWrites } from '../store/writes';
import { INDEX_FILE } from './index-db';
import { Indexer, OLD_SNAPSHOT_FILE } from './indexer';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const noEvents = { changed: () => undefined, conflictsChanged: () => undefined };

async function folder(): Promise<string> {
  const t = await tempDir('cw-indexer-disk-');
  cleanups.push(t.remove);
  return t.dir;
}
function openDb(dir: string): LocalDb {
  const db = openLocalDb(dir);
  cleanups.push(() => db.close());
  return db;
}
function indexer(db: LocalDb, dir: string, lines: string[] = []): Indexer {
  const log = { info: (msg: string, fields?: object) => lines.push(`${msg} ${JSON.stringify(fields ?? {})}`) };
  const ix = new Indexer(new ChangePipeline(db, new LocalWrites()), dir, noEvents, log);
  cleanups.push(() => ix.close());
  return ix;
}
const patients = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    _id: `patient:${String(from + i).padStart(6, '0')}`,
    type: 'patient',
    firstName: 'Ann',
    lastName: `Family${from + i}`,
  }));
const contacts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    _id: `contact:${i}`,
    type: 'contact',
    patientId: 'patient:000000',
    openingDate: 20240101000000 + i,
  }));

describe('indexer on disk', () => {
  it('restarts from the seq saved with its rows: nothing rebuilt, nothing replayed', async () => {
    const dir = await folder();
    const db = openDb(dir);
    await db.bulkDocs([...patients(500), ...contacts(30)]);
    const first = indexer(db, dir);
    await first.start();
    await first.close();

    const lines: string[] = [];
    const again = indexer(db, dir, lines);
    let replayed = -1;
    await again.start((n) => (replayed = n));
    expect(replayed).toBe(-1);
    expect(lines.filter((l) => l.startsWith('index: build'))).toEqual([]);
    expect(again.patients.size).toBe(500);
    expect(again.links.of('patient:000000', 'contact')).toHaveLength(30);
    const file = new Database(path.join(dir, INDEX_FILE), { readonly: true });
    const seq = (file.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string }).value;
    file.close();
    expect(JSON.parse(seq)).toBe((await db.info()).update_seq);
  });

  it('builds the file once from a folder with the old JSON snapshot, logs it, and never again', async () => {
    const dir = await folder();
    const db = openDb(dir);
    await db.bulkDocs([...patients(300), ...contacts(10)]);
    const old = path.join(dir, OLD_SNAPSHOT_FILE);
    await writeFile(
      old,
      '{"version":5,"seq":310,"conflicts":{"docs":[],"acknowledged":[],"resolutions":[]}}\n[]\n[]\n',
    );
    const lines: string[] = [];
    const first = indexer(db, dir, lines);
    let built = 0;
    await first.start((n) => (built = n));
    expect(built).toBe(310); // the whole feed, not from the old snapshot's seq
    expect(lines[0]).toBe('index: building {"migrating":true}');
    expect(lines.at(-1)).toMatch(/^index: built \{"done":310,"ms":\d+\}$/);
    expect(existsSync(old)).toBe(false);
    expect(first.patients.search('family29', 0, 50).total).toBe(11);
    await first.close();

    const later: string[] = [];
    const again = indexer(db, dir, later);
    await again.start();
    expect(later).toEqual([]);
    expect(again.links.size).toBe(10);
  });

  it('never commits a seq ahead of its rows, even killed (-9) in the middle of a bulk write', async () => {
    const dir = await folder();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '../../testing/index-crash-child.ts'), dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await once(child.stdout, 'data');
    await new Promise((r) => setTimeout(r, 2500)); // a few commits, and rows written since the last
    child.kill('SIGKILL');
    await once(child, 'exit');

    const file = new Database(path.join(dir, INDEX_FILE), { readonly: true });
    const row = file.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string };
    const seq = JSON.parse(row.value) as number;
    const indexed = new Set((file.prepare('SELECT id FROM patients').all() as Array<{ id: string }>).map((r) => r.id));
    file.close();
    const db = openDb(dir);
    const upTo = await db.changes({ since: 0, limit: seq });
    const due = upTo.results.filter((c) => Number(c.seq) <= seq).map((c) => c.id);
    expect(due.length).toBeGreaterThan(0);
    expect(due.filter((id) => !indexed.has(id))).toEqual([]);
    // And the next start replays what the file had not committed: every patient is there.
    const ix = indexer(db, dir);
    await ix.start();
    expect(ix.patients.size).toBe((await db.info()).doc_count);
  }, 30_000);
});
