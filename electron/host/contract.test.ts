// Every call of the contract, with valid and invalid input, over the browser host's WebSocket bridge;
// every answer the same over the bridge (JSON) and Electron's IPC (structured clone), as its output
// schema says.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CALL_NAMES,
  calls,
  events,
  type CallName,
  type CallOutput,
  type EventName,
} from '../../shared/contract/contract';
import { ContractError, type Result } from '../../shared/contract/errors';
import { OPEN_CALLS, SETUP_CALLS } from '../../shared/contract/open-calls';
import type { CoreParts } from '../core/core';
import { connectBridge, type BridgeConnection } from '../testing/bridge-client';
import { seedPeople, TEST_PERSON } from '../testing/people';
import { startPracticeServer } from '../testing/practice';
import { tempDir } from '../testing/temp';
import { startHost, type Host } from './server';

// The envelope dispatch() answered for each call, by name, before any transport carried it.
const answered = vi.hoisted(() => new Map<unknown, unknown>());
vi.mock('../core/dispatch', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../core/dispatch')>();
  return {
    ...actual,
    dispatch: async (...args: Parameters<typeof actual.dispatch>) => {
      const result = await actual.dispatch(...args);
      answered.set(args[1], result);
      return result;
    },
  };
});

// The host's core with its parts, to put into its database what only replication brings (a conflict).
const opened = vi.hoisted(() => ({ parts: undefined as CoreParts | undefined }));
vi.mock('../core/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../core/core')>();
  return {
    ...actual,
    createCore: async (...args: Parameters<typeof actual.openCore>) => {
      const { core, parts } = await actual.openCore(...args);
      opened.parts = parts;
      return core;
    },
  };
});

let host: Host;
let conn: BridgeConnection;
let cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const data = await tempDir();
  const renderer = await tempDir();
  await writeFile(path.join(renderer.dir, 'index.html'), '<!doctype html><title>test</title>');
  // Someone who has signed in here before: signs in offline, with or without a server.
  await seedPeople(data.dir, [TEST_PERSON]);
  host = await startHost({ dataDir: data.dir, port: 0, rendererDir: renderer.dir });
  conn = await connectBridge(host.url);
  cleanup = [() => conn.close(), () => host.close(), data.remove, renderer.remove];
});
afterAll(async () => {
  for (const c of cleanup) await c();
});

const invoke = (name: string, input: unknown) =>
  conn.transport.invoke(name as CallName, input) as Promise<Result<never>>;

// A valid and an invalid input for every call: a new call without an entry here fails the test.
const cases: Record<CallName, { valid: () => unknown; invalid: unknown }> = {
  'app.info': { valid: () => ({}), invalid: { extra: 1 } },
  'app.indexing': { valid: () => ({}), invalid: { extra: 1 } },
  'patients.search': {
    valid: () => ({ query: 'dup', offset: 0, limit: 10 }),
    invalid: { query: 'x', offset: -1, limit: 10 },
  },
  'records.get': { valid: () => ({ id: state.patientId }), invalid: { id: 42 } },
  'records.save': {
    valid: () => ({ doc: { type: 'patient', firstName: 'Jean', lastName: 'Dupont' } }),
    invalid: { doc: { type: 'alien' } },
  },
  'records.close': { valid: () => ({ id: state.heId, rev: state.heRev }), invalid: { id: 'x' } },
  'patients.save': {
    // Confirmed: the case runs more than once, and a namesake born the same day asks first.
    valid: () => ({
      doc: { type: 'patient', firstName: 'Ilse', lastName: 'Peeters', dateOfBirth: 19870719 },
      confirmDuplicate: true,
    }),
    invalid: { doc: { type: 'patient', firstName: 'Ilse' }, confirmDuplicate: 'yes' },
  },
  'contacts.save': {
    valid: () => ({
      doc: { type: 'contact', patientId: 'another-patient', openingDate: 20260101100000, services: [] },
    }),
    invalid: { doc: { type: 'contact' }, confirmedMeasures: ['mood'] },
  },
  // No such contact: a typed not-found (the full story is in electron/core/records/contacts.test.ts).
  'contacts.enterInError': { valid: () => ({ id: state.patientId, rev: '1-x', serviceId: 's' }), invalid: { id: 'x' } },
  'drafts.get': { valid: () => ({ key: 'contact:new:p1' }), invalid: { key: '_local/x' } },
  'drafts.put': {
    valid: () => ({ key: 'contact:new:p1', value: { descr: 'typed' } }),
    invalid: { key: 'k', value: 'x'.repeat(10) },
  },
  'drafts.clear': { valid: () => ({ key: 'contact:new:p1' }), invalid: { key: '' } },
  'chart.open': { valid: () => ({ patientId: state.patientId }), invalid: { patientId: '' } },
  'samples.load': {
    valid: () => ({ patients: 3, contactsPerPatient: 2 }),
    invalid: { patients: 1e9, contactsPerPatient: 2 },
  },
  'conflicts.list': { valid: () => ({}), invalid: { all: true } },
  // No conflict in this database: opening one answers not-found, which is a valid answer, tested apart.
  'conflicts.open': { valid: () => ({ id: state.patientId }), invalid: { id: null } },
  'conflicts.resolve': {
    valid: () => ({ id: state.patientId, revs: ['1-a', '1-b'], choices: {} }),
    invalid: { id: 'x', revs: ['1-a'], choices: { f: { from: 'nowhere' } } },
  },
  'records.history': { valid: () => ({ id: state.patientId }), invalid: { id: '' } },
  'records.invalid': { valid: () => ({ limit: 10 }), invalid: { limit: 0 } },
  'sync.settings': { valid: () => ({}), invalid: { password: 'x' } },
  // A closed port: the test is answered with "unreachable" (the full matrix is in connection.test.ts).
  'sync.testConnection': {
    valid: () => ({ serverUrl: 'http://127.0.0.1:9', db: 'practice', username: 'u', password: 'p' }),
    invalid: { serverUrl: 'http://u:p@host', db: 'practice', username: 'u' },
  },
  'sync.saveSettings': {
    valid: () => ({ serverUrl: 'http://127.0.0.1:9', db: 'practice', username: 'u', password: 'p', enabled: false }),
    invalid: { serverUrl: 'file:///etc', db: 'Practice!', username: '', enabled: true },
  },
  'sync.status': { valid: () => ({}), invalid: [] },
  'sync.now': { valid: () => ({}), invalid: 'now' },
  'sync.pause': { valid: () => ({}), invalid: { forever: true } },
  'sync.resume': { valid: () => ({}), invalid: null },
  'sync.networkChanged': { valid: () => ({}), invalid: { online: 'yes' } },
  'diagnostics.export': { valid: () => ({}), invalid: { include: 'all' } },
  'session.state': { valid: () => ({}), invalid: { who: 'me' } },
  // Known on this workstation: checked here (the saved server, a closed port, cannot be reached).
  'session.signIn': {
    valid: () => tester,
    invalid: { username: 'x'.repeat(201), password: 'p' },
  },
  'session.lock': { valid: () => ({}), invalid: { username: 'x' } },
  'session.unlock': { valid: () => ({ password: tester.password }), invalid: { password: '' } },
  'session.signOut': { valid: () => ({}), invalid: { all: 1 } },
  'session.firstRun': { valid: () => ({}), invalid: { force: true } },
  // Someone is known here: refused (the full story is in electron/core/session/first-run.test.ts).
  'session.setUp': { valid: () => ({ username: 'owner', password: 'owner-password' }), invalid: { username: '' } },
  // The full story is in electron/core/access-log.
  'accessLog.forPatient': {
    valid: () => ({ patientId: state.patientId, limit: 10 }),
    invalid: { patientId: 'p', limit: 0 },
  },
  'accessLog.mine': { valid: () => ({ limit: 10 }), invalid: { limit: 10, before: 42 } },
};
const member = { username: `contract-alice-${process.pid}`, password: 'alice-pw' };
const tester = { username: TEST_PERSON.username, password: TEST_PERSON.password };
// Calls whose valid input meets a database state that makes them answer a typed error.
const expectedErrors: Partial<Record<CallName, string>> = {
  'conflicts.open': 'not-found',
  'contacts.enterInError': 'not-found',
  'conflicts.resolve': 'not-found',
  // Sync is saved disabled here: there is no engine to run, pause or resume.
  'sync.now': 'unavailable',
  'sync.pause': 'unavailable',
  'sync.resume': 'unavailable',
  'session.setUp': 'forbidden',
};
// Well-formed ids until the valid-input test saves real ones (the gate answers before any lookup).
const state = { patientId: 'not-saved-yet', heId: 'not-saved-yet', heRev: '1-a' };

describe('contract over the WebSocket bridge', () => {
  it('has a test case for every call', () => {
    expect(Object.keys(cases).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('answers only the open calls while nobody is signed in or the screen is locked, for every call', async () => {
    const refusedAll = async (why: string, except: ReadonlySet<string>) => {
      for (const name of CALL_NAMES) {
        if (except.has(name)) continue;
        const r = await invoke(name, cases[name].valid());
        expect(r, `${name} ${why}`).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      }
    };
    const open = new Set<string>(OPEN_CALLS);
    // No practice server set up yet: its settings can be set, so that a first sign-in can happen.
    expect(await conn.client.call('session.state', {})).toEqual({ state: 'signed-out' });
    await refusedAll('signed out', new Set([...OPEN_CALLS, ...SETUP_CALLS]));
    expect(await invoke('sync.settings', {})).toEqual({ ok: true, value: null });
    expect(await invoke('app.info', {})).toMatchObject({ ok: true });
    // Once a server is set up, only a signed-in person may change it.
    await conn.client.call('session.signIn', tester);
    await conn.client.call('sync.saveSettings', cases['sync.saveSettings'].valid() as never);
    await conn.client.call('session.signOut', {});
    await refusedAll('signed out, server set up', open);
    await conn.client.call('session.signIn', tester);
    expect(await conn.client.call('session.lock', {})).toEqual({ state: 'locked', username: tester.username });
    await refusedAll('locked', open);
    expect(await invoke('session.unlock', { password: tester.password })).toMatchObject({
      ok: true,
      value: { state: 'signed-in', username: tester.username },
    });
    expect(await invoke('sync.status', {})).toMatchObject({ ok: true });
  });

  it('answers every call with invalid input by a typed error and changes nothing', async () => {
    const before = await invoke('patients.search', { query: '', offset: 0, limit: 1 });
    for (const name of CALL_NAMES) {
      const r = await invoke(name, cases[name].invalid);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.code, name).toBe('invalid-input');
    }
    const after = await invoke('patients.search', { query: '', offset: 0, limit: 1 });
    expect(after).toEqual(before);
  });

  it('answers every call with valid input', async () => {
    const saved = await conn.client.call('records.save', {
      doc: { type: 'patient', firstName: 'Jean', lastName: 'Dupont', dateOfBirth: 19740321 },
    });
    state.patientId = saved.doc._id;
    const he = await conn.client.call('records.save', {
      doc: { type: 'healthElement', patientId: state.patientId, descr: 'Hypertension' },
    });
    state.heId = he.doc._id;
    state.heRev = he.doc._rev;
    // The session's calls last (signing out ends the others' session), then signed in again.
    const session = (n: string) => n.startsWith('session.');
    for (const name of [...CALL_NAMES.filter((n) => !session(n)), ...CALL_NAMES.filter(session)]) {
      const r = await invoke(name, cases[name].valid());
      const code = expectedErrors[name];
      if (code) expect(r, name).toMatchObject({ ok: false, error: { code } });
      else expect(r, name).toMatchObject({ ok: true });
    }
    await conn.client.call('session.signIn', tester);
  });

  it('signs a person in against the practice server, locks and unlocks, signs out', async () => {
    const server = await startPracticeServer();
    cleanup.unshift(() => server.stop());
    await server.addMember(member.username, member.password);
    await conn.client.call('sync.saveSettings', {
      serverUrl: server.url,
      db: server.db,
      username: member.username,
      password: member.password,
      enabled: false,
    });
    const signedIn = await conn.client.call('session.signIn', member);
    expect(signedIn).toMatchObject({ state: 'signed-in', username: member.username, role: 'doctor' });
    expect(await conn.client.call('session.lock', {})).toEqual({ state: 'locked', username: member.username });
    const wrong = await invoke('session.unlock', { password: 'not-hers' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong-password', attempts: { left: 4, waitMs: 0 } } });
    expect(await conn.client.call('session.unlock', { password: member.password })).toEqual(signedIn);
    expect(await conn.client.call('session.state', {})).toEqual(signedIn);
    expect(await conn.client.call('session.signOut', {})).toEqual({ state: 'signed-out' });
    // The next tests need a session; the server now in the settings knows this member.
    await conn.client.call('session.signIn', member);
  }, 60_000);

  it('finds a saved patient by name prefix, SSIN and date of birth', async () => {
    const p = await conn.client.call('records.save', {
      doc: { type: 'patient', firstName: 'Émile', lastName: 'Zola', ssin: '85.07.30-033.28', dateOfBirth: 19850730 },
    });
    const dates = ['1985-07-30', '1985-07', '30/07/1985', '30071985'];
    for (const query of ['zol', 'ZOLA emi', 'emile z', '85073003328', ...dates]) {
      const r = await conn.client.call('patients.search', { query, offset: 0, limit: 10 });
      expect(
        r.items.map((i) => i.id),
        query,
      ).toContain(p.doc._id);
    }
    const none = await conn.client.call('patients.search', { query: 'zzz', offset: 0, limit: 10 });
    expect(none.total).toBe(0);
  });

  it('opens a chart with its contacts newest first and its health elements', async () => {
    const patientId = state.patientId;
    for (const openingDate of [20250101100000, 20260101100000]) {
      await conn.client.call('records.save', { doc: { type: 'contact', patientId, openingDate, services: [] } });
    }
    const chart = await conn.client.call('chart.open', { patientId });
    expect(chart.patient.doc._id).toBe(patientId);
    expect(chart.contacts.map((c) => c.doc.openingDate)).toEqual([20260101100000, 20250101100000]);
    expect(chart.healthElements.length).toBeGreaterThan(0);
  });

  it('returns field messages for a record that fails validation', async () => {
    const r = await invoke('records.save', {
      doc: { type: 'patient', firstName: ' ', lastName: 'X', ssin: '12345678901' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-input');
      expect(Object.keys(r.error.fields ?? {})).toEqual(expect.arrayContaining(['firstName', 'ssin']));
    }
  });

  it('answers unknown calls, non-JSON and malformed messages without dropping the connection', async () => {
    expect(await invoke('patients.delete', {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    conn.sendRaw('not json');
    conn.sendRaw(JSON.stringify({ kind: 'call', name: 'app.info' }));
    expect(await invoke('app.info', {})).toMatchObject({ ok: true });
  });

  it('emits records.changed for a write and samples.progress while loading samples', async () => {
    const changed = new Promise<unknown>((resolve) => conn.client.on('records.changed', resolve));
    const progress: Array<{ done: number; total: number }> = [];
    const off = conn.client.on('samples.progress', (p) => progress.push(p));
    await conn.client.call('samples.load', { patients: 5, contactsPerPatient: 1 });
    await expect(changed).resolves.toMatchObject({ ids: expect.any(Array) });
    off();
    expect(progress.at(-1)).toEqual({ done: 10, total: 10 });
  });

  it('refuses a bridge connection without the token or from another origin, and the page without the token', async () => {
    const url = new URL(host.url);
    const attempt = (q: string, origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://${url.host}/bridge${q}`, { origin });
        ws.once('unexpected-response', (_r, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => (ws.close(), resolve(101)));
        ws.once('error', () => resolve(-1));
      });
    expect(await attempt('', url.origin)).toBe(403);
    expect(await attempt('?token=wrong', url.origin)).toBe(403);
    expect(await attempt(`?token=${host.token}`, 'http://evil.example')).toBe(403);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${url.origin}/../../etc/passwd`)).status).toBe(404);
  });

  it('carries every answer alike over the bridge (JSON) and Electron IPC (structured clone), as its schema says', async () => {
    const db = opened.parts!.db;
    // A conflict with an ancestor (lists, items and nested fields in the plan) and a record that
    // fails its schema, so that conflicts.open, records.get and records.invalid answer in full.
    const conflictId = 'contract-conflict';
    const stamp = { created: 1, modified: 2, author: 'local', device: 'elsewhere' };
    const home = (city: string, n: string) => [
      { id: 'a1', addressType: 'home', city, telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: n }] },
    ];
    const base = {
      _id: conflictId,
      type: 'patient',
      firstName: 'Anna',
      lastName: 'Peeters',
      gender: 'female',
      languages: [],
      active: true,
      addresses: home('Gent', '+32 470 00 00 00'),
      ...stamp,
    };
    const branch = (rev: string, changes: object) => ({
      ...base,
      ...changes,
      _rev: `2-${rev}`,
      _revisions: { start: 2, ids: [rev, 'aaa'] },
    });
    await db.bulkDocs([{ ...base, _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] } }] as never[], {
      new_edits: false,
    });
    await db.bulkDocs(
      [
        branch('bbb', {
          lastName: 'Peeters-A',
          addresses: home('Gent', '+32 470 11 11 11'),
          author: 'alice',
          device: 'ws-a',
          modified: 3,
        }),
        branch('ccc', {
          lastName: 'Peeters-B',
          addresses: home('Brugge', '+32 470 00 00 00'),
          author: 'bob',
          device: 'ws-b',
          modified: 4,
        }),
      ] as never[],
      { new_edits: false },
    );
    await db.put({ _id: 'contract-invalid', type: 'patient', lastName: 'Without first name', ...stamp } as never);
    await until(
      () => conn.client.call('conflicts.list', {}),
      (r) => r.count > 0,
    );
    await until(
      () => conn.client.call('records.invalid', { limit: 10 }),
      (r) => r.count > 0,
    );
    const he = await conn.client.call('records.save', {
      doc: { type: 'healthElement', patientId: state.patientId, descr: 'Asthma' },
    });
    const weight = {
      id: 'w',
      label: 'Weight',
      codes: [{ type: 'LOINC', code: '29463-7' }],
      content: { en: { measureValue: { value: 80, unit: 'kg' } } },
    };
    const contact = await conn.client.call('contacts.save', {
      doc: { type: 'contact', patientId: 'another-patient', openingDate: 20260301100000, services: [weight] },
    });
    let revs: string[] = [];
    const inputs: Partial<Record<CallName, () => unknown>> = {
      'records.get': () => ({ id: 'contract-invalid' }),
      'records.close': () => ({ id: he.doc._id, rev: he.doc._rev }),
      'contacts.enterInError': () => ({ id: contact.doc._id, rev: contact.doc._rev, serviceId: 'w', reason: 'typo' }),
      'conflicts.open': () => ({ id: conflictId }),
      'conflicts.resolve': () => ({ id: conflictId, revs, choices: { lastName: { from: 'value', value: 'Peeters' } } }),
      'records.history': () => ({ id: conflictId }),
      // A closed port: the engine runs and goes offline (its status carries the cause and the error).
      'sync.saveSettings': () => ({ ...(cases['sync.saveSettings'].valid() as object), enabled: true }),
    };
    // Paused, sync.now answers at once (unavailable) instead of waiting for a server that is not there.
    // The session's calls at the very end: signing out ends the session the others need.
    const session = CALL_NAMES.filter((n) => n.startsWith('session.'));
    const last: CallName[] = ['sync.pause', 'sync.now', 'sync.resume', ...session];
    const order = [...CALL_NAMES.filter((n) => !last.includes(n)), ...last];
    const emitted: Array<{ name: EventName; payload: unknown }> = [];
    const off = host.core.onEvent((name, payload) => emitted.push({ name: name as EventName, payload }));

    for (const name of order) {
      answered.delete(name);
      const bridged = await invoke(name, (inputs[name] ?? cases[name].valid)());
      const direct = answered.get(name);
      expect(direct, name).toBeDefined();
      // toStrictEqual: a key holding undefined, a Date, a Map … tell JSON and structured clone apart.
      const json: unknown = JSON.parse(JSON.stringify(direct));
      expect(structuredClone(direct), name).toStrictEqual(json);
      expect(bridged, name).toStrictEqual(json);
      const r = bridged as Result<unknown>;
      if (r.ok) expect(issues(calls[name].output.safeParse(r.value)), name).toBeUndefined();
      else expect(issues(ContractError.strict().safeParse(r.error)), name).toBeUndefined();
      expect(r.ok ? 'ok' : r.error.code, name).toBe(
        name === 'sync.now' ? 'unavailable' : name === 'session.setUp' ? 'forbidden' : 'ok',
      );
      if (name === 'conflicts.open' && r.ok) {
        const { plan } = r.value as CallOutput<'conflicts.open'>;
        revs = plan.branches.map((b) => b.rev);
        // The plan's nesting went through: a list of items, an item merged field by field.
        const lists = plan.fields.filter((f) => f.kind === 'list');
        const mergedItem = lists.flatMap((l) => l.items).find((i) => i.fields.length > 0);
        expect(mergedItem, name).toBeDefined();
        expect(plan.ancestor, name).toBeDefined();
      }
      if (name === 'sync.saveSettings')
        await until(
          () => conn.client.call('sync.status', {}),
          (s) => s.phase.state === 'offline',
        );
    }
    off();
    await conn.client.call('session.signIn', tester);
    await conn.client.call('sync.saveSettings', cases['sync.saveSettings'].valid() as never);
    expect(emitted.map((e) => e.name)).toContain('session.changed');
    expect(emitted.length).toBeGreaterThan(0);
    for (const { name, payload } of emitted) {
      expect(structuredClone(payload), name).toStrictEqual(JSON.parse(JSON.stringify(payload)));
      expect(issues(events[name].safeParse(payload)), name).toBeUndefined();
    }
  });
});

/** The first problems a schema found, readable in a failed expectation (undefined: none). */
function issues(r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  return r.success
    ? undefined
    : r.error?.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
