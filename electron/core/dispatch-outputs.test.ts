// dispatch() checks every answer against its call's output schema under test and with
// CW_CHECK_OUTPUTS=1, sends the handler's value as it is, and never checks in production.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialSyncStatus } from '../../shared/sync/status';
import { dispatch, type Handlers } from './dispatch';

const answering = (name: string, value: unknown) => ({ [name]: async () => value }) as unknown as Handlers;
const silent = { error: vi.fn() };

afterEach(() => {
  vi.unstubAllEnvs();
  silent.error.mockClear();
});

describe('dispatch checks answers against the contract', () => {
  it('runs under test: vitest sets NODE_ENV=test', () => {
    expect(process.env.NODE_ENV).toBe('test');
  });

  it('answers internal, naming the call and where the answer is wrong, and logs it', async () => {
    const view = { doc: { _id: 'p1', type: 'patient' }, conflicts: 0 }; // no _rev
    const r = await dispatch(answering('records.get', view), 'records.get', { id: 'p1' }, silent);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: expect.stringMatching(/^answer of records\.get does not match the contract: doc\._rev: /),
      },
    });
    expect(silent.error).toHaveBeenCalledWith(expect.stringContaining('answer of records.get'), undefined);
  });

  it('finds a wrong value deep in a union: an offline phase without its cause', async () => {
    const status = { ...initialSyncStatus, phase: { state: 'offline', since: 1, nextRetryAt: null } };
    const r = await dispatch(answering('sync.status', status), 'sync.status', {}, silent);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('phase.cause') },
    });
  });

  it('refuses an optional key present with undefined (JSON would drop it, structured clone keep it)', async () => {
    const plan = {
      docId: 'x',
      docType: undefined,
      winnerRev: '2-a',
      branches: [],
      kind: 'edit',
      deletions: [],
      fields: [],
      stamps: [],
    };
    const entry = { id: 'x', type: 'patient', title: 'X', branches: [] };
    const r = await dispatch(
      answering('conflicts.open', { entry, plan, ancestorSource: 'none' }),
      'conflicts.open',
      { id: 'x' },
      silent,
    );
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('plan.docType') } });
  });

  it('sends the handler value itself, unknown fields of a stored record included', async () => {
    const view = { doc: { _id: 'p1', _rev: '1-a', type: 'patient', fromNewerClient: { x: 1 } }, conflicts: 0 };
    const r = await dispatch(answering('records.get', view), 'records.get', { id: 'p1' }, silent);
    expect(r.ok && r.value).toBe(view);
    const status = { ...initialSyncStatus, extra: 'kept' };
    const s = await dispatch(answering('sync.status', status), 'sync.status', {}, silent);
    expect(s.ok && s.value).toBe(status);
  });

  it('never rejects when checking the answer throws', async () => {
    const view = Object.defineProperty({ conflicts: 0 }, 'doc', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    await expect(dispatch(answering('records.get', view), 'records.get', { id: 'p1' }, silent)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('does not check in production, unless CW_CHECK_OUTPUTS=1', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const wrong = { total: 'many', items: null };
    const input = { query: '', offset: 0, limit: 1 };
    const r = await dispatch(answering('patients.search', wrong), 'patients.search', input, silent);
    expect(r).toEqual({ ok: true, value: wrong });
    vi.stubEnv('CW_CHECK_OUTPUTS', '1');
    const checked = await dispatch(answering('patients.search', wrong), 'patients.search', input, silent);
    expect(checked).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('total') },
    });
  });
});
