// Connection settings and sync through the core, as the renderer drives them: two workstations
// (cores on their own data folders) and the practice server process on loopback.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../../host/file-secrets';
import { startFaultProxy } from '../../testing/fault-proxy';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { openSignedIn } from '../../testing/people';
import { openCore, type CoreParts } from '../core';
import type { Core } from '../types';

let server: PracticeServer;
const cleanup: Array<() => Promise<void>> = [];
const user = (n: string) => `${n}-${process.pid}`;

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  await server.addMember(user('alice'), 'alice-pw');
  await server.addMember(user('bob'), 'bob-pw');
  await server.addNonMember(user('eve'), 'eve-pw');
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** A new workstation: nobody has signed in on it yet (`signedIn`: someone known here has). */
async function workstation(signedIn = false): Promise<{ core: Core; dir: string; parts: CoreParts }> {
  const t = await tempDir();
  const opts = { dataDir: t.dir, host: 'browser' as const, secrets: fileSecretStore(t.dir) };
  const { core, parts } = signedIn ? await openSignedIn(opts) : await openCore(opts);
  cleanup.push(t.remove, () => core.close());
  return { core, dir: t.dir, parts };
}

/** The practice server set up, then its user signed in (a first sign-in, checked by the server), as in a clinic. */
async function setUp(
  core: Core,
  s: { serverUrl: string; db: string; username: string; password: string; enabled: boolean },
) {
  const view = await core.handlers['sync.saveSettings'](s);
  if ((await core.handlers['session.state']({})).state !== 'signed-in')
    await core.handlers['session.signIn']({ username: s.username, password: s.password });
  return view;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('connection settings', () => {
  it('"Test connection" gives the exact reason', async () => {
    const { core } = await workstation();
    const test = core.handlers['sync.testConnection'];
    const target = { serverUrl: server.url, db: server.db };
    expect(await test({ ...target, username: user('alice'), password: 'alice-pw' })).toMatchObject({
      ok: true,
      user: user('alice'),
    });
    expect(await test({ ...target, username: user('alice'), password: 'nope' })).toMatchObject({
      ok: false,
      reason: 'wrong-password',
    });
    expect(await test({ ...target, username: user('eve'), password: 'eve-pw' })).toMatchObject({
      ok: false,
      reason: 'not-a-member',
    });
    const html = createServer((_q, r) => r.end('<html>router admin</html>'));
    await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
    const htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
    expect(await test({ serverUrl: htmlUrl, db: 'practice', username: 'x', password: 'y' })).toMatchObject({
      ok: false,
      reason: 'not-couchdb',
    });
    await new Promise((r) => html.close(r));
    // The port just closed: nothing listens there any more.
    expect(await test({ serverUrl: htmlUrl, db: 'practice', username: 'x', password: 'y' })).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
  });

  it('stores the password apart, never shows it, and syncs two workstations both ways', async () => {
    const a = await workstation();
    const b = await workstation();
    for (const [ws, name, pw] of [
      [a, user('alice'), 'alice-pw'],
      [b, user('bob'), 'bob-pw'],
    ] as const) {
      const view = await setUp(ws.core, {
        serverUrl: server.url,
        db: server.db,
        username: name,
        password: pw,
        enabled: true,
      });
      expect(view).toEqual({ serverUrl: server.url, db: server.db, username: name, hasPassword: true, enabled: true });
      expect(JSON.stringify(await ws.core.handlers['sync.status']({}))).not.toContain(pw);
      expect((await stat(path.join(ws.dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect((await ws.core.handlers['app.info']({})).userId).toBe(name);
    }
    await until(
      () => a.core.handlers['sync.status']({}),
      (s) => s.phase.state === 'upToDate',
    );
    const saved = await a.core.handlers['records.save']({
      doc: { type: 'patient', firstName: 'Synced', lastName: 'Acrossworkstations' } as never,
    });
    expect(saved.doc.author).toBe(user('alice'));
    await until(
      () => b.core.handlers['patients.search']({ query: 'acrossworkstations', offset: 0, limit: 5 }),
      (r) => r.total === 1,
    );
    const back = await b.core.handlers['records.save']({
      doc: { ...(await b.core.handlers['records.get']({ id: saved.doc._id })).doc, note: 'seen on B' } as never,
    });
    await until(
      () => a.core.handlers['records.get']({ id: saved.doc._id }),
      (v) => v.doc._rev === back.doc._rev,
    );
    const now = await a.core.handlers['sync.now']({});
    expect(now.pendingUp).toBe(0);
  });

  it('adopts the records written before the first login, leaves synthetic samples behind, and pushes the rest', async () => {
    const { core, parts } = await workstation();
    // Written by an earlier version, before anyone signed in: the workstation's placeholder author.
    const stamp = { created: 1, modified: 1, author: 'local', device: 'this-one' };
    const early = { doc: { _id: 'p-before-login', type: 'patient', firstName: 'Before', lastName: 'Login', ...stamp } };
    await parts.db.put(early.doc);
    await setUp(core, {
      serverUrl: server.url,
      db: server.db,
      username: user('alice'),
      password: 'alice-pw',
      enabled: true,
    });
    await core.handlers['samples.load']({ patients: 2, contactsPerPatient: 0 });
    const adopted = await core.handlers['records.get']({ id: early.doc._id });
    expect(adopted.doc.author).toBe(user('alice'));
    const auth = { Authorization: 'Basic ' + Buffer.from(`${user('alice')}:alice-pw`).toString('base64') };
    const onServer = (id: string) =>
      fetch(`${server.url}/${server.db}/${encodeURIComponent(id)}`, { headers: auth }).then((r) => r.status);
    await until(
      () => onServer(early.doc._id),
      (status) => status === 200,
    );
    const all = await core.handlers['patients.search']({ query: '', offset: 0, limit: 500 });
    const views = await Promise.all(all.items.map((p) => core.handlers['records.get']({ id: p.id })));
    const samples = views.filter((v) => JSON.stringify(v.doc.tags ?? []).includes('synthetic'));
    expect(samples).toHaveLength(2);
    for (const v of samples) expect(await onServer(v.doc._id)).toBe(404);
  });

  it('never locks the clinician out: a password changed while offline is asked for only once the server is back and refuses it', async () => {
    const name = user('carol');
    await server.addMember(name, 'carol-pw');
    const target = new URL(server.url);
    const proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
    cleanup.push(() => proxy.stop());
    const { core } = await workstation();
    await setUp(core, {
      serverUrl: proxy.url,
      db: server.db,
      username: name,
      password: 'carol-pw',
      enabled: true,
    });
    await until(
      () => core.handlers['sync.status']({}),
      (s) => s.phase.state === 'upToDate',
    );

    await proxy.setMode('refuse');
    await server.addMember(name, 'changed-elsewhere'); // an admin changes the password meanwhile
    await until(
      () => core.handlers['sync.status']({}),
      (s) => s.phase.state === 'offline',
    );
    // Offline: the records are there to read and write, and nobody is asked for a password.
    const p = await core.handlers['records.save']({
      doc: { type: 'patient', firstName: 'Offline', lastName: 'Careful' } as never,
    });
    expect((await core.handlers['patients.search']({ query: 'careful', offset: 0, limit: 5 })).items[0]?.id).toBe(
      p.doc._id,
    );
    const offline = await core.handlers['sync.status']({});
    expect(offline.phase.state).toBe('offline');

    await proxy.setMode('pass');
    // Confirmed a few times on a short back-off before it is final (a cluster may lag an admin's change).
    const refused = await until(
      () => core.handlers['sync.status']({}),
      (s) => s.phase.state === 'error' && !s.phase.retrying,
    );
    expect(refused.phase).toMatchObject({ state: 'error', reason: 'wrong-password', retrying: false });
    expect((await core.handlers['records.get']({ id: p.doc._id })).doc.lastName).toBe('Careful');

    await core.handlers['sync.saveSettings']({
      serverUrl: proxy.url,
      db: server.db,
      username: name,
      password: 'changed-elsewhere',
      enabled: true,
    });
    await until(
      () => core.handlers['sync.status']({}),
      (s) => s.phase.state === 'upToDate' && s.pendingUp === 0,
    );
  });

  it('never sends back what came down (the shared local feed sees pulled documents as echoes)', async () => {
    const target = new URL(server.url);
    const proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
    cleanup.push(() => proxy.stop());
    const a = await workstation();
    const b = await workstation();
    await setUp(a.core, {
      serverUrl: server.url,
      db: server.db,
      username: user('alice'),
      password: 'alice-pw',
      enabled: true,
    });
    await setUp(b.core, {
      serverUrl: proxy.url,
      db: server.db,
      username: user('bob'),
      password: 'bob-pw',
      enabled: true,
    });
    for (const ws of [a, b])
      await until(
        () => ws.core.handlers['sync.status']({}),
        (s) => s.phase.state === 'upToDate',
      );
    proxy.resetStats();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const saved = await a.core.handlers['records.save']({
        doc: { type: 'patient', firstName: `Echo${i}`, lastName: 'Nouploadback' } as never,
      });
      ids.push(saved.doc._id);
      if (i % 8 === 7) await new Promise((r) => setTimeout(r, 100));
    }
    await until(
      () => b.core.handlers['patients.search']({ query: 'nouploadback', offset: 0, limit: 50 }),
      (r) => r.total === 40,
    );
    // Edits in a burst (second revisions come down through the replication protocol).
    for (const id of ids) {
      const v = await a.core.handlers['records.get']({ id });
      await a.core.handlers['records.save']({ doc: { ...v.doc, note: 'edited' } as never });
    }
    await until(
      // Read from the disk: a record viewed through the core is an access, logged and pushed.
      () => b.parts.db.get<{ note?: string }>(ids[39]!),
      (v) => v.note === 'edited',
    );
    await b.core.handlers['sync.now']({});
    expect(proxy.stats().bulkDocs).toBe(0); // B has nothing of its own to send
    const status = await b.core.handlers['sync.status']({});
    expect(status.notAccepted.count).toBe(0);
    expect(status.log.filter((e) => e.kind === 'docs-rejected')).toEqual([]);
  });

  it('refuses settings without a password when none is stored', async () => {
    const { core } = await workstation(true);
    await expect(
      core.handlers['sync.saveSettings']({ serverUrl: server.url, db: server.db, username: 'nobody', enabled: true }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(core.handlers['sync.now']({})).rejects.toMatchObject({ code: 'unavailable' });
  });
});
