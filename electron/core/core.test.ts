// The core as the shell and the host use it: restart on the same data folder, index snapshots.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../host/file-secrets';
import { tempDir } from '../testing/temp';
import { createCore } from './core';
import { dispatch } from './dispatch';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function open(dir: string) {
  const core = await createCore({ dataDir: dir, host: 'browser', secrets: fileSecretStore(dir) });
  cleanup.push(() => core.close());
  return core;
}

describe('core', () => {
  it('keeps its workstation id, records and indexes across restarts, with or without a snapshot', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    let core = await open(t.dir);
    const info = await core.handlers['app.info']({});
    const p = await core.handlers['records.save']({ doc: { type: 'patient', firstName: 'Lore', lastName: 'Ipsum' } as never });
    await core.handlers['samples.load']({ patients: 50, contactsPerPatient: 2 });
    await core.close();

    core = await open(t.dir);
    expect((await core.handlers['app.info']({})).deviceId).toBe(info.deviceId);
    expect((await core.handlers['patients.search']({ query: 'ipsum', offset: 0, limit: 5 })).items[0]?.id).toBe(p.doc._id);
    expect((await core.handlers['patients.search']({ query: '', offset: 0, limit: 1 })).total).toBe(51);
    // A write that the snapshot has not seen yet is replayed from the feed on the next start.
    await core.handlers['records.save']({ doc: { type: 'patient', firstName: 'After', lastName: 'Snapshot' } as never });
    await core.close();

    await writeFile(path.join(t.dir, 'index-snapshot.json'), '{"version":1,"seq":0,"patients":[');
    core = await open(t.dir);
    expect((await core.handlers['patients.search']({ query: '', offset: 0, limit: 1 })).total).toBe(52);
    await core.close();

    await rm(path.join(t.dir, 'index-snapshot.json'));
    core = await open(t.dir);
    expect((await core.handlers['patients.search']({ query: 'snapshot', offset: 0, limit: 5 })).total).toBe(1);
  });

  it('creates the local user and healthcare party on first run', async () => {
    const t = await tempDir();
    cleanup.push(t.remove);
    const core = await open(t.dir);
    const users = await core.handlers['records.list']({ type: 'user', limit: 10 });
    const info = await core.handlers['app.info']({});
    expect(users.map((u) => u.doc.healthcarePartyId)).toEqual([info.healthcarePartyId]);
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
