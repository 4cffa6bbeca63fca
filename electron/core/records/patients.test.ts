// The core refuses what the patient form refuses, through dispatch() as every caller reaches it,
// on a real core (real PouchDB on disk, the real patient index).
import { openSignedIn } from '../../testing/people';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractError } from '../../../shared/contract/errors';
import { fileSecretStore } from '../../host/file-secrets';
import { tempDir } from '../../testing/temp';
import { dispatch } from '../dispatch';
import type { Core } from '../types';

let core: Core;
let cleanup: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const t = await tempDir();
  const opened = await openSignedIn({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
  core = opened.core;
  cleanup = [() => core.close(), t.remove];
});
afterAll(async () => {
  for (const c of cleanup) await c();
});

const call = (name: string, input: unknown) => dispatch(core.handlers, name, input);
async function refused(name: string, input: unknown): Promise<ContractError> {
  const r = await call(name, input);
  if (r.ok) throw new Error(`${name} was expected to be refused, it saved`);
  return r.error;
}
const count = async (query: string) =>
  ((await call('patients.search', { query, offset: 0, limit: 10 })) as { ok: true; value: { total: number } }).value
    .total;
const patient = (extra: Record<string, unknown>) => ({
  type: 'patient',
  firstName: 'Ilse',
  lastName: 'Peeters',
  ...extra,
});

describe('patient saves in the core', () => {
  it('refuses a date of birth in the future and a bad e-mail, naming both fields at once', async () => {
    const doc = patient({
      lastName: 'Futura',
      dateOfBirth: 20310501,
      addresses: [
        {
          id: 'a1',
          addressType: 'home',
          telecoms: [{ id: 't1', telecomType: 'email', telecomNumber: 'not-an-email' }],
        },
      ],
    });
    for (const name of ['patients.save', 'records.save']) {
      const e = await refused(name, { doc });
      expect(e.code).toBe('validation');
      expect(e.fields).toEqual({
        dateOfBirth: 'the date of birth is in the future',
        'addresses.0.telecoms.0.telecomNumber': 'not an e-mail address (name@domain.be)',
      });
    }
    expect(await count('futura')).toBe(0);
  });

  it('refuses a second patient with the same SSIN, naming the existing one', async () => {
    const first = await call('patients.save', {
      doc: patient({ lastName: 'Eerste', ssin: '87071900144', dateOfBirth: 19870719 }),
    });
    expect(first.ok).toBe(true);
    const id = first.ok ? (first.value as { doc: { _id: string } }).doc._id : '';
    for (const ssin of ['87071900144', '87.07.19-001.44']) {
      const e = await refused('patients.save', { doc: patient({ lastName: 'Tweede', ssin }), confirmDuplicate: true });
      expect(e).toMatchObject({
        code: 'duplicate',
        fields: { ssin: 'another patient already has this national number' },
      });
      expect(e.duplicates).toEqual([
        { id, firstName: 'Ilse', lastName: 'Eerste', dateOfBirth: 19870719, ssin: '87071900144', gender: 'unknown' },
      ]);
    }
    expect((await refused('records.save', { doc: patient({ lastName: 'Derde', ssin: '87071900144' }) })).code).toBe(
      'duplicate',
    );
    expect(await count('87071900144')).toBe(1);
    // The patient who holds it can still be edited.
    const stored = first.ok ? (first.value as { doc: Record<string, unknown> }).doc : {};
    expect((await call('patients.save', { doc: { ...stored, note: 'edited' } })).ok).toBe(true);
  });

  it('answers the same name and date of birth with the candidates, and saves once confirmed', async () => {
    const doc = patient({ firstName: 'Jan', lastName: 'Janssens', dateOfBirth: 19450505, ssin: '45050500153' });
    const a = await call('patients.save', { doc });
    expect(a.ok).toBe(true);
    const again = { ...doc, firstName: 'JAN', lastName: 'Janssëns', ssin: '' };
    const e = await refused('patients.save', { doc: again });
    expect(e.code).toBe('possible-duplicate');
    expect(e.duplicates).toEqual([
      expect.objectContaining({ firstName: 'Jan', lastName: 'Janssens', dateOfBirth: 19450505, ssin: '45050500153' }),
    ]);
    expect(await count('janssens')).toBe(1);
    // Another day of birth is no candidate; confirmed, the namesake is saved.
    expect((await call('patients.save', { doc: { ...again, dateOfBirth: 19450506 } })).ok).toBe(true);
    expect((await call('patients.save', { doc: again, confirmDuplicate: true })).ok).toBe(true);
    expect(await count('janssens')).toBe(3);
  });

  it('lets two side-by-side saves of one SSIN through only once', async () => {
    const doc = patient({ lastName: 'Gelijk', ssin: '80031500186' });
    const results = await Promise.all([call('patients.save', { doc }), call('patients.save', { doc })]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
  });
});
