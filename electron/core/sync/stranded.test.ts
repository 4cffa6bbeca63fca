// Nothing stranded: a local revision counts as synced only once the server acknowledged it; what
// the server refuses stays listed with the reason, survives a restart and goes up when what caused
// the refusal changes. Pulled documents are never sent back; the pending count is exact offline
// after a restart. Runs against the dev server or, unchanged, PRACTICE_SERVER_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { adminDb, patient, startWorkstation, waitFor, waitSynced, type Workstation } from '../../testing/sync-kit';
import type { Db } from './types';

let server: PracticeServer;
const started: Workstation[] = [];
const alice = { username: 'alice', password: 'alice-pw' };
const bob = { username: 'bob', password: 'bob-pw' };

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(alice.username, alice.password);
  await server.addMember(bob.username, bob.password);
});

afterAll(async () => {
  for (const w of started) await w.close();
  await server?.stop();
});

async function workstation(name: string, who = alice): Promise<Workstation> {
  const w = await startWorkstation(server, name, who);
  started.push(w);
  w.engine.start();
  return w;
}

const synced = (w: Workstation, label: string, ms = 20_000) => waitSynced(async () => w.engine.status(), ms, label);

/** Every local leaf revision that the server lacks, by id. */
async function notOnServer(local: Db): Promise<Map<string, string[]>> {
  const ids = (await local.allDocs()).rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'));
  const leaves: Record<string, string[]> = {};
  for (const id of ids) {
    const revs = (await local.get(id, { open_revs: 'all' } as never)) as unknown as Array<{ ok?: { _rev: string } }>;
    leaves[id] = revs.flatMap((r) => (r.ok ? [r.ok._rev] : []));
  }
  const diff = (await adminDb(server).revsDiff(leaves)) as Record<string, { missing?: string[] }>;
  const out = new Map<string, string[]>();
  for (const [id, d] of Object.entries(diff)) if (d.missing?.length) out.set(id, d.missing);
  return out;
}

/** The invariant: none is neither on the server nor listed as refused with a reason. */
async function expectNothingStranded(w: Workstation): Promise<void> {
  const missing = await notOnServer(w.db);
  const refused = new Map(w.engine.diagnostics().refused.map((r) => [r.id, r.reason]));
  for (const id of missing.keys()) {
    expect(refused.get(id), `${id} is neither on the server nor listed as refused`).toMatch(/\S/);
  }
  expect(w.engine.status().notAccepted.count).toBe(refused.size);
}

describe('nothing stranded', () => {
  it('records the server refuses are listed with the reason, survive a restart, and go up when the user changes back', async () => {
    const a = await workstation('refused');
    await synced(a, 'first sync');
    await a.proxy.setMode('refuse');
    await waitFor(() => a.engine.status().phase.state === 'offline', 20_000, 'offline');
    for (let i = 0; i < 3; i++) await a.db.put(patient(`patient:dr-a-${i}`, alice.username));
    await waitFor(() => a.engine.status().pendingUp === 3, 10_000, '3 waiting');
    // The settings now name another user: the server refuses alice's records from bob.
    await a.restart(bob);
    await a.proxy.setMode('pass');
    await waitFor(() => a.engine.status().notAccepted.count === 3, 20_000, '3 not accepted');
    await waitFor(() => a.engine.status().phase.state === 'upToDate', 20_000, 'idle');
    const s = a.engine.status();
    expect(s.pendingUp).toBe(0);
    expect(s.notAccepted.reason).toMatch(/author/i);
    expect([...s.notAccepted.ids].sort()).toEqual(['patient:dr-a-0', 'patient:dr-a-1', 'patient:dr-a-2']);
    await expectNothingStranded(a);
    // One count everywhere: later rounds and the log do not add to it.
    await a.engine.syncNow();
    expect(a.engine.status().notAccepted.count).toBe(3);

    // After a restart (still as bob) the list is the same, read from the saved state.
    await a.restart(bob);
    await waitFor(() => a.engine.status().notAccepted.count === 3, 10_000, 'restored');
    expect(a.engine.status().lastSuccessAt).not.toBeNull();

    // Back to alice: they go up by themselves, and leave the list.
    await a.restart(alice);
    await waitFor(() => a.engine.status().notAccepted.count === 0, 20_000, 'accepted');
    await synced(a, 'up to date as alice');
    for (let i = 0; i < 3; i++) expect((await adminDb(server).get(`patient:dr-a-${i}`))._id).toBe(`patient:dr-a-${i}`);
    await expectNothingStranded(a);
  }, 90_000);

  it('a workstation that only pulled shows nothing waiting after a restart offline, and exactly one after an edit', async () => {
    const writer = await workstation('writer', bob);
    const reader = await workstation('reader');
    await synced(writer, 'writer synced');
    const docs = Array.from({ length: 200 }, (_, i) => patient(`patient:pulled-${i}`, bob.username));
    await writer.db.bulkDocs(docs);
    await synced(writer, 'writer pushed');
    await waitFor(async () => (await reader.db.info()).doc_count >= 200, 20_000, 'reader pulled 200');
    await synced(reader, 'reader synced');
    await reader.proxy.setMode('refuse');
    await reader.restart();
    await waitFor(() => reader.engine.status().phase.state === 'offline', 20_000, 'offline after restart');
    await waitFor(() => reader.engine.status().pendingUp !== null, 5_000, 'counted');
    expect(reader.engine.status().pendingUp).toBe(0);
    await reader.db.put(patient('patient:reader-edit', alice.username));
    await waitFor(() => reader.engine.status().pendingUp === 1, 5_000, 'one waiting');
    await reader.proxy.setMode('pass');
    await synced(reader, 'reader up to date');
  }, 90_000);

  it('documents that came down are never sent back up', async () => {
    const a = await workstation('source');
    const b = await workstation('echo', bob);
    await synced(a, 'a synced');
    await synced(b, 'b synced');
    b.history.length = 0;
    b.proxy.resetStats();
    for (let burst = 0; burst < 6; burst++) {
      await a.db.bulkDocs(Array.from({ length: 10 }, (_, i) => patient(`patient:echo-${burst}-${i}`, alice.username)));
      await new Promise((r) => setTimeout(r, 150));
    }
    await synced(a, 'a pushed');
    await waitFor(async () => (await b.db.info()).doc_count >= 60, 20_000, 'b has all 60');
    await b.engine.syncNow();
    expect(b.proxy.stats().bulkDocs).toBe(0); // B wrote nothing: it had nothing of its own to send
    const rejected = b.history.filter((h) => h.event.type === 'docs-rejected');
    expect(rejected, JSON.stringify(rejected.map((h) => h.event))).toHaveLength(0);
    const pushedByB = b.engine
      .diagnostics()
      .rounds.filter((r) => r.direction === 'push')
      .reduce((n, r) => n + r.docsWritten, 0);
    expect(pushedByB).toBe(0);
    expect(b.engine.status().notAccepted.count).toBe(0);
  }, 60_000);

  it('after any sequence of edits, outages, restarts and user changes, every leaf is on the server or listed as refused', async () => {
    const w = await workstation('invariant');
    await synced(w, 'first sync');
    // A fixed pseudo-random sequence (reproducible), bounded in steps and time.
    let seed = 20261201;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let who = alice;
    let offline = false;
    for (let step = 0; step < 30; step++) {
      const op = rnd(10);
      if (op < 5) {
        const id = `patient:inv-${rnd(12)}`;
        const author = rnd(4) === 0 ? bob.username : who.username;
        const prev = await w.db.get(id).catch(() => null);
        await w.db.put({ ...patient(id, author), ...(prev ? { _rev: prev._rev } : {}), note: `step ${step}` });
      } else if (op < 7) {
        offline = !offline;
        await w.proxy.setMode(offline ? 'refuse' : 'pass');
      } else if (op < 9) {
        await w.restart(who);
      } else {
        who = who === alice ? bob : alice;
        await w.restart(who);
      }
      await new Promise((r) => setTimeout(r, 50 + rnd(250)));
    }
    await w.proxy.setMode('pass');
    await w.restart(who);
    await synced(w, 'settled', 40_000);
    await expectNothingStranded(w);
    // And what is refused is exactly what the current user may not write.
    for (const r of w.engine.diagnostics().refused) {
      const doc = (await w.db.get(r.id)) as { author?: string };
      expect(doc.author).not.toBe(who.username);
    }
  }, 120_000);
});
