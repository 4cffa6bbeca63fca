// Conflicts made for real: workstations (cores on their own data folders) edit while their
// network is cut by their fault proxy, sync through the practice server, show the conflict, and
// a resolution made on one reaches all. Every scenario ends by checking that each document has
// the same revision tree and winning revision on the server and on every workstation.
// Runs against the dev practice server, or an external CouchDB when PRACTICE_SERVER_URL is set.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { previewMerge, unresolved, type MergePlan } from '../../../shared/conflicts';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import {
  converged,
  cut,
  freshPractice,
  reconnect,
  serverReader,
  startStation,
  until,
  type Practice,
  type ServerReader,
  type Station,
} from '../../testing/scenario-kit';

let server: PracticeServer;
let practice: Practice | undefined;
let srv: ServerReader;
let running: Station[] = [];

beforeAll(async () => {
  server = await startPracticeServer({ db: 'conflict-scenarios' });
}, 60_000);
afterEach(async () => {
  // Each scenario's workstations and practice database go with it.
  for (const s of running.reverse()) await s.close();
  running = [];
  await practice?.drop();
  practice = undefined;
});
afterAll(async () => {
  await server?.stop();
});

/** A new practice database and these workstations on it, connected and up to date. */
async function stations<N extends string[]>(...names: N): Promise<{ [K in keyof N]: Station }> {
  practice = await freshPractice(server, 'conflicts');
  srv = serverReader(practice);
  const started = await Promise.allSettled(names.map((n) => startStation(practice!, n)));
  // The ones that did start are closed after the test even if another failed.
  for (const r of started) if (r.status === 'fulfilled') running.push(r.value);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return running.slice(-names.length) as { [K in keyof N]: Station };
}

const addressOf = (street: string, postalCode: string, city: string, phone: string) => [
  {
    id: 'a1',
    addressType: 'home' as const,
    street,
    houseNumber: '12',
    postalCode,
    city,
    country: 'BE',
    telecoms: [{ id: 't1', telecomType: 'mobile' as const, telecomNumber: phone }],
  },
];

async function newPatient(s: Station, lastName: string): Promise<string> {
  const saved = await s.h['records.save']({
    doc: {
      type: 'patient',
      firstName: 'Marie',
      lastName,
      gender: 'female',
      addresses: addressOf('Rue Ancienne', '5000', 'Namur', '+32 470 00 00 00'),
    } as never,
  });
  return saved.doc._id;
}

/** Edit the record as stored on this workstation. */
async function edit(
  s: Station,
  id: string,
  change: (doc: Record<string, unknown>) => Record<string, unknown>,
): Promise<string> {
  const current = (await s.h['records.get']({ id })).doc as Record<string, unknown>;
  const saved = await s.h['records.save']({ doc: change(structuredClone(current)) as never });
  return saved.doc._rev;
}

const conflictCount = (s: Station, n: number) =>
  until(
    `${s.name} shows ${n} conflict(s)`,
    () => s.h['conflicts.list']({}),
    (l) => l.count === n,
  );
const liveLeaves = (t: { leaves: Array<{ deleted: boolean }> } | undefined) =>
  t?.leaves.filter((l) => !l.deleted).length;
const revOf = (plan: MergePlan, device: string) => plan.branches.find((b) => b.device === device)!.rev;

describe('conflicts across workstations', () => {
  it('phone on A, address on B, last name on both: one conflict everywhere, resolved on A, one merged revision on all three', async () => {
    const [a, b] = await stations('a', 'b');
    const id = await newPatient(a, 'Conflictus');
    await converged(srv, [a, b], [id]);

    await cut(a, b);
    await edit(a, id, (d) => ({
      ...d,
      lastName: 'Conflictus-Alpha',
      addresses: addressOf('Rue Ancienne', '5000', 'Namur', '+32 470 11 11 11'),
    }));
    await edit(b, id, (d) => ({
      ...d,
      lastName: 'Conflictus-Beta',
      addresses: addressOf('Boulevard Neuf', '4000', 'Liège', '+32 470 00 00 00'),
    }));
    const newOnB: string[] = [];
    b.core.onEvent((name, payload) => {
      if (name === 'conflicts.changed') newOnB.push(...(payload as { newIds: string[] }).newIds);
    });
    await reconnect(a, b);
    const before = await converged(srv, [a, b], [id]);
    expect(liveLeaves(before.get(id))).toBe(2);

    for (const s of [a, b]) {
      const list = await conflictCount(s, 1);
      expect(list.items[0]).toMatchObject({
        id,
        type: 'patient',
        patientId: id,
        title: expect.stringContaining('CONFLICTUS'),
      });
      expect(list.items[0]!.branches.map((x) => x.device).sort()).toEqual([a.deviceId, b.deviceId].sort());
      expect(list.items[0]!.branches.map((x) => x.author).sort()).toEqual([a.user, b.user].sort());
    }
    expect(newOnB).toContain(id);

    // The merge screen's data, on both: the one-sided changes pre-selected, the last name asked.
    for (const s of [a, b]) {
      const { plan, ancestorSource } = await s.h['conflicts.open']({ id });
      expect(ancestorSource).toBe('revisions');
      expect(unresolved(plan, {})).toEqual(['lastName']);
      const lastName = plan.fields.find((f) => f.path === 'lastName')!;
      expect(lastName).toMatchObject({ status: 'both-changed' });
      expect(lastName.default).toBeUndefined();
      expect(() => previewMerge(plan, {})).not.toThrow();
      expect(previewMerge(plan, {}).canSave).toBe(false);
    }

    const { plan } = await a.h['conflicts.open']({ id });
    // The defaults alone already carry A's phone and B's address.
    expect(previewMerge(plan, {}).body.addresses).toEqual(
      addressOf('Boulevard Neuf', '4000', 'Liège', '+32 470 11 11 11'),
    );
    const chosen = { lastName: { from: 'branch' as const, rev: revOf(plan, b.deviceId) } };
    const preview = previewMerge(plan, chosen);
    expect(preview.canSave).toBe(true);
    const res = await a.h['conflicts.resolve']({ id, revs: plan.branches.map((x) => x.rev), choices: chosen });
    expect((await a.h['conflicts.list']({})).count).toBe(0);

    const after = await converged(srv, [a, b], [id, res.resolutionId]);
    const tree = after.get(id)!;
    expect(tree.winner).toBe(res.rev);
    expect(liveLeaves(tree)).toBe(1);
    await conflictCount(b, 0);
    expect((await a.h['conflicts.list']({})).count).toBe(0);
    const onServer = await srv.get(id, '?conflicts=true');
    expect(onServer._conflicts).toBeUndefined();
    const bodies = [onServer, (await a.h['records.get']({ id })).doc, (await b.h['records.get']({ id })).doc] as Array<
      Record<string, unknown>
    >;
    for (const body of bodies) {
      expect(body).toMatchObject({ _rev: res.rev, lastName: 'Conflictus-Beta', author: a.user, device: a.deviceId });
      expect(body.addresses).toEqual(addressOf('Boulevard Neuf', '4000', 'Liège', '+32 470 11 11 11'));
    }
    // What the merge replaced is kept whole, on B too.
    const history = await b.h['records.history']({ id });
    expect(history.resolutions).toHaveLength(1);
    const discarded = history.resolutions[0]!.doc.discarded as Array<{ lastName: string }>;
    expect(discarded.map((d) => d.lastName).sort()).toEqual(['Conflictus-Alpha', 'Conflictus-Beta']);
  }, 90_000);

  it('three workstations edit apart: one conflict of three branches, resolved on the third', async () => {
    const [a, b, c] = await stations('a', 'b', 'c');
    const id = await newPatient(a, 'Tripartite');
    await converged(srv, [a, b, c], [id]);

    await cut(a, b, c);
    await edit(a, id, (d) => ({ ...d, firstName: 'Marie-Anne' }));
    await edit(b, id, (d) => ({ ...d, lastName: 'Tripartite-B' }));
    await edit(c, id, (d) => ({ ...d, lastName: 'Tripartite-C', note: 'allergic to penicillin' }));
    await reconnect(a, b, c);
    const before = await converged(srv, [a, b, c], [id]);
    expect(liveLeaves(before.get(id))).toBe(3);
    for (const s of [a, b, c]) {
      const list = await conflictCount(s, 1);
      expect(list.items[0]!.branches).toHaveLength(3);
    }

    const { plan } = await c.h['conflicts.open']({ id });
    expect(plan.branches).toHaveLength(3);
    expect(plan.kind).toBe('edit');
    expect(unresolved(plan, {})).toEqual(['lastName']);
    const res = await c.h['conflicts.resolve']({
      id,
      revs: plan.branches.map((x) => x.rev),
      choices: { lastName: { from: 'value', value: 'Tripartite' } },
    });

    const after = await converged(srv, [a, b, c], [id, res.resolutionId]);
    expect(after.get(id)!.winner).toBe(res.rev);
    expect(liveLeaves(after.get(id))).toBe(1);
    for (const s of [a, b, c]) {
      await conflictCount(s, 0);
      expect((await s.h['records.get']({ id })).doc).toMatchObject({
        _rev: res.rev,
        firstName: 'Marie-Anne',
        lastName: 'Tripartite',
        note: 'allergic to penicillin',
      });
    }
  }, 90_000);

  it('a health element closed on A while B edits it: shown as delete-versus-edit, settled everywhere', async () => {
    const [a, b] = await stations('a', 'b');
    const patientId = await newPatient(a, 'Closure');
    const he = await a.h['records.save']({
      doc: { type: 'healthElement', patientId, descr: 'Asthma', openingDate: 20240105000000 } as never,
    });
    const id = he.doc._id;
    await converged(srv, [a, b], [patientId, id]);

    await cut(a, b);
    const closed = await a.h['records.close']({ id, rev: he.doc._rev, closingDate: 20250301000000 });
    await edit(b, id, (d) => ({ ...d, descr: 'Asthma, severe', note: 'night symptoms' }));
    await reconnect(a, b);
    await converged(srv, [a, b], [id]);
    for (const s of [a, b]) {
      const list = await conflictCount(s, 1);
      expect(list.items[0]).toMatchObject({ id, type: 'healthElement', patientId });
    }

    const { plan } = await b.h['conflicts.open']({ id });
    expect(plan.kind).toBe('delete-vs-edit');
    expect(plan.deletions).toEqual([{ rev: closed.doc._rev, how: 'closingDate' }]);
    const closing = plan.fields.find((f) => f.path === 'closingDate')!;
    expect(closing.confirm).toBe(true); // pre-filled, but a close is to be looked at
    // Both sides' changes pass by default: the record closes and keeps B's words.
    expect(unresolved(plan, {})).toEqual([]);
    const res = await b.h['conflicts.resolve']({ id, revs: plan.branches.map((x) => x.rev), choices: {} });
    const after = await converged(srv, [a, b], [id, res.resolutionId]);
    expect(after.get(id)!.winner).toBe(res.rev);
    for (const s of [a, b]) {
      await conflictCount(s, 0);
      expect((await s.h['records.get']({ id })).doc).toMatchObject({
        closingDate: 20250301000000,
        descr: 'Asthma, severe',
        note: 'night symptoms',
      });
    }
  }, 90_000);

  it('a health element deleted on the server (as admin) while A edits it: the edit wins silently in CouchDB, the workstations show it', async () => {
    const [a, b] = await stations('a', 'b');
    const patientId = await newPatient(a, 'Tombstone');
    const he = await a.h['records.save']({ doc: { type: 'healthElement', patientId, descr: 'Hypertension' } as never });
    const id = he.doc._id;
    await converged(srv, [a, b], [patientId, id]);

    await cut(a);
    await edit(a, id, (d) => ({ ...d, descr: 'Hypertension, treated' }));
    const del = await srv.request(`/${encodeURIComponent(id)}?rev=${encodeURIComponent(he.doc._rev)}`, {
      method: 'DELETE',
    });
    expect(del.status).toBeLessThan(300);
    const deletedRev = (del.json as { rev: string }).rev;
    // B sees the record go away before A comes back.
    await until(
      'B sees the deletion',
      () =>
        b.h['records.get']({ id }).then(
          () => false,
          (e: { code?: string }) => e.code === 'not-found',
        ),
      (gone) => gone,
    );
    await reconnect(a);
    const before = await converged(srv, [a, b], [id]);
    expect(
      before
        .get(id)!
        .leaves.map((l) => l.deleted)
        .sort(),
    ).toEqual([false, true]);
    expect(before.get(id)!.leaves.find((l) => l.deleted)!.rev).toBe(deletedRev);

    for (const s of [a, b]) {
      const list = await conflictCount(s, 1);
      expect(list.items[0]!.branches.find((x) => x.deleted)?.rev).toBe(deletedRev);
    }
    const { plan } = await b.h['conflicts.open']({ id });
    expect(plan.kind).toBe('delete-vs-edit');
    expect(plan.record?.deletedBy).toEqual([deletedRev]);
    expect(unresolved(plan, {})).toContain('$record'); // keep or delete: the person says
    const res = await b.h['conflicts.resolve']({
      id,
      revs: plan.branches.map((x) => x.rev),
      choices: { $record: { from: 'merge' } },
    });

    const after = await converged(srv, [a, b], [id, res.resolutionId]);
    expect(after.get(id)!.winner).toBe(res.rev);
    for (const s of [a, b]) {
      await conflictCount(s, 0);
      expect((await s.h['records.get']({ id })).doc).toMatchObject({ _rev: res.rev, descr: 'Hypertension, treated' });
      const history = await s.h['records.history']({ id });
      expect(
        (history.resolutions[0]!.doc.discarded as Array<{ _rev: string; _deleted?: boolean }>).find((d) => d._deleted)
          ?._rev,
      ).toBe(deletedRev);
    }
  }, 90_000);

  it('the same conflict resolved differently on A and B while apart: a new conflict, shown again on both, nothing lost', async () => {
    const [a, b] = await stations('a', 'b');
    const id = await newPatient(a, 'Twice');
    await converged(srv, [a, b], [id]);
    await cut(a, b);
    await edit(a, id, (d) => ({ ...d, lastName: 'Twice-A' }));
    await edit(b, id, (d) => ({ ...d, lastName: 'Twice-B' }));
    await reconnect(a, b);
    await converged(srv, [a, b], [id]);
    await conflictCount(a, 1);
    await conflictCount(b, 1);

    await cut(a, b);
    const resolutions: Array<{ rev: string; resolutionId: string }> = [];
    for (const [s, name] of [
      [a, 'Resolved-By-A'],
      [b, 'Resolved-By-B'],
    ] as const) {
      const { plan } = await s.h['conflicts.open']({ id });
      resolutions.push(
        await s.h['conflicts.resolve']({
          id,
          revs: plan.branches.map((x) => x.rev),
          choices: { lastName: { from: 'value', value: name } },
        }),
      );
      expect((await s.h['conflicts.list']({})).count).toBe(0);
    }
    await reconnect(a, b);
    const trees = await converged(srv, [a, b], [id, ...resolutions.map((r) => r.resolutionId)]);
    expect(
      trees
        .get(id)!
        .leaves.filter((l) => !l.deleted)
        .map((l) => l.rev)
        .sort(),
    ).toEqual(resolutions.map((r) => r.rev).sort());

    for (const s of [a, b]) {
      const list = await conflictCount(s, 1);
      expect(list.items[0]!.branches.map((x) => x.rev).sort()).toEqual(resolutions.map((r) => r.rev).sort());
      const { plan } = await s.h['conflicts.open']({ id });
      expect(unresolved(plan, {})).toEqual(['lastName']);
      expect(Object.values(plan.fields.find((f) => f.path === 'lastName')!.values).sort()).toEqual([
        'Resolved-By-A',
        'Resolved-By-B',
      ]);
      // Both resolutions, with every body each one replaced, are on both workstations.
      const history = await s.h['records.history']({ id });
      expect(history.resolutions.map((r) => r.doc._id).sort()).toEqual(resolutions.map((r) => r.resolutionId).sort());
      for (const r of history.resolutions) {
        expect((r.doc.discarded as Array<{ lastName: string }>).map((d) => d.lastName).sort()).toEqual([
          'Twice-A',
          'Twice-B',
        ]);
      }
    }

    // Settled once more, on B this time: one revision everywhere.
    const { plan } = await b.h['conflicts.open']({ id });
    const res = await b.h['conflicts.resolve']({
      id,
      revs: plan.branches.map((x) => x.rev),
      choices: { lastName: { from: 'branch', rev: resolutions[0]!.rev } },
    });
    const after = await converged(srv, [a, b], [id, res.resolutionId]);
    expect(after.get(id)!.winner).toBe(res.rev);
    expect(liveLeaves(after.get(id))).toBe(1);
    for (const s of [a, b]) {
      await conflictCount(s, 0);
      expect((await s.h['records.get']({ id })).doc.lastName).toBe('Resolved-By-A');
      expect((await s.h['records.history']({ id })).resolutions).toHaveLength(3);
    }
  }, 90_000);

  it('services added on both sides to the same contact both survive the default merge', async () => {
    const [a, b] = await stations('a', 'b');
    const patientId = await newPatient(a, 'Services');
    const service = (sid: string, text: string) => ({
      id: sid,
      label: 'Note',
      valueDate: 20250301100000,
      content: { fr: { stringValue: text } },
    });
    const contact = await a.h['records.save']({
      doc: {
        type: 'contact',
        patientId,
        openingDate: 20250301100000,
        descr: 'Consultation',
        services: [service('s0', 'initial')],
      } as never,
    });
    const id = contact.doc._id;
    await converged(srv, [a, b], [patientId, id]);

    await cut(a, b);
    await edit(a, id, (d) => ({
      ...d,
      services: [...(d.services as unknown[]), service('s-a', 'blood pressure 13/8')],
    }));
    await edit(b, id, (d) => ({
      ...d,
      services: [...(d.services as unknown[]), { ...service('s-b', 'allergy: penicillin'), label: 'Allergy' }],
    }));
    await reconnect(a, b);
    await converged(srv, [a, b], [id]);
    await conflictCount(a, 1);
    await conflictCount(b, 1);

    const { plan } = await a.h['conflicts.open']({ id });
    expect(unresolved(plan, {})).toEqual([]);
    const res = await a.h['conflicts.resolve']({ id, revs: plan.branches.map((x) => x.rev), choices: {} });
    const after = await converged(srv, [a, b], [id, res.resolutionId]);
    expect(after.get(id)!.winner).toBe(res.rev);
    const onServer = await srv.get(id);
    for (const doc of [
      onServer,
      (await a.h['records.get']({ id })).doc,
      (await b.h['records.get']({ id })).doc,
    ] as Array<Record<string, unknown>>) {
      expect((doc.services as Array<{ id: string }>).map((s) => s.id).sort()).toEqual(['s-a', 's-b', 's0']);
    }
    await conflictCount(b, 0);
  }, 90_000);
});
