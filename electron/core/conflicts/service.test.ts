// Conflicts on a real local database: revisions made with new_edits:false stand in for what
// replication brings; the sync suites make them for real across workstations.
import { openSignedIn } from '../../testing/people';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../../host/file-secrets';
import { tempDir } from '../../testing/temp';
import type { Core } from '../types';
import type { LocalDb } from '../store/open';

let core: Core;
let db: LocalDb;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const t = await tempDir();
  ({
    core,
    parts: { db },
  } = await openSignedIn({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) }));
  cleanup = async () => {
    await core.close();
    await t.remove();
  };
});
afterEach(() => cleanup());

const stamp = { created: 1, modified: 2, author: 'local', device: 'elsewhere' };
const base = {
  _id: 'p1',
  type: 'patient',
  firstName: 'Jean',
  lastName: 'Dupont',
  gender: 'male',
  languages: [],
  active: true,
  ...stamp,
};
const phone = (n: string) => [
  { id: 'a1', addressType: 'home', city: 'Gent', telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: n }] },
];

async function makeBranches(branches: Array<Record<string, unknown>>, ancestor: Record<string, unknown> = base) {
  await db.bulkDocs([{ ...ancestor, _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] } }] as never[], {
    new_edits: false,
  });
  await db.bulkDocs(
    branches.map((b, i) => ({
      ...ancestor,
      ...b,
      _id: ancestor._id,
      _rev: `2-${'bcd'[i]!.repeat(3)}`,
      _revisions: { start: 2, ids: ['bcd'[i]!.repeat(3), 'aaa'] },
    })) as never[],
    { new_edits: false },
  );
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in 2 s');
}

describe('conflicts', () => {
  it('lists a conflict, pre-selects one-sided changes, asks for the rest, and resolves in one go', async () => {
    const events: Array<{ count: number; newIds: string[] }> = [];
    core.onEvent((name, payload) => name === 'conflicts.changed' && events.push(payload as never));
    await makeBranches(
      [
        { addresses: phone('+32 470 11 11 11'), lastName: 'Dupont-A', device: 'ws-a', author: 'alice' },
        {
          addresses: phone('+32 470 00 00 00').map((a) => ({ ...a, city: 'Brugge' })),
          lastName: 'Dupont-B',
          device: 'ws-b',
          author: 'bob',
        },
      ],
      { ...base, addresses: phone('+32 470 00 00 00') },
    );
    const list = await until(
      () => core.handlers['conflicts.list']({}),
      (l) => l.count === 1,
    );
    expect(list.items[0]).toMatchObject({ id: 'p1', type: 'patient', title: expect.stringContaining('DUPONT') });
    expect(list.items[0]!.branches.map((b) => b.device).sort()).toEqual(['ws-a', 'ws-b']);
    expect(events.at(-1)).toMatchObject({ count: 1, newIds: ['p1'] });

    const opened = await core.handlers['conflicts.open']({ id: 'p1' });
    expect(opened.ancestorSource).toBe('revisions');
    const paths = JSON.stringify(opened.plan.fields.map((f) => f.path));
    expect(paths).toContain('lastName');
    const revs = opened.plan.branches.map((b) => b.rev);
    // lastName changed on both sides: no default, the save is refused until a choice is made.
    await expect(core.handlers['conflicts.resolve']({ id: 'p1', revs, choices: {} })).rejects.toMatchObject({
      code: 'validation',
    });
    const res = await core.handlers['conflicts.resolve']({
      id: 'p1',
      revs,
      choices: { lastName: { from: 'value', value: 'Dupont' } },
    });

    const merged = (await db.get('p1', { conflicts: true })) as Record<string, unknown>;
    expect(merged._rev).toBe(res.rev);
    expect(merged._conflicts).toBeUndefined();
    expect(merged.lastName).toBe('Dupont');
    const addr = (merged.addresses as Array<{ city: string; telecoms: Array<{ telecomNumber: string }> }>)[0]!;
    expect(addr.city).toBe('Brugge'); // one side's change kept
    expect(addr.telecoms[0]!.telecomNumber).toBe('+32 470 11 11 11'); // the other side's too
    await until(
      () => core.handlers['conflicts.list']({}),
      (l) => l.count === 0,
    );

    const history = await core.handlers['records.history']({ id: 'p1' });
    expect(history.resolutions).toHaveLength(1);
    const discarded = history.resolutions[0]!.doc.discarded as Array<{ lastName: string }>;
    expect(discarded.map((d) => d.lastName).sort()).toEqual(['Dupont-A', 'Dupont-B']);
    expect(history.revisions[0]!.rev).toBe(res.rev);
    expect(history.revisions[0]!.changes.map((c) => c.field)).toContain('lastName');
  });

  it('refuses a resolution when a branch arrived after the screen was opened', async () => {
    await makeBranches([{ lastName: 'A' }, { lastName: 'B' }]);
    const opened = await core.handlers['conflicts.open']({ id: 'p1' });
    await db.bulkDocs(
      [{ ...base, lastName: 'C', _rev: '2-eee', _revisions: { start: 2, ids: ['eee', 'aaa'] } }] as never[],
      { new_edits: false },
    );
    await expect(
      core.handlers['conflicts.resolve']({
        id: 'p1',
        revs: opened.plan.branches.map((b) => b.rev),
        choices: { lastName: { from: 'value', value: 'X' } },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('handles three branches', async () => {
    await makeBranches([{ lastName: 'A' }, { lastName: 'B' }, { firstName: 'Jan' }]);
    const opened = await core.handlers['conflicts.open']({ id: 'p1' });
    expect(opened.plan.branches).toHaveLength(3);
    const res = await core.handlers['conflicts.resolve']({
      id: 'p1',
      revs: opened.plan.branches.map((b) => b.rev),
      choices: { lastName: { from: 'branch', rev: '2-bbb' } },
    });
    const doc = (await db.get('p1', { conflicts: true })) as Record<string, unknown>;
    expect(doc).toMatchObject({ _rev: res.rev, lastName: 'A', firstName: 'Jan' });
    expect(doc._conflicts).toBeUndefined();
  });

  it('shows a deletion against an edit, and settles it for good once resolved', async () => {
    const he = {
      _id: 'h1',
      type: 'healthElement',
      healthElementId: 'h1',
      patientId: 'p1',
      descr: 'Asthma',
      relevant: true,
      ...stamp,
    };
    await db.bulkDocs([{ ...he, _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] } }] as never[], {
      new_edits: false,
    });
    await db.bulkDocs(
      [
        { ...he, descr: 'Asthma, severe', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'aaa'] } },
        { _id: 'h1', _deleted: true, _rev: '2-ccc', _revisions: { start: 2, ids: ['ccc', 'aaa'] } },
      ] as never[],
      { new_edits: false },
    );
    await until(
      () => core.handlers['conflicts.list']({}),
      (l) => l.count === 1,
    );
    // _conflicts leaves deleted leaves out; the record's badge must still show the conflict.
    expect((await core.handlers['records.get']({ id: 'h1' })).conflicts).toBe(1);
    const opened = await core.handlers['conflicts.open']({ id: 'h1' });
    expect(opened.plan.kind).toBe('delete-vs-edit');
    expect(opened.plan.branches.find((b) => b.deleted)?.rev).toBe('2-ccc');
    await core.handlers['conflicts.resolve']({
      id: 'h1',
      revs: opened.plan.branches.map((b) => b.rev),
      choices: { $record: { from: 'merge' } },
    });
    await until(
      () => core.handlers['conflicts.list']({}),
      (l) => l.count === 0,
    );
    expect(((await db.get('h1')) as Record<string, unknown>).descr).toBe('Asthma, severe');
    expect((await core.handlers['records.get']({ id: 'h1' })).conflicts).toBe(0);
  });

  it('drops a resolved conflict from the inbox at once, and never lists a settled tombstone as a branch', async () => {
    await makeBranches([{ lastName: 'A' }, { lastName: 'B' }]);
    await until(
      () => core.handlers['conflicts.list']({}),
      (l) => l.count === 1,
    );
    const opened = await core.handlers['conflicts.open']({ id: 'p1' });
    const res = await core.handlers['conflicts.resolve']({
      id: 'p1',
      revs: opened.plan.branches.map((b) => b.rev),
      choices: { lastName: { from: 'value', value: 'AB' } },
    });
    // No wait: the screen lists again right after saving.
    expect((await core.handlers['conflicts.list']({})).count).toBe(0);
    // Two edits of the merged revision made apart (another workstation resolved it too): the
    // loser's tombstone, settled by the resolution, is not a third branch.
    const [gen, hash] = res.rev.split('-') as [string, string];
    const next = Number(gen) + 1;
    await db.bulkDocs(
      ['fff', 'ggg'].map((h) => ({
        ...base,
        lastName: h,
        _rev: `${next}-${h}`,
        _revisions: { start: next, ids: [h, hash] },
      })) as never[],
      { new_edits: false },
    );
    const list = await until(
      () => core.handlers['conflicts.list']({}),
      (l) => l.count === 1,
    );
    expect(list.items[0]!.branches.map((b) => b.rev).sort()).toEqual([`${next}-fff`, `${next}-ggg`]);
    expect(list.items[0]!.branches.some((b) => b.deleted)).toBe(false);
  });

  it('keeps a base copy so that a compacted ancestor is not the end of the story', async () => {
    await db.bulkDocs([{ ...base, _rev: '1-aaa', _revisions: { start: 1, ids: ['aaa'] } }] as never[], {
      new_edits: false,
    });
    const current = await core.handlers['records.get']({ id: 'p1' });
    await core.handlers['records.save']({ doc: { ...(current.doc as object), firstName: 'Local' } as never });
    // Another branch arrives from elsewhere; then compaction drops the ancestor body.
    await db.bulkDocs(
      [{ ...base, lastName: 'Remote', _rev: '2-zzz', _revisions: { start: 2, ids: ['zzz', 'aaa'] } }] as never[],
      { new_edits: false },
    );
    await db.compact();
    const opened = await core.handlers['conflicts.open']({ id: 'p1' });
    expect(opened.ancestorSource).toBe('base-copy');
    const fields = opened.plan.fields.map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['firstName', 'lastName']));
    expect(opened.plan.fields.every((f) => f.status === 'one-side' || f.status === 'same-change')).toBe(true);
  });
});
