// A member stores a patient nested 6,000 levels deep (CouchDB 3.5 accepts it). Before, every
// workstation that pulled it stopped saving: leveldb's encoder overflowed the stack inside a write
// that never settled. Now it is skipped with its reason, and saving and syncing go on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { adminDb, patient, startWorkstation, waitFor, waitSynced, type Workstation } from '../../testing/sync-kit';

let server: PracticeServer;
const started: Workstation[] = [];
const alice = { username: 'alice', password: 'alice-pw' };

/** JSON text nested `levels` deep (JSON.stringify itself recurses, so the text is built). */
function deepJson(levels: number): string {
  return '{"a":'.repeat(levels) + '"x"' + '}'.repeat(levels);
}

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(alice.username, alice.password);
  const db = adminDb(server);
  await db.bulkDocs(Array.from({ length: 30 }, (_, i) => patient(`patient:ordinary-${i}`, alice.username)));
  // As a member would: straight to the server, not through a workstation.
  const res = await fetch(`${server.url}/${server.db}/patient:deep`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      authorization: 'Basic ' + Buffer.from(`${alice.username}:${alice.password}`).toString('base64'),
    },
    body: JSON.stringify(patient('patient:deep', alice.username)).replace(/}$/, `,"extra":${deepJson(6_000)}}`),
  });
  expect(res.status, await res.text()).toBe(201);
});

afterAll(async () => {
  for (const w of started) await w.close();
  await server?.stop();
});

async function workstation(name: string, tuning = {}): Promise<Workstation> {
  const w = await startWorkstation(server, name, alice, tuning);
  started.push(w);
  w.engine.start();
  return w;
}

describe('a hostile document from the server', () => {
  for (const [label, tuning] of [
    ['through the pull rounds', {}],
    ['through the initial load of a new workstation', { initialLoadMinDocs: 1, initialLoadPageSize: 10 }],
  ] as const) {
    it(`is skipped with its reason ${label}; the rest arrives and saving goes on`, async () => {
      const w = await workstation(label.replace(/\W+/g, '-'), tuning);
      await waitSynced(async () => w.engine.status(), 30_000, 'first sync finished');
      const s = w.engine.status();
      expect(s.notStored).toMatchObject({ count: 1, ids: ['patient:deep'] });
      expect(s.notStored.reason).toMatch(/nested more than/);
      expect((await w.db.allDocs()).rows.filter((r) => r.id.startsWith('patient:ordinary-'))).toHaveLength(30);
      await expect(w.db.get('patient:deep')).rejects.toMatchObject({ status: 404 });
      // Saving still works, and goes up.
      await w.db.put(patient(`patient:after-${label.length}`, alice.username));
      await waitFor(
        async () =>
          (await adminDb(server)
            .get(`patient:after-${label.length}`)
            .catch(() => null)) !== null,
        10_000,
        'a save after it reached the server',
      );
    }, 60_000);
  }

  it('a later, ordinary version of it is stored and leaves the list', async () => {
    const w = await workstation('fixed');
    await waitFor(() => w.engine.status().notStored.count === 1, 30_000, 'skipped');
    const db = adminDb(server);
    const current = await db.get('patient:deep');
    await db.put({ ...patient('patient:deep', alice.username), _rev: current._rev });
    await waitFor(() => w.engine.status().notStored.count === 0, 20_000, 'stored once ordinary');
    expect((await w.db.get('patient:deep'))._rev).toBe((await db.get('patient:deep'))._rev);
  }, 60_000);
});
