// Outage by refusal (both sides edit offline), and credentials the server refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import type { SyncTuning } from './engine';
import {
  adminDb,
  allIds,
  everywhere,
  firstDifference,
  patient,
  startWorkstation,
  waitFor,
  type Workstation,
} from '../../testing/sync-kit';

let server: PracticeServer;
const started: Workstation[] = [];

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember('alice', 'alice-pw');
  await server.addMember('bob', 'bob-pw');
  await server.addNonMember('carol', 'carol-pw');
});

afterAll(async () => {
  for (const w of started) await w.close();
  await server?.stop();
});

async function workstation(
  name: string,
  username: string,
  password: string,
  tuning: Partial<SyncTuning> = {},
): Promise<Workstation> {
  const w = await startWorkstation(server, name, { username, password }, tuning);
  started.push(w);
  w.engine.start();
  return w;
}

describe('sync through outages', () => {
  it('refused network: both edit offline, the pending count is exact, then everything converges', async () => {
    const a = await workstation('a', 'alice', 'alice-pw');
    const b = await workstation('b', 'bob', 'bob-pw');
    await waitFor(
      () => a.engine.status().phase.state === 'upToDate' && b.engine.status().phase.state === 'upToDate',
      20_000,
      'up to date',
    );
    await a.proxy.setMode('refuse');
    await b.proxy.setMode('refuse');
    await waitFor(
      () => a.engine.status().phase.state === 'offline' && b.engine.status().phase.state === 'offline',
      20_000,
      'offline',
    );
    for (let i = 0; i < 200; i++) {
      await a.db.put(patient(`patient:a-${i}`, 'alice'));
      await b.db.put(patient(`patient:b-${i}`, 'bob'));
    }
    // Edit one patient twice: still one document waiting.
    const again = await a.db.get('patient:a-0');
    await a.db.put({ ...again, firstName: 'Edited' });
    await waitFor(
      () => a.engine.status().pendingUp === 200 && b.engine.status().pendingUp === 200,
      10_000,
      'pending 200 each',
    );
    expect(a.engine.status().phase.state).toBe('offline');
    expect(b.engine.status().phase.state).toBe('offline');
    await expect(a.engine.syncNow()).rejects.toThrow();

    const back = Date.now();
    await a.proxy.setMode('pass');
    await b.proxy.setMode('pass');
    await waitFor(
      () =>
        a.engine.status().phase.state === 'upToDate' &&
        b.engine.status().phase.state === 'upToDate' &&
        a.engine.status().pendingUp === 0 &&
        b.engine.status().pendingUp === 0,
      30_000,
      'both up to date with nothing pending',
    );
    console.log(`[sync] after refusal: both up to date ${Date.now() - back} ms after the network came back`);
    await a.engine.syncNow();
    await b.engine.syncNow();
    const ids = await allIds(adminDb(server));
    expect(ids.filter((id) => id.startsWith('patient:a-') || id.startsWith('patient:b-'))).toHaveLength(400);
    expect(await allIds(a.db)).toEqual(ids);
    expect(await allIds(b.db)).toEqual(ids);
    // Leaves (winner + conflicts, deletions) must match everywhere.
    expect(await firstDifference(ids, everywhere(server, a, b), false)).toBeNull();
    // Full ancestry too. Known defect of the dev practice server at the time of writing: a
    // member's _bulk_docs with new_edits=false drops `_revisions` ancestry (2-x stored with no 1-y).
    const tree = await firstDifference(ids, everywhere(server, a, b));
    if (tree) console.log(`[sync] revision ancestry differs (practice-server defect, see report): ${tree}`);
    expect(tree).toBeNull();
  }, 90_000);

  // A 401/403 is confirmed a few times before it is final (a cluster may answer from a shard copy
  // that has not caught up with a new member yet), then not hammered, and re-checked slowly.
  const confirmFast: Partial<SyncTuning> = { authRetries: 2, authRetryMs: 300 };

  it('wrong password: confirmed, then says so and stops hammering; a new password resumes', async () => {
    const c = await workstation('c', 'alice', 'not-her-password', confirmFast);
    await waitFor(() => c.engine.status().phase.state === 'error', 10_000, 'error');
    // The first refusal is not final yet.
    expect(c.engine.status().phase).toMatchObject({ state: 'error', reason: 'wrong-password', retrying: true });
    await waitFor(
      () => c.engine.status().phase.state === 'error' && !(c.engine.status().phase as { retrying: boolean }).retrying,
      10_000,
      'final',
    );
    expect(c.engine.status().phase).toMatchObject({ state: 'error', reason: 'wrong-password', retrying: false });
    c.proxy.resetStats();
    await new Promise((r) => setTimeout(r, 4_000));
    expect(c.proxy.stats().requests).toBe(0);
    c.engine.setCredentials({ username: 'alice', password: 'alice-pw' });
    await waitFor(() => c.engine.status().phase.state === 'upToDate', 20_000, 'up to date with the right password');
  }, 40_000);

  it('not a member: confirmed, says so, stops hammering, and resumes by itself once admitted', async () => {
    const user = `dave${process.pid}`;
    await server.addNonMember(user, 'dave-pw');
    const d = await workstation('d', user, 'dave-pw', { ...confirmFast, recheckMs: 6_000 });
    await waitFor(
      () => d.engine.status().phase.state === 'error' && !(d.engine.status().phase as { retrying: boolean }).retrying,
      15_000,
      'final',
    );
    expect(d.engine.status().phase).toMatchObject({ state: 'error', reason: 'not-a-member', retrying: false });
    d.proxy.resetStats();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(d.proxy.stats().requests).toBe(0);
    await expect(d.engine.syncNow()).rejects.toThrow(/member/);
    // An admin adds the user: the slow re-check finds it and sync resumes without new settings.
    await server.addMember(user, 'dave-pw');
    await waitFor(() => d.engine.status().phase.state === 'upToDate', 20_000, 'up to date once admitted');
  }, 60_000);

  it('a 403 while connecting (the server not caught up yet) is retried on a short back-off and passes', async () => {
    const e = await workstation('e', 'bob', 'bob-pw', { authRetries: 3, authRetryMs: 300 });
    await e.proxy.setMode('answer', { status: 403, count: 2 });
    await waitFor(() => e.engine.status().phase.state === 'upToDate', 20_000, 'up to date after two 403s');
    const reasons = e.history.filter((h) => h.event.type === 'error').map((h) => h.event);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((ev) => ev.type === 'error' && ev.retrying)).toBe(true);
  }, 30_000);

  it('a 412 (a cluster node down) is "server not available", retried, never "up to date"', async () => {
    const g = await workstation('g', 'bob', 'bob-pw');
    await waitFor(() => g.engine.status().phase.state === 'upToDate', 20_000, 'up to date');
    const from = g.history.length;
    await g.proxy.setMode('answer', { status: 412, count: 4 });
    await g.db.put(patient('patient:during-412', 'bob'));
    await waitFor(() => g.proxy.mode() === 'pass', 20_000, 'the four 412 answers given');
    const during = g.history.slice(from);
    await waitFor(() => g.engine.status().phase.state === 'upToDate', 30_000, 'up to date again');
    const firstUp = during.findIndex((h) => h.event.type === 'up-to-date');
    const first412 = during.findIndex((h) => h.event.type === 'error' || h.event.type === 'offline');
    expect(first412).toBeGreaterThanOrEqual(0);
    expect(firstUp === -1 || firstUp > first412).toBe(true);
    expect(during.some((h) => h.event.type === 'error' && !h.event.retrying)).toBe(false);
    expect((await adminDb(server).get('patient:during-412'))._id).toBe('patient:during-412');
  }, 60_000);

  it('networkChanged re-checks a final refusal at once', async () => {
    const f = await workstation('f', 'carol', 'carol-pw', { ...confirmFast, recheckMs: 10 * 60_000 });
    await waitFor(
      () => f.engine.status().phase.state === 'error' && !(f.engine.status().phase as { retrying: boolean }).retrying,
      15_000,
      'final',
    );
    f.proxy.resetStats();
    f.engine.networkChanged();
    await waitFor(() => f.proxy.stats().requests > 0, 5_000, 'a re-check');
    expect(f.engine.status().phase).toMatchObject({ state: 'error', reason: 'not-a-member', retrying: false });
  }, 30_000);
});
