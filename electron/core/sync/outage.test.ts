// Outage by refusal (both sides edit offline), and credentials the server refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import {
  adminDb,
  allIds,
  everywhere,
  firstDifference,
  patient,
  startWorkstation,
  waitFor,
  type Workstation,
} from './sync-test-kit';

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

async function workstation(name: string, username: string, password: string): Promise<Workstation> {
  const w = await startWorkstation(server, name, { username, password });
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

  it('wrong password: says so and stops hammering; a new password resumes', async () => {
    const c = await workstation('c', 'alice', 'not-her-password');
    await waitFor(() => c.engine.status().phase.state === 'error', 10_000, 'error');
    expect(c.engine.status().phase).toMatchObject({ state: 'error', reason: 'wrong-password', retrying: false });
    c.proxy.resetStats();
    await new Promise((r) => setTimeout(r, 4_000));
    expect(c.proxy.stats().requests).toBe(0);
    c.engine.setCredentials({ username: 'alice', password: 'alice-pw' });
    await waitFor(() => c.engine.status().phase.state === 'upToDate', 20_000, 'up to date with the right password');
  }, 40_000);

  it('not a member: says so and stops hammering', async () => {
    const d = await workstation('d', 'carol', 'carol-pw');
    await waitFor(() => d.engine.status().phase.state === 'error', 10_000, 'error');
    expect(d.engine.status().phase).toMatchObject({ state: 'error', reason: 'not-a-member', retrying: false });
    d.proxy.resetStats();
    await new Promise((r) => setTimeout(r, 4_000));
    expect(d.proxy.stats().requests).toBe(0);
    await expect(d.engine.syncNow()).rejects.toThrow(/member/);
  }, 30_000);
});
