// The diagnostics log of a real sync, a wrong password first: the state changes and the refusal
// are in it; the password, the patient's name and the record ids are not; "Export diagnostics"
// returns the status and the lines.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/sync/status';
import { fileSecretStore } from '../../host/file-secrets';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { createSignedIn } from '../../testing/people';
import type { Core } from '../types';
import { logDir } from './diagnostics-log';

const PASSWORD = 'S3cret-pw-XYZ';
const WRONG_PASSWORD = 'Wr0ng-pw-QRS';
const FIRST = 'Zebulon';
const LAST = 'Quixotewright';

let server: PracticeServer;
const cleanup: Array<() => Promise<void>> = [];
const username = `logtest-${process.pid}`;

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  await server.addMember(username, PASSWORD);
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function waitFor(check: () => Promise<boolean>, ms: number, label: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('diagnostics log of a sync', () => {
  it('holds the state changes and the failure reason, never the password or patient data', async () => {
    const t = await tempDir('cw-sync-log-');
    cleanup.push(t.remove);
    const core: Core = await createSignedIn(
      {
        dataDir: t.dir,
        host: 'browser',
        secrets: fileSecretStore(t.dir),
        syncTuning: { backoffBaseMs: 100, probeIntervalMs: 200 },
      },
      // The sync user at the keyboard, known here: their records are theirs to push.
      { username, password: PASSWORD, role: 'doctor' },
    );
    let closed = false;
    cleanup.push(() => (closed ? Promise.resolve() : core.close()));
    const status = () => core.handlers['sync.status']({}) as Promise<SyncStatus>;
    const settings = { serverUrl: server.url, db: server.db, username, enabled: true };

    const patient = await core.handlers['records.save']({
      doc: { type: 'patient', firstName: FIRST, lastName: LAST, ssin: '85.07.30-033.28' } as never,
    });
    await core.handlers['sync.saveSettings']({ ...settings, password: WRONG_PASSWORD });
    await waitFor(
      async () => {
        const p = (await status()).phase;
        return p.state === 'error' && p.reason === 'wrong-password' && !p.retrying;
      },
      20_000,
      'the final wrong-password refusal',
    );
    // Status events are coalesced over 100 ms (the latest wins): a person takes longer than that.
    await new Promise((r) => setTimeout(r, 300));
    await core.handlers['sync.saveSettings']({ ...settings, password: PASSWORD });
    await core.handlers['sync.now']({});
    await waitFor(async () => (await status()).phase.state === 'upToDate', 20_000, 'up to date');
    // A second record through the fast lane, after the first sync.
    await core.handlers['records.save']({ doc: { type: 'patient', firstName: FIRST, lastName: 'Second' } as never });
    await core.handlers['sync.now']({});
    await waitFor(async () => (await status()).phase.state === 'upToDate', 20_000, 'up to date again');

    const exported = await core.handlers['diagnostics.export']({});
    expect(exported.fileName).toMatch(/^clinic-diagnostics-[\dT-]+Z\.json$/);
    const file = JSON.parse(exported.content) as {
      app: { version: string; host: string };
      syncStatus: SyncStatus;
      log: Array<Record<string, unknown>>;
    };
    expect(file.app).toMatchObject({ version: '0.1.0', host: 'browser' });
    expect(file.syncStatus.phase.state).toBe('upToDate');
    // The new settings started a new engine: the refusal is history, kept in the log only.
    expect(file.syncStatus.lastError).toBeNull();
    expect(file.log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'core started', host: 'browser' }),
        expect.objectContaining({ msg: 'sync state', state: 'upToDate' }),
        expect.objectContaining({ msg: 'sync failure', reason: 'wrong-password' }),
      ]),
    );
    for (const secret of [PASSWORD, WRONG_PASSWORD, FIRST, LAST]) expect(exported.content).not.toContain(secret);

    await core.close();
    closed = true;

    const names = await readdir(logDir(t.dir));
    expect(names).toContain('diagnostics.log');
    const text = (await Promise.all(names.map((n) => readFile(path.join(logDir(t.dir), n), 'utf8')))).join('\n');
    for (const secret of [PASSWORD, WRONG_PASSWORD, FIRST, LAST, 'Zebulon', '85.07.30', patient.doc._id]) {
      expect(text, secret).not.toContain(secret);
    }
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const states = lines.filter((l) => l.msg === 'sync state').map((l) => l.state);
    expect(states).toEqual(expect.arrayContaining(['connecting', 'error', 'upToDate']));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'sync state',
          level: 'error',
          state: 'error',
          reason: 'wrong-password',
          retrying: false,
        }),
        expect.objectContaining({ msg: 'sync failure', reason: 'wrong-password', message: expect.any(String) }),
        expect.objectContaining({ msg: 'sync state', state: 'upToDate', notAccepted: 0, notStored: 0 }),
        expect.objectContaining({ msg: 'core closed' }),
      ]),
    );
    // Only changes: progress events do not each make a line.
    expect(lines.length).toBeLessThan(60);
    console.log(`[log] ${lines.length} lines, ${states.length} of them sync states`);
  }, 60_000);
});
