// Per-person push credentials (issue 11 item 3), through the core as the renderer drives it, on
// real databases and the dev practice server: alice and bob sign in in turn on one workstation and
// each one's records go up with their own password; bob's password changed on the server → his
// record waits (named in the status), his session locks, alice's keep flowing; bob signs in again
// with the new password → his record goes up at once. The passwords are only in the secret store.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/contract';
import { fileSecretStore } from '../../host/file-secrets';
import { ensureUser } from '../../practice-server/setup';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { adminDb, waitFor } from '../../testing/sync-kit';
import { tempDir } from '../../testing/temp';
import { passwordKey } from '../connection/settings';
import { openCore, type CoreParts } from '../core';
import { logFiles } from '../log/diagnostics-log';
import type { Core, SecretStore } from '../types';

const tag = `${process.pid}-${Date.now().toString(36)}`;
const alice = { username: `alice-${tag}`, password: `alice-pw-${tag}` };
const bob = { username: `bob-${tag}`, password: `bob-pw-${tag}` };
const bobNew = `bob-new-pw-${tag}`;

let server: PracticeServer;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  await server.addMember(alice.username, alice.password);
  await server.addMember(bob.username, bob.password);
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

type Station = {
  core: Core;
  parts: CoreParts;
  dir: string;
  secrets: SecretStore;
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
};

/** A workstation synced with the practice as alice (the sync settings' user). */
async function station(): Promise<Station> {
  const t = await tempDir('cw-per-person-');
  const secrets = fileSecretStore(t.dir);
  // The slow retry of refused records stays far off: what goes up early goes up because of a sign-in.
  const { core, parts } = await openCore({
    dataDir: t.dir,
    host: 'browser',
    secrets,
    syncTuning: { backoffBaseMs: 100, probeIntervalMs: 200, refusedRetryMs: 10 * 60_000 },
  });
  cleanup.push(t.remove, () => core.close());
  const call = <N extends CallName>(name: N, input: CallInput<N>) =>
    (core.handlers[name] as (i: unknown) => Promise<CallOutput<N>>)(input);
  await call('sync.saveSettings', { serverUrl: server.url, db: server.db, ...alice, enabled: true });
  return { core, parts, dir: t.dir, secrets, call };
}

async function newPatient(s: Station, lastName: string): Promise<string> {
  const view = await s.call('records.save', { doc: { type: 'patient', firstName: 'Anne', lastName } as never });
  return view.doc._id;
}

const onServer = async (id: string) => {
  try {
    return (await adminDb(server).get(id)) as unknown as { author?: string };
  } catch {
    return undefined;
  }
};

/** Every file under a folder (recursively), for grepping the data folder. */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}

async function holding(dir: string, secret: string): Promise<string[]> {
  const found: string[] = [];
  for (const f of await files(dir)) if ((await readFile(f)).includes(secret)) found.push(path.relative(dir, f));
  return found;
}

describe('per-person push credentials', () => {
  it("each person's records go up with their own password; bob's wait while the server refuses his", async () => {
    const w1 = await station();
    const w2 = await station();
    await w2.call('session.signIn', alice);
    const status = () => w1.parts.connection.current();

    await w1.call('session.signIn', alice);
    const a1 = await newPatient(w1, 'ByAlice');
    await w1.call('session.signIn', bob); // switch user
    const b1 = await newPatient(w1, 'ByBob');
    for (const [id, author] of [
      [a1, alice.username],
      [b1, bob.username],
    ] as const) {
      await waitFor(async () => (await onServer(id))?.author === author, 15_000, `${id} on the server by ${author}`);
      const there = await waitFor(() => w2.parts.db.get(id).catch(() => undefined), 15_000, `${id} on W2`);
      expect((there as { author?: string }).author).toBe(author);
    }
    expect(await w1.secrets.get(passwordKey({ serverUrl: server.url, username: bob.username }))).toBe(bob.password);

    // Bob's password changed on the server; bob, still signed in here, writes again.
    await ensureUser({ serverUrl: server.url, admin: server.admin }, { name: bob.username, password: bobNew });
    const b2 = await newPatient(w1, 'ByBobAgain');
    await waitFor(
      () => status().waitingForSignIn.some((w) => w.username === bob.username && w.count === 1),
      15_000,
      'bob named in the status as waited for',
    );
    const waiting = status();
    expect(waiting.waitingForSignIn).toEqual([{ username: bob.username, count: 1 }]);
    expect(waiting.phase.state).not.toBe('upToDate');
    // Counted as waiting to go up, once recounted (the server would accept it, it does not hold it).
    await waitFor(() => status().pendingUp === 1, 5_000, 'bob’s record counted as waiting to go up');
    expect(waiting.notAccepted.count).toBe(0); // waiting is not a refusal by the server's rules
    expect(await w1.call('session.state', {})).toEqual({ state: 'locked', username: bob.username });
    expect(await w1.secrets.get(passwordKey({ serverUrl: server.url, username: bob.username }))).toBeUndefined();
    expect(await onServer(b2)).toBeUndefined();
    const refused = w1.parts.connection.diagnostics()?.refused ?? [];
    expect(refused.map((r) => r.id)).toEqual([b2]);

    // Alice keeps flowing, and bob's record keeps waiting (no one else's credential carries it).
    await w1.call('session.signIn', alice);
    const a2 = await newPatient(w1, 'ByAliceAgain');
    await waitFor(async () => (await onServer(a2))?.author === alice.username, 15_000, 'alice’s second record up');
    await new Promise((r) => setTimeout(r, 500));
    expect(await onServer(b2)).toBeUndefined();
    expect(status().phase.state).not.toBe('upToDate');

    // Bob signs in with the new password: his record goes up at once (not after refusedRetryMs).
    const signedAt = Date.now();
    await w1.call('session.signIn', { username: bob.username, password: bobNew });
    await waitFor(async () => (await onServer(b2))?.author === bob.username, 10_000, 'bob’s waiting record up');
    console.log(`[per-person] bob's waiting record on the server ${Date.now() - signedAt} ms after his sign-in`);
    await waitFor(
      () => status().phase.state === 'upToDate' && status().waitingForSignIn.length === 0,
      15_000,
      'W1 up to date once bob’s record is up',
    );
    const there = await waitFor(() => w2.parts.db.get(b2).catch(() => undefined), 15_000, 'bob’s record on W2');
    expect((there as { author?: string }).author).toBe(bob.username);

    // The passwords are in the secret store only: not in the database, the sign-ins, the log.
    await w1.parts.connection.close(); // nothing more written while the folder is read
    for (const secret of [bobNew, alice.password]) expect(await holding(w1.dir, secret)).toEqual(['secrets.json']);
    expect(await holding(w1.dir, bob.password)).toEqual([]); // refused: deleted, and never anywhere else
    const log = (await Promise.all(logFiles(w1.dir).map((f) => readFile(f, 'utf8').catch(() => '')))).join('');
    expect(log).toContain('signed in');
    expect(log).not.toContain(bobNew);
  }, 90_000);
});
