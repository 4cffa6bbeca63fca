// What a workstation asks the server for each edit made elsewhere (issue 12 part 5, bench/many.ts):
// the watcher's long-poll answer and the fast lane's `_bulk_get`. The pull round after them only
// records the checkpoint (cover.ts) and the push round has nothing to send (rounds.ts), so neither
// asks anything; a document that cannot be stored here still gets a round that reads the feed.
// Counted by an HTTP proxy in front of B only (bench/counting-proxy.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingProxy, type CountingProxy } from '../../../bench/counting-proxy';
import type { PracticeServer } from '../../testing/practice';
import { startPracticeServer } from '../../testing/practice';
import { adminDb, patient, startBoth, startWorkstation, waitFor, type Workstation } from '../../testing/sync-kit';

let server: PracticeServer;
let proxy: CountingProxy;
let proxyA: CountingProxy;
let a: Workstation;
let b: Workstation;
const alice = { username: 'alice', password: 'alice-pw' };
const bob = { username: 'bob', password: 'bob-pw' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(alice.username, alice.password);
  await server.addMember(bob.username, bob.password);
  proxy = await startCountingProxy(server.url);
  proxyA = await startCountingProxy(server.url);
  a = await startWorkstation({ ...server, url: proxyA.url }, 'a', alice);
  b = await startWorkstation({ ...server, url: proxy.url }, 'b', bob);
  await startBoth(a, b);
}, 60_000);

afterAll(async () => {
  await b?.close();
  await a?.close();
  await proxy?.stop();
  await proxyA?.stop();
  await server?.stop();
});

/** A clinician's save on A (the core names it to the fast lane); resolves once B holds it. */
async function editOnA(id: string, n: number): Promise<void> {
  const old = await a.db.get(id).catch(() => null);
  const saved = await a.db.put({
    ...patient(id, alice.username, { lastName: `Edit ${n}` }),
    ...(old ? { _rev: old._rev } : {}),
  });
  a.engine.prioritize([{ _id: id, _rev: saved.rev }]);
  await waitFor(
    async () => (await b.db.get(id).catch(() => null))?._rev === saved.rev,
    10_000,
    `${id} ${saved.rev} on B`,
  );
}

/** B's pull checkpoint has passed every change on the server, and B says so. */
async function bCaughtUp(after: number): Promise<void> {
  const admin = adminDb(server);
  await waitFor(
    async () => {
      const since = b.engine.diagnostics().pullSeq;
      if (since === null) return false;
      const rest = await admin.changes({ since });
      const s = b.engine.status();
      return rest.results.length === 0 && s.phase.state === 'upToDate' && (s.lastSuccessAt ?? 0) > after;
    },
    10_000,
    "B's checkpoint past every server change, B up to date",
  );
}

describe('requests per edit made on another workstation', () => {
  it("one `_bulk_get` per edit; B's rounds ask nothing, and its checkpoints still pass every change", async () => {
    // Warm-up: B's watcher lines its answers up with B's checkpoint after the first round.
    await editOnA('patient:warm', 0);
    await editOnA('patient:warm', 1);
    await bCaughtUp(0);
    proxy.reset();
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) {
      await editOnA('patient:edited', i);
      await sleep(300);
    }
    await bCaughtUp(t0);
    const s = proxy.stats();
    console.log(`[sync] B's requests for 10 edits on A: ${JSON.stringify({ ...s.byKind, ...s.otherTop })}`);
    expect(s.byKind.changes, 'pull rounds that read the feed').toBe(0);
    expect(s.otherTop['GET /'] ?? 0, "push rounds' replicator ids").toBe(0);
    expect(s.byKind.bulkGet).toBeGreaterThanOrEqual(1);
    expect(s.byKind.bulkGet).toBeLessThanOrEqual(10);
    expect(s.byKind.bulkDocs + s.byKind.revsDiff + s.byKind.local + s.byKind.other).toBe(0);
    // The push checkpoint passed what came down (the pending count stays exact after a restart).
    expect(b.engine.diagnostics().pushSeq).toBe((await b.db.info()).update_seq);
    const pulls = b.engine.diagnostics().rounds.filter((r) => r.direction === 'pull' && r.startedAt >= t0);
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.every((r) => r.ok && r.skipBasis === 'watcher')).toBe(true);
    // A restarted B resumes at that checkpoint: nothing to read again, nothing pending.
    await b.restart();
    await waitFor(() => b.engine.status().phase.state === 'upToDate', 10_000, 'B up to date again');
    const first = b.engine.diagnostics().rounds.find((r) => r.direction === 'pull');
    expect(first?.docsRead).toBe(0);
    expect(b.engine.status().pendingUp).toBe(0);
  }, 60_000);

  // The watcher's last answer can be older than the call: another workstation's push may be on the
  // server, its answer not yet back (outage.test.ts 'refused network' said "converged" without it).
  it("syncNow reads the server's feed, even where the watcher's answers cover the checkpoint", async () => {
    await bCaughtUp(0);
    await editOnA('patient:sync-now', 0); // B's watcher covers it; its round is not run yet
    proxy.reset();
    const t0 = Date.now();
    await b.engine.syncNow();
    const pulls = b.engine.diagnostics().rounds.filter((r) => r.direction === 'pull' && r.startedAt >= t0);
    expect(pulls[0]?.ok).toBe(true);
    expect(pulls[0]?.skipBasis, 'pull of a syncNow').not.toBe('watcher');
    expect(proxy.stats().byKind.changes).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('a document that cannot be stored here still gets a round that reads the feed and records it', async () => {
    await bCaughtUp(0);
    proxy.reset();
    const deep = '{"a":'.repeat(6_000) + '"x"' + '}'.repeat(6_000);
    const res = await fetch(`${server.url}/${server.db}/patient:deep`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: 'Basic ' + Buffer.from(`${alice.username}:${alice.password}`).toString('base64'),
      },
      body: JSON.stringify(patient('patient:deep', alice.username)).replace(/}$/, `,"extra":${deep}}`),
    });
    expect(res.status).toBe(201);
    await waitFor(() => b.engine.status().notStored.count === 1, 10_000, 'patient:deep recorded as not stored');
    const beforeEdit = Date.now();
    await editOnA('patient:after-deep', 0);
    await bCaughtUp(beforeEdit);
    expect(proxy.stats().byKind.changes).toBeGreaterThanOrEqual(1);
    expect(b.engine.status().notStored.ids).toEqual(['patient:deep']);
    await expect(b.db.get('patient:deep')).rejects.toMatchObject({ status: 404 });
  }, 60_000);

  it("a workstation's own saves: one `_bulk_docs` each, not asked about again, no replicator", async () => {
    // A slow link: the push round after a save starts while the fast lane is still sending it.
    await a.proxy.setMode('latency', { latencyMs: 150 });
    try {
      await editOnA('patient:own', 0);
      await waitFor(() => a.engine.status().phase.state === 'upToDate', 10_000, 'A up to date');
      proxyA.reset();
      for (let i = 1; i <= 5; i++) {
        await editOnA('patient:own', i);
        await sleep(300);
      }
      await waitFor(
        () => a.engine.status().phase.state === 'upToDate' && a.engine.status().pendingUp === 0,
        10_000,
        'A up to date, nothing pending',
      );
    } finally {
      await a.proxy.setMode('pass');
    }
    const s = proxyA.stats();
    console.log(`[sync] A's requests for 5 saves: ${JSON.stringify({ ...s.byKind, ...s.otherTop })}`);
    expect(s.byKind.bulkDocs).toBe(5);
    expect(s.byKind.revsDiff, 'saves asked about again').toBe(0);
    expect(s.otherTop['GET /'] ?? 0, "push rounds' replicator ids").toBe(0);
    expect(a.engine.diagnostics().pushSeq).toBe((await a.db.info()).update_seq);
  }, 60_000);
});
