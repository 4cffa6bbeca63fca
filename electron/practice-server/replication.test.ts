// PouchDB replication (pouchdb-node on disk) through the practice server with a member's
// basic-auth credentials: push, pull and live sync, the protocol the workstation core uses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../testing/practice';

let server: PracticeServer;
let dir: string;
const member = { username: `repl${process.pid}`, password: 'repl-secret-1' };
const opened: PouchDB.Database[] = [];

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(member.username, member.password);
  dir = await mkdtemp(join(tmpdir(), 'practice-repl-'));
});

afterAll(async () => {
  for (const db of opened) await db.close().catch(() => undefined);
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const local = (name: string): PouchDB.Database => {
  const db = new PouchDB(join(dir, name));
  opened.push(db);
  return db;
};
const remote = (auth = member): PouchDB.Database => {
  const db = new PouchDB(`${server.url}/${server.db}`, {
    auth: { username: auth.username, password: auth.password },
    skip_setup: true,
  });
  opened.push(db);
  return db;
};
const patient = (id: string) => ({ _id: id, type: 'patient', author: member.username, lastName: `Name ${id}` });

it('pushes, pulls and syncs live through the server', async () => {
  const a = local('a');
  const b = local('b');
  await a.bulkDocs(Array.from({ length: 300 }, (_, i) => patient(`p${String(i).padStart(4, '0')}`)));
  const pushed = await a.replicate.to(remote());
  expect(pushed.ok).toBe(true);
  expect(pushed.docs_written).toBe(300);
  expect(pushed.doc_write_failures).toBe(0);

  const pulled = await b.replicate.from(remote());
  // Members read design documents too (as in CouchDB): the 300 patients and _design/validation.
  expect(pulled.docs_written).toBe(301);
  expect((await b.allDocs()).rows.filter((r) => !r.id.startsWith('_design/'))).toHaveLength(300);

  // Live both ways: a write on A shows up on B through the server.
  const syncA = a.sync(remote(), { live: true, retry: true });
  const syncB = b.sync(remote(), { live: true, retry: true });
  try {
    const seen = new Promise<number>((resolve) => {
      const feed = b.changes({ since: 'now', live: true }).on('change', (c) => {
        if (c.id === 'live-1') {
          feed.cancel();
          resolve(Date.now());
        }
      });
    });
    await new Promise((r) => setTimeout(r, 300)); // let both live feeds reach the server
    const t0 = Date.now();
    await a.put(patient('live-1'));
    const delay = (await seen) - t0;
    console.info(`practice-server replication: live A → server → B took ${delay} ms`);
    expect(delay).toBeLessThan(5_000);
  } finally {
    syncA.cancel();
    syncB.cancel();
  }
});

it('a push that breaks validate_doc_update fails for those documents only', async () => {
  const c = local('c');
  await c.bulkDocs([
    patient('ok-1'),
    { ...patient('bad-1'), author: 'impostor' },
    { _id: 'bad-2', author: member.username },
  ]);
  const res = await c.replicate.to(remote());
  expect(res.docs_written).toBe(1);
  expect(res.doc_write_failures).toBe(2);
  const admin = remote(server.admin);
  await expect(admin.get('ok-1')).resolves.toMatchObject({ _id: 'ok-1' });
  await expect(admin.get('bad-1')).rejects.toMatchObject({ status: 404 });
});

it('a non-member cannot replicate from the practice database', async () => {
  const outsider = { username: `outsider${process.pid}`, password: 'outsider-secret-1' };
  await server.addNonMember(outsider.username, outsider.password);
  const d = local('d');
  await expect(d.replicate.from(remote(outsider))).rejects.toMatchObject({ status: 403 });
  expect((await d.allDocs()).rows).toHaveLength(0);
});

it("keeps a replicated revision's ancestry (pouchdb-validation would cut it off)", async () => {
  const db = remote();
  const body = { ...patient('ancestry'), _id: 'ancestry' };
  await db.bulkDocs([{ ...body, _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] } }] as never[], { new_edits: false });
  await db.bulkDocs([{ ...body, lastName: 'v2', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'aaa'] } }] as never[], { new_edits: false });
  const doc = (await db.get('ancestry', { revs: true, conflicts: true })) as unknown as { _rev: string; _revisions: { ids: string[] }; _conflicts?: string[] };
  expect(doc._rev).toBe('2-bbb');
  expect(doc._revisions.ids).toEqual(['bbb', 'aaa']);
  expect(doc._conflicts).toBeUndefined();
});
