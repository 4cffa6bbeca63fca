// Two workstations (real PouchDB on disk) ⇄ fault proxies ⇄ the practice server process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../testing/practice';
import {
  adminDb,
  allIds,
  everywhere,
  firstDifference,
  patient,
  percentile,
  startPair,
  waitFor,
  type Workstation,
} from '../../testing/sync-kit';

let server: PracticeServer;
let a: Workstation;
let b: Workstation;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, a, b, close } = await startPair());
});

afterAll(async () => {
  await close?.();
});

describe('sync engine, live', () => {
  it("A's writes reach B quickly (latency measured), and everything converges", async () => {
    const samples: number[] = [];
    // One feed, opened and settled before the first write, so no arrival can be missed.
    const arrivals = new Map<string, number>();
    const feed = b.db.changes({ live: true, since: 'now' }).on('change', (c) => arrivals.set(c.id, Date.now()));
    await new Promise((r) => setTimeout(r, 200));
    try {
      for (let i = 0; i < 40; i++) {
        const id = `patient:lat-${i}`;
        const t0 = Date.now();
        await a.db.put(patient(id, 'alice'));
        samples.push((await waitFor(() => arrivals.get(id), 10_000, `${id} on B`, 1))! - t0);
      }
    } finally {
      feed.cancel();
    }
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    console.log(
      `[sync] A→B latency over ${samples.length} writes: p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...samples)} ms`,
    );
    expect(p95).toBeLessThan(300); // the seed's figure; the bench holds the 100 ms target

    const result = await a.engine.syncNow();
    expect(result.pendingUp).toBe(0);
    await b.engine.syncNow();
    const ids = await allIds(a.db);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(await firstDifference(ids, everywhere(server, a, b))).toBeNull();
    await waitFor(() => a.engine.status().phase.state === 'upToDate', 5_000, 'A up to date');
    expect(a.engine.status().pendingUp).toBe(0);
    expect(a.engine.status().lastSuccessAt).not.toBeNull();
  });

  it('an edit while a 5,000-document bulk push is running still arrives quickly', async () => {
    const bulk = Array.from({ length: 5000 }, (_, i) => patient(`patient:bulk-${i}`, 'alice'));
    const bulkWrite = a.db.bulkDocs(bulk);
    await new Promise((r) => setTimeout(r, 300)); // let the bulk lane get busy
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `patient:during-bulk-${i}`;
      const t0 = Date.now();
      await a.db.put(patient(id, 'alice'));
      a.engine.prioritize([id]); // as the core does for every save a clinician makes
      await waitFor(async () => (await b.db.get(id).catch(() => null)) !== null, 20_000, `${id} on B`, 5);
      samples.push(Date.now() - t0);
    }
    await bulkWrite;
    console.log(`[sync] single edit during bulk push: ${samples.join(', ')} ms`);
    // Bounded well below PouchDB's queue-behind-everything (the bench holds the 1 s target).
    expect(percentile(samples, 95)).toBeLessThan(6_000);
    await waitFor(async () => (await b.db.info()).doc_count >= (await a.db.info()).doc_count, 60_000, 'B has the bulk');
    // How much of the bulk B's watcher wrote, rather than its pull round, depends on which of the two
    // reads the feed first (under load the round can take all of it): logged here, asserted in the
    // quiet test below. The trees compared below show those direct writes are what replication writes.
    console.log(`[sync] B's watcher wrote ${b.engine.diagnostics().watcherWrites} of the bulk itself`);
    // A's own pushes come back in its feed: they are not someone else's burst to read back.
    expect(a.engine.diagnostics().watcherWrites).toBe(0);
    await a.engine.syncNow();
    await b.engine.syncNow();
    const ids = await allIds(a.db);
    expect(await firstDifference(ids, everywhere(server, a, b))).toBeNull();
  }, 120_000);

  it('a burst from elsewhere is written by the watcher with its documents, not left to the pull round', async () => {
    await a.engine.syncNow();
    await b.engine.syncNow();
    await waitFor(() => b.engine.status().phase.state === 'upToDate', 10_000, 'B up to date');
    const before = b.engine.diagnostics().watcherWrites;
    // Someone else's bulk import, straight to the server: B is idle, so only its watcher sees it
    // at first, and its answers are bursts (more than a fast lane's worth of new changes).
    const admin = adminDb(server);
    for (let batch = 0; batch < 4; batch++) {
      const docs = Array.from({ length: 500 }, (_, i) => patient(`patient:import-${batch}-${i}`, 'admin'));
      await admin.bulkDocs(docs as never);
    }
    await waitFor(
      async () => (await b.db.get('patient:import-3-499').catch(() => null)) !== null,
      60_000,
      'import on B',
    );
    const wrote = b.engine.diagnostics().watcherWrites - before;
    console.log(`[sync] B's watcher wrote ${wrote} of a 2,000-document import itself`);
    expect(wrote).toBeGreaterThan(0);
    await b.engine.syncNow();
    const ids = await allIds(b.db);
    expect(await firstDifference(ids, everywhere(server, a, b))).toBeNull();
  }, 120_000);

  it("the watcher writes a burst's newest changes first (where a colleague's save is)", async () => {
    await b.engine.syncNow();
    await waitFor(() => b.engine.status().phase.state === 'upToDate', 10_000, 'B up to date');
    // A first burst: B's watcher reads the next ones with their documents and writes them itself.
    const warm = Array.from({ length: 100 }, (_, i) => patient(`patient:warm-${i}`, 'admin'));
    await adminDb(server).bulkDocs(warm as never);
    await waitFor(async () => (await b.db.get('patient:warm-99').catch(() => null)) !== null, 30_000, 'warm-up');
    const docs = Array.from({ length: 300 }, (_, i) =>
      patient(`patient:newest-${String(i).padStart(3, '0')}`, 'admin'),
    );
    await adminDb(server).bulkDocs(docs as never);
    await waitFor(async () => (await b.db.get('patient:newest-299').catch(() => null)) !== null, 60_000, 'burst on B');
    await waitFor(
      async () => (await b.db.get('patient:newest-250').catch(() => null)) !== null,
      60_000,
      'all of it on B',
    );
    const seqs = new Map<string, number>();
    for (const r of (await b.db.changes({ since: 0 })).results) seqs.set(r.id, Number(r.seq));
    // The server's last change is stored here before those that came before it in the same answer
    // (how the server cuts a burst into answers varies: the first change may come alone).
    expect(seqs.get('patient:newest-299')).toBeLessThan(seqs.get('patient:newest-250')!);
  }, 120_000);

  it('a server document that fails the local schema neither blocks nor breaks replication', async () => {
    const admin = adminDb(server);
    await admin.bulkDocs([
      { _id: 'patient:odd-1', type: 'patient', author: 'admin', firstName: 42, dateOfBirth: 'not a date' },
      { _id: 'weird:2', type: 'no-such-type', author: 'admin', nested: { deep: [1, { x: null }] } },
      { _id: 'patient:after-odd', type: 'patient', author: 'admin', firstName: 'Ok', lastName: 'Fine' },
    ] as never);
    await b.engine.syncNow();
    for (const id of ['patient:odd-1', 'weird:2', 'patient:after-odd']) expect((await b.db.get(id))._id).toBe(id);
    expect(b.engine.status().phase.state).not.toBe('error');
  });

  it('pause stops syncing, syncNow refuses while paused, resume catches up', async () => {
    b.engine.pause();
    expect(b.engine.status().phase.state).toBe('paused');
    await expect(b.engine.syncNow()).rejects.toThrow(/paused/);
    await a.db.put(patient('patient:while-paused', 'alice'));
    await a.engine.syncNow();
    await new Promise((r) => setTimeout(r, 500));
    expect(await b.db.get('patient:while-paused').catch(() => null)).toBeNull();
    b.engine.resume();
    await b.engine.syncNow();
    expect((await b.db.get('patient:while-paused'))._id).toBe('patient:while-paused');
  });

  it('checkpoints: a restarted engine resumes instead of starting over', async () => {
    await b.engine.stop();
    await a.db.put(patient('patient:after-restart', 'alice'));
    await a.engine.syncNow();
    const { createSyncEngine } = await import('./engine');
    const again = createSyncEngine({
      local: b.db,
      remoteUrl: b.proxy.url,
      db: server.db,
      credentials: { username: 'bob', password: 'bob-pw' },
      localChanges: (listener) => b.changes.onLive(listener),
    });
    again.start();
    try {
      await again.syncNow();
      const pulls = again.diagnostics().rounds.filter((r) => r.direction === 'pull' && r.ok);
      expect(pulls.length).toBeGreaterThan(0);
      // Thousands of documents are on the server; a resumed pull reads only what is new.
      expect(pulls.reduce((n, r) => n + r.docsRead, 0)).toBeLessThan(50);
      expect((await b.db.get('patient:after-restart'))._id).toBe('patient:after-restart');
    } finally {
      await again.stop();
    }
  });
});
