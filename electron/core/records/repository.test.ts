import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallError } from '../../../shared/contract/errors';
import type { RecordDraft } from '../../../shared/records/schemas';
import { tempDir } from '../../testing/temp';
import type { Identity } from '../store/identity';
import { openLocalDb, type LocalDb } from '../store/open';
import { Repository } from './repository';

const who: Identity = { deviceId: 'ws-1', userId: 'alice', userName: 'Alice', healthcarePartyId: 'hcp-1' };
let db: LocalDb;
let repo: Repository;
let clock = 1_700_000_000_000;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const t = await tempDir();
  cleanup = t.remove;
  db = openLocalDb(t.dir);
  repo = new Repository(db, () => who, () => clock);
});
afterEach(async () => {
  await db.close();
  await cleanup();
});

async function rejects(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (err) {
    return err as CallError;
  }
  throw new Error('expected a rejection');
}

const patient = (extra: Record<string, unknown> = {}) => ({ type: 'patient', firstName: 'Jean', lastName: 'Dupont', ...extra }) as RecordDraft;

describe('Repository on a real leveldb database', () => {
  it('creates a patient with every stamp and a UUID', async () => {
    const view = await repo.save(patient({ dateOfBirth: 19740321 }));
    const doc = view.doc;
    expect(doc._id).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc._rev).toMatch(/^1-/);
    expect(doc).toMatchObject({ created: clock, modified: clock, author: 'alice', responsible: 'hcp-1', device: 'ws-1' });
    expect(view.invalid).toBeUndefined();
    const stored = await db.get(doc._id);
    expect(stored).toMatchObject({ firstName: 'Jean', dateOfBirth: 19740321 });
  });

  it('keeps created, moves modified and refuses a stale revision', async () => {
    const v1 = await repo.save(patient());
    clock += 5000;
    const v2 = await repo.save({ ...(v1.doc as RecordDraft), firstName: 'Jeanne' } as RecordDraft);
    expect(v2.doc).toMatchObject({ created: v1.doc.created, modified: clock, firstName: 'Jeanne' });
    const err = await rejects(repo.save({ ...(v1.doc as RecordDraft), firstName: 'Stale' } as RecordDraft));
    expect(err.code).toBe('conflict');
    expect((await repo.get(v1.doc._id)).doc.firstName).toBe('Jeanne');
  });

  it('keeps fields it does not know even when the caller leaves them out', async () => {
    await db.put({ _id: 'p1', type: 'patient', firstName: 'A', lastName: 'B', created: 1, modified: 1, author: 'x', device: 'y', futureField: { v: 2 } });
    const current = await repo.get('p1');
    const { futureField: _dropped, ...withoutIt } = current.doc;
    const saved = await repo.save({ ...withoutIt, note: 'seen' } as RecordDraft);
    expect(saved.doc).toMatchObject({ futureField: { v: 2 }, note: 'seen', created: 1 });
  });

  it('flags a stored document that fails its schema and never saves it with less data', async () => {
    await db.put({ _id: 'p2', type: 'patient', firstName: 'A', lastName: 'B', dateOfBirth: '1974-03-21', created: 1, modified: 1, author: 'x', device: 'y' });
    const view = await repo.get('p2');
    expect(view.invalid).toHaveProperty('dateOfBirth');
    const { dateOfBirth: _d, ...rest } = view.doc;
    const err = await rejects(repo.save({ ...rest, firstName: 'Changed' } as RecordDraft));
    expect(err.code).toBe('validation');
    expect(err.fields).toHaveProperty('dateOfBirth');
    const stored = await db.get('p2');
    expect(stored).toMatchObject({ firstName: 'A', dateOfBirth: '1974-03-21' });
    // Fixing the field is allowed.
    const fixed = await repo.save({ ...rest, dateOfBirth: 19740321 } as RecordDraft);
    expect(fixed.invalid).toBeUndefined();
  });

  it('rejects an invalid record with field messages and writes nothing', async () => {
    const before = (await db.info()).doc_count;
    const err = await rejects(repo.save({ type: 'contact', patientId: 'p', openingDate: 20261399000000 } as RecordDraft));
    expect(err.code).toBe('validation');
    expect(err.fields).toHaveProperty('openingDate');
    expect((await db.info()).doc_count).toBe(before);
  });

  it('saves a contact with services and subcontacts, and closes it', async () => {
    const contact = await repo.save({
      type: 'contact',
      patientId: 'p1',
      openingDate: 20261125093000,
      services: [
        { id: 's1', label: 'Blood pressure systolic', content: { en: { measureValue: { value: 128, unit: 'mmHg' } } } },
        { id: 's2', label: 'Note', content: { en: { stringValue: 'fine' } } },
      ],
      subContacts: [{ id: 'sc1', healthElementId: 'he1', services: [{ serviceId: 's1' }] }],
    } as RecordDraft);
    clock = new Date(2026, 10, 25, 10, 0, 0).getTime();
    const closed = await repo.close(contact.doc._id, contact.doc._rev);
    expect(closed.doc.closingDate).toBe(20261125100000);
    expect(closed.doc.services).toHaveLength(2);
  });

  it('rejects a service whose content holds two values', async () => {
    const err = await rejects(
      repo.save({
        type: 'contact',
        patientId: 'p1',
        openingDate: 20261125093000,
        services: [{ id: 's1', label: 'x', content: { en: { stringValue: 'a', numberValue: 1 } } }],
      } as RecordDraft),
    );
    expect(err.code).toBe('validation');
  });

  it('health elements get their logical id and are closed, not deleted', async () => {
    const he = await repo.save({ type: 'healthElement', patientId: 'p1', descr: 'Hypertension', codes: [{ type: 'ICPC', code: 'K86', version: '2' }] } as RecordDraft);
    expect(he.doc.healthElementId).toBe(he.doc._id);
    const closed = await repo.close(he.doc._id, he.doc._rev, 20261125000000);
    expect(closed.doc.closingDate).toBe(20261125000000);
    expect((await db.get(he.doc._id))._deleted).toBeUndefined();
  });

  it('ends a patient file, a healthcare party and a user with endOfLife', async () => {
    const p = await repo.save(patient());
    const closed = await repo.close(p.doc._id, p.doc._rev);
    expect(closed.doc).toMatchObject({ active: false, endOfLife: clock });
    const hcp = await repo.save({ type: 'healthcareParty', name: 'Practice' } as RecordDraft);
    expect((await repo.close(hcp.doc._id, hcp.doc._rev)).doc.endOfLife).toBe(clock);
    const user = await repo.save({ type: 'user', login: 'bob' } as RecordDraft);
    expect((await repo.close(user.doc._id, user.doc._rev)).doc.endOfLife).toBe(clock);
  });

  it('will not change a record into another type', async () => {
    const p = await repo.save(patient());
    const err = await rejects(repo.save({ ...(p.doc as object), type: 'user', login: 'x' } as RecordDraft));
    expect(err.code).toBe('validation');
  });

  it('reports conflicts hidden behind the winner', async () => {
    await db.bulkDocs(
      [
        { _id: 'c1', _rev: '1-a', type: 'patient', firstName: 'A', lastName: 'B', created: 1, modified: 1, author: 'x', device: 'y' },
        { _id: 'c1', _rev: '1-b', type: 'patient', firstName: 'A', lastName: 'C', created: 1, modified: 1, author: 'x', device: 'z' },
      ],
      { new_edits: false },
    );
    expect((await repo.get('c1')).conflicts).toBe(1);
    expect((await repo.getMany(['c1', 'missing'])).map((v) => v.conflicts)).toEqual([1]);
  });
});
