// Credentials the server refuses, through the core as the renderer drives it: the status names the
// reason and the workstation stops asking the server (requests counted at a proxy) until the
// settings change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/sync/status';
import { fileSecretStore } from '../../host/file-secrets';
import { startFaultProxy, type FaultProxy } from '../../testing/fault-proxy';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { createSignedIn } from '../../testing/people';
import type { Core } from '../types';
import { waitFor, waitSynced } from '../../testing/sync-kit';

let server: PracticeServer;
const cleanup: Array<() => Promise<void>> = [];
const user = (n: string) => `${n}-${process.pid}`;

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  await server.addMember(user('alice'), 'alice-pw');
  await server.addNonMember(user('eve'), 'eve-pw');
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function workstation(): Promise<{ core: Core; proxy: FaultProxy }> {
  const t = await tempDir('cw-sync-auth-');
  const target = new URL(server.url);
  const proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  // Short back-off: were the engine to retry, it would do so many times within the window below.
  // alice at the keyboard, known here (her records go up with the settings' credential, hers).
  const core = await createSignedIn(
    {
      dataDir: t.dir,
      host: 'browser',
      secrets: fileSecretStore(t.dir),
      syncTuning: { backoffBaseMs: 200, probeIntervalMs: 200 },
    },
    { username: user('alice'), password: 'alice-pw', role: 'doctor' },
  );
  cleanup.push(
    t.remove,
    () => proxy.stop(),
    () => core.close(),
  );
  return { core, proxy };
}

const status = (core: Core) => core.handlers['sync.status']({}) as Promise<SyncStatus>;

async function requestsOver(proxy: FaultProxy, ms: number): Promise<number> {
  proxy.resetStats();
  await new Promise((r) => setTimeout(r, ms));
  return proxy.stats().requests;
}

/** A refusal is confirmed a few times on a short back-off before it is final. */
function finalRefusal(core: Core): Promise<boolean> {
  return waitFor(
    async () => {
      const p = (await status(core)).phase;
      return p.state === 'error' && !p.retrying;
    },
    20_000,
    'final error status',
  );
}

describe('refused credentials through the core', () => {
  it('wrong password: the status says so, the server is left alone, a new password resumes', async () => {
    const { core, proxy } = await workstation();
    await core.handlers['sync.saveSettings']({
      serverUrl: proxy.url,
      db: server.db,
      username: user('alice'),
      password: 'not-her-password',
      enabled: true,
    });
    await finalRefusal(core);
    expect((await status(core)).phase).toMatchObject({ state: 'error', reason: 'wrong-password', retrying: false });
    const requests = await requestsOver(proxy, 3_000);
    console.log(`[sync] wrong password: ${requests} requests in 3 s after the error`);
    expect(requests).toBe(0);
    // Local work goes on: the clinician is never locked out.
    const saved = await core.handlers['records.save']({
      doc: { type: 'patient', firstName: 'Still', lastName: 'Working' } as never,
    });
    expect((await core.handlers['records.get']({ id: saved.doc._id })).doc._id).toBe(saved.doc._id);
    await expect(core.handlers['sync.now']({})).rejects.toMatchObject({ code: 'unavailable' });
    expect(await requestsOver(proxy, 500)).toBe(0);
    // The right password (the stored one is kept apart; the renderer sends the new one once).
    await core.handlers['sync.saveSettings']({
      serverUrl: proxy.url,
      db: server.db,
      username: user('alice'),
      password: 'alice-pw',
      enabled: true,
    });
    await waitSynced(() => status(core), 20_000, 'up to date with the right password');
  }, 40_000);

  it('not a member: the status says so and the server is left alone', async () => {
    const { core, proxy } = await workstation();
    await core.handlers['sync.saveSettings']({
      serverUrl: proxy.url,
      db: server.db,
      username: user('eve'),
      password: 'eve-pw',
      enabled: true,
    });
    await finalRefusal(core);
    const s = await status(core);
    expect(s.phase).toMatchObject({ state: 'error', reason: 'not-a-member', retrying: false });
    expect(s.phase.state === 'error' && s.phase.message).toMatch(/member/);
    const requests = await requestsOver(proxy, 3_000);
    console.log(`[sync] not a member: ${requests} requests in 3 s after the error`);
    expect(requests).toBe(0);
    await expect(core.handlers['sync.now']({})).rejects.toMatchObject({ code: 'unavailable' });
    expect((await status(core)).phase).toMatchObject({ state: 'error', reason: 'not-a-member' });
  }, 30_000);
});
