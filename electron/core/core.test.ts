// The core as the shell and the host use it: restart on the same data folder, the index file.
import { openSignedIn, TEST_PERSON } from '../testing/people';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../host/file-secrets';
import { tempDir } from '../testing/temp';
import { dispatch } from './dispatch';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function open(dir: string) {
  return (await openWithParts(dir)).core;
}

async function openWithParts(dir: string) {
  const opened = await openSignedIn({ dataDir: dir, host: 'browser', secrets: fileSecretStore(dir) });
  cleanup.push(() => opened.core.close());
  return opened;
}

describe('core', () => {
  it('keeps its workstation id, records and indexes across restarts, with or without a snapshot', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    let core = await open(t.dir);
    const info = await core.handlers['app.info']({});
    const p = await core.handlers['records.save']({
      doc: { type: 'patient', firstName: 'Lore', lastName: 'Ipsum' } as never,
    });
    await core.handlers['samples.load']({ patients: 50, contactsPerPatient: 2 });
    await core.close();

    core = await open(t.dir);
    expect((await core.handlers['app.info']({})).deviceId).toBe(info.deviceId);
    expect((await core.handlers['patients.search']({ query: 'ipsum', offset: 0, limit: 5 })).items[0]?.id).toBe(
      p.doc._id,
    );
    expect((await core.handlers['patients.search']({ query: '', offset: 0, limit: 1 })).total).toBe(51);
    // Records by patient come back from the index file too.
    const sample = (await core.handlers['patients.search']({ query: '', offset: 0, limit: 60 })).items.find(
      (i) => i.id !== p.doc._id,
    )!;
    expect((await core.handlers['chart.open']({ patientId: sample.id })).contacts).toHaveLength(2);
    // A write that the index file has not seen yet is replayed from the feed on the next start.
    await core.handlers['records.save']({
      doc: { type: 'patient', firstName: 'After', lastName: 'Snapshot' } as never,
    });
    await core.close();

    await writeFile(path.join(t.dir, 'index.sqlite'), 'not a database '.repeat(500));
    core = await open(t.dir);
    expect((await core.handlers['patients.search']({ query: '', offset: 0, limit: 1 })).total).toBe(52);
    await core.close();

    await rm(path.join(t.dir, 'index.sqlite'));
    core = await open(t.dir);
    expect((await core.handlers['patients.search']({ query: 'snapshot', offset: 0, limit: 5 })).total).toBe(1);
  });

  it('writes nothing on first run, so a new workstation has nothing the server would refuse', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    const { core, parts } = await openWithParts(t.dir);
    const db = parts.db;
    expect((await db.info()).doc_count).toBe(0);
    // Writes are the signed-in person's; nobody signed in, the workstation's placeholder.
    expect((await core.handlers['app.info']({})).userId).toBe(TEST_PERSON.username);
    await core.handlers['session.signOut']({});
    expect((await core.handlers['app.info']({})).userId).toBe('local');
  });

  it('flags a document from another client that fails its schema, keeps it, and clears the flag once fixed', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    const { core, parts } = await openWithParts(t.dir);
    const db = parts.db;
    const bad = {
      _id: 'c-odd',
      type: 'contact',
      patientId: 'p',
      openingDate: '2026-11-25',
      created: 1,
      modified: 1,
      author: 'other',
      device: 'other-client',
      futureField: 1,
    };
    const { rev } = await db.put(bad);
    let r = await core.handlers['records.invalid']({ limit: 10 });
    for (let i = 0; i < 50 && r.count === 0; i++) {
      await new Promise((res) => setTimeout(res, 20));
      r = await core.handlers['records.invalid']({ limit: 10 });
    }
    expect(r.items).toEqual([{ id: 'c-odd', type: 'contact', fields: { openingDate: expect.any(String) } }]);
    expect((await core.handlers['records.get']({ id: 'c-odd' })).doc.futureField).toBe(1);
    await core.handlers['records.save']({ doc: { ...bad, _rev: rev, openingDate: 20261125000000 } as never });
    expect((await core.handlers['records.invalid']({ limit: 10 })).count).toBe(0);
  });

  it('answers calls after close with a clear error instead of crashing', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    const core = await open(t.dir);
    await core.close();
    const r = await dispatch(core.handlers, 'records.get', { id: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('reserved ids', () => {
  it('refuses _local/, _design/ and other _ ids as a validation error, and saves nothing', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    const core = await open(t.dir);
    for (const id of ['_local/sneaky', '_design/rules', '_bogus']) {
      const r = await dispatch(core.handlers, 'records.save', {
        doc: { _id: id, type: 'patient', firstName: 'A', lastName: 'B' },
      });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid-input');
        expect(r.error.fields?._id).toMatch(/may not start with "_"/);
      }
    }
    const list = await core.handlers['patients.search']({ query: '', offset: 0, limit: 10 });
    expect(list.total).toBe(0);
  });
});
