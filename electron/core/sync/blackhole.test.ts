// A half-open link: the proxy accepts and never answers for 60 s, then passes again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../testing/practice';
import {
  adminDb,
  allIds,
  everywhere,
  firstDifference,
  patient,
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

describe('black-hole', () => {
  it('with nobody editing, is shown as "not answering" within 20 s and stays so; resumes within 10 s', async () => {
    await waitFor(() => a.engine.status().phase.state === 'upToDate', 20_000, 'up to date');
    const holeAt = Date.now();
    await a.proxy.setMode('blackhole');
    await waitFor(() => a.engine.status().phase.state === 'offline', 20_000, 'offline within 20 s');
    const shownMs = Date.now() - holeAt;
    expect(a.engine.status().phase).toMatchObject({ state: 'offline', cause: 'not-answering' });
    // From then on it says offline, not "Connecting…" between attempts.
    const seen = new Set<string>();
    const until = Date.now() + 12_000;
    while (Date.now() < until) {
      seen.add(a.engine.status().phase.state);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect([...seen]).toEqual(['offline']);
    const passAt = Date.now();
    await a.proxy.setMode('pass');
    await waitFor(() => a.engine.status().phase.state === 'upToDate', 10_000, 'up to date within 10 s');
    console.log(
      `[sync] idle black hole shown after ${shownMs} ms; up to date ${Date.now() - passAt} ms after it ended`,
    );
  }, 90_000);

  it('with edits, is noticed within 20 s and sync resumes within 10 s of its end, without a restart', async () => {
    await a.db.put(patient('patient:before', 'alice'));
    await a.engine.syncNow();
    const holeAt = Date.now();
    await a.proxy.setMode('blackhole');
    for (let i = 0; i < 10; i++) await a.db.put(patient(`patient:hole-${i}`, 'alice'));
    await waitFor(
      () => !['syncing', 'upToDate'].includes(a.engine.status().phase.state),
      30_000,
      'status leaves syncing/up to date',
    );
    const noticedMs = Date.now() - holeAt;
    console.log(`[sync] black-hole noticed after ${noticedMs} ms (${a.engine.status().phase.state})`);
    expect(noticedMs).toBeLessThan(20_000);
    expect(a.engine.status().pendingUp).toBe(10);
    await new Promise((r) => setTimeout(r, Math.max(0, 60_000 - (Date.now() - holeAt))));
    const passAt = Date.now();
    await a.proxy.setMode('pass');
    await waitFor(
      async () => (await b.db.get('patient:hole-9').catch(() => null)) !== null && a.engine.status().pendingUp === 0,
      10_000,
      'resumed',
    );
    const resumedMs = Date.now() - passAt;
    console.log(`[sync] after the black-hole: resumed in ${resumedMs} ms`);
    expect(resumedMs).toBeLessThan(10_000);
    await waitFor(() => a.engine.status().phase.state === 'upToDate', 30_000, 'up to date');
    await b.engine.syncNow();
    const ids = await allIds(adminDb(server));
    expect(await firstDifference(ids, everywhere(server, a, b))).toBeNull();
  }, 150_000);
});
