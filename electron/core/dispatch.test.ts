// dispatch() answers an envelope for anything a renderer or a hostile page can send: odd names,
// inputs too deep or too large for the schemas, handlers that throw things that are not Errors.
import { createSignedIn } from '../testing/people';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../host/file-secrets';
import { tempDir } from '../testing/temp';
import { dispatch, type Handlers } from './dispatch';
import type { Core } from './types';

let core: Core;
let cleanup: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const t = await tempDir();
  core = await createSignedIn({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
  cleanup = [() => core.close(), t.remove];
});
afterAll(async () => {
  for (const c of cleanup) await c();
});

/** A value nested `levels` deep: {a:{a:…}}, built without recursion. */
function nested(levels: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

describe('dispatch', () => {
  it('answers unknown-call for names that are not strings, even ones String() cannot print', async () => {
    const odd: unknown[] = [
      { toString: 1 },
      Object.create(null),
      Symbol('x'),
      null,
      undefined,
      42,
      ['app.info'],
      'toString',
      '__proto__',
    ];
    for (const name of odd) {
      const r = await dispatch(core.handlers, name, {});
      expect(r, String(typeof name)).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    }
  });

  it('refuses an input nested 6,000 levels deep with a clear invalid-input, before the schema sees it', async () => {
    const doc = { type: 'patient', firstName: 'Deep', lastName: 'Input', extra: nested(6000) };
    const r = await dispatch(core.handlers, 'records.save', { doc });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/nested more than 100 levels/) },
    });
    // The core is not wedged: the next save goes through.
    const ok = await dispatch(core.handlers, 'records.save', {
      doc: { type: 'patient', firstName: 'After', lastName: 'Deep' },
    });
    expect(ok).toMatchObject({ ok: true });
  });

  it('refuses an input larger than the record limit as invalid-input', async () => {
    const doc = { type: 'patient', firstName: 'Big', lastName: 'Input', note: 'x'.repeat(8_100_000) };
    const r = await dispatch(core.handlers, 'records.save', { doc });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/larger than 8 MB/) },
    });
  });

  it('answers internal when a handler throws null, a string or an object String() cannot print', async () => {
    const thrown: unknown[] = [
      null,
      undefined,
      'boom',
      { message: { toString: 1 } },
      Object.create(null),
      { status: { valueOf: 1 } },
    ];
    for (const value of thrown) {
      const handlers = {
        'app.info': () => {
          throw value;
        },
      } as unknown as Handlers;
      const r = await dispatch(handlers, 'app.info', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    }
  });

  it('never rejects, even when an input getter or the logger throws', async () => {
    const input = Object.defineProperty({}, 'query', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const badLog = {
      error() {
        throw new Error('logger');
      },
    };
    await expect(dispatch(core.handlers, 'patients.search', input, badLog)).resolves.toMatchObject({ ok: false });
    const throwing = {
      'app.info': () => {
        throw new Error('x');
      },
    } as unknown as Handlers;
    await expect(dispatch(throwing, 'app.info', {}, badLog)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
