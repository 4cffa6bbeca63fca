// Every call of the contract, with valid and invalid input, over the browser host's WebSocket bridge.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallName } from '../../shared/contract/contract';
import type { Result } from '../../shared/contract/errors';
import { connectBridge, type BridgeConnection } from '../testing/bridge-client';
import { tempDir } from '../testing/temp';
import { startHost, type Host } from './server';

let host: Host;
let conn: BridgeConnection;
let cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const data = await tempDir();
  const renderer = await tempDir();
  await writeFile(path.join(renderer.dir, 'index.html'), '<!doctype html><title>test</title>');
  host = await startHost({ dataDir: data.dir, port: 0, rendererDir: renderer.dir });
  conn = await connectBridge(host.url);
  cleanup = [() => conn.close(), () => host.close(), data.remove, renderer.remove];
});
afterAll(async () => {
  for (const c of cleanup) await c();
});

const invoke = (name: string, input: unknown) => conn.transport.invoke(name as CallName, input) as Promise<Result<never>>;

// A valid and an invalid input for every call: a new call without an entry here fails the test.
const cases: Record<CallName, { valid: () => unknown; invalid: unknown }> = {
  'app.info': { valid: () => ({}), invalid: { extra: 1 } },
  'patients.search': { valid: () => ({ query: 'dup', offset: 0, limit: 10 }), invalid: { query: 'x', offset: -1, limit: 10 } },
  'records.get': { valid: () => ({ id: state.patientId }), invalid: { id: 42 } },
  'records.save': { valid: () => ({ doc: { type: 'patient', firstName: 'Jean', lastName: 'Dupont' } }), invalid: { doc: { type: 'alien' } } },
  'records.close': { valid: () => ({ id: state.heId, rev: state.heRev }), invalid: { id: 'x' } },
  'chart.open': { valid: () => ({ patientId: state.patientId }), invalid: { patientId: '' } },
  'samples.load': { valid: () => ({ patients: 3, contactsPerPatient: 2 }), invalid: { patients: 1e9, contactsPerPatient: 2 } },
  'conflicts.list': { valid: () => ({}), invalid: { all: true } },
  // No conflict in this database: opening one answers not-found, which is a valid answer, tested apart.
  'conflicts.open': { valid: () => ({ id: state.patientId }), invalid: { id: null } },
  'conflicts.resolve': { valid: () => ({ id: state.patientId, revs: ['1-a', '1-b'], choices: {} }), invalid: { id: 'x', revs: ['1-a'], choices: { f: { from: 'nowhere' } } } },
  'records.history': { valid: () => ({ id: state.patientId }), invalid: { id: '' } },
  'records.invalid': { valid: () => ({ limit: 10 }), invalid: { limit: 0 } },
  'sync.settings': { valid: () => ({}), invalid: { password: 'x' } },
  // A closed port: the test is answered with "unreachable" (the full matrix is in connection.test.ts).
  'sync.testConnection': { valid: () => ({ serverUrl: 'http://127.0.0.1:9', db: 'practice', username: 'u', password: 'p' }), invalid: { serverUrl: 'http://u:p@host', db: 'practice', username: 'u' } },
  'sync.saveSettings': { valid: () => ({ serverUrl: 'http://127.0.0.1:9', db: 'practice', username: 'u', password: 'p', enabled: false }), invalid: { serverUrl: 'file:///etc', db: 'Practice!', username: '', enabled: true } },
  'sync.status': { valid: () => ({}), invalid: [] },
  'sync.now': { valid: () => ({}), invalid: 'now' },
  'sync.pause': { valid: () => ({}), invalid: { forever: true } },
  'sync.resume': { valid: () => ({}), invalid: null },
  'sync.networkChanged': { valid: () => ({}), invalid: { online: 'yes' } },
};
// Calls whose valid input meets a database state that makes them answer a typed error.
const expectedErrors: Partial<Record<CallName, string>> = {
  'conflicts.open': 'not-found',
  'conflicts.resolve': 'not-found',
  // Sync is saved disabled here: there is no engine to run, pause or resume.
  'sync.now': 'unavailable',
  'sync.pause': 'unavailable',
  'sync.resume': 'unavailable',
};
const state = { patientId: '', heId: '', heRev: '' };

describe('contract over the WebSocket bridge', () => {
  it('has a test case for every call', () => {
    expect(Object.keys(cases).sort()).toEqual([...CALL_NAMES].sort());
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
    const saved = await conn.client.call('records.save', { doc: { type: 'patient', firstName: 'Jean', lastName: 'Dupont', dateOfBirth: 19740321 } });
    state.patientId = saved.doc._id;
    const he = await conn.client.call('records.save', { doc: { type: 'healthElement', patientId: state.patientId, descr: 'Hypertension' } });
    state.heId = he.doc._id;
    state.heRev = he.doc._rev;
    for (const name of CALL_NAMES) {
      const r = await invoke(name, cases[name].valid());
      const code = expectedErrors[name];
      if (code) expect(r, name).toMatchObject({ ok: false, error: { code } });
      else expect(r, name).toMatchObject({ ok: true });
    }
  });

  it('finds a saved patient by name prefix, SSIN and date of birth', async () => {
    const p = await conn.client.call('records.save', { doc: { type: 'patient', firstName: 'Émile', lastName: 'Zola', ssin: '85.07.30-033.28', dateOfBirth: 19850730 } });
    for (const query of ['zol', 'ZOLA emi', 'emile z', '85073003328', '1985-07-30', '1985-07']) {
      const r = await conn.client.call('patients.search', { query, offset: 0, limit: 10 });
      expect(r.items.map((i) => i.id), query).toContain(p.doc._id);
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
    const r = await invoke('records.save', { doc: { type: 'patient', firstName: ' ', lastName: 'X', ssin: '12345678901' } });
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
});
