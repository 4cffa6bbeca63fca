// Roles on the conflicts inbox, the merge screen and its merges, and the flagged (invalid) records;
// and nobody signed in: every answer as before roles. Conflicts are made with new_edits:false, as
// replication brings them (the sync suites make them for real).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../../shared/auth/roles';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { addPeople, chartOf, desk, type Desk, type People } from './roles-kit.test-util';

let server: PracticeServer;
let people: People;
let d: Desk;

beforeAll(async () => {
  server = await startPracticeServer();
  people = await addPeople(server);
  d = await desk(server, people.doctor);
}, 60_000);
afterAll(async () => {
  await d?.close();
  await server?.stop();
});

const stamp = { created: 1, modified: 2, author: 'someone', device: 'elsewhere' };
const patient = { _id: 'pc1', type: 'patient', firstName: 'Jean', lastName: 'Dupont', active: true, ...stamp };
const problem = {
  _id: 'hc1',
  type: 'healthElement',
  healthElementId: 'hc1',
  patientId: 'pc1',
  descr: 'Asthma',
  relevant: true,
  ...stamp,
};

/** Two branches on a common first revision: the second one (`2-ccc`) wins. */
async function branches(base: Record<string, unknown>, a: Record<string, unknown>, b: Record<string, unknown>) {
  const rev = (r: string, ids: string[]) => ({ _rev: r, _revisions: { start: ids.length, ids } });
  await d.parts.db.bulkDocs([{ ...base, ...rev('1-aaa', ['aaa']) }] as never[], { new_edits: false });
  await d.parts.db.bulkDocs(
    [
      { ...base, ...a, ...rev('2-bbb', ['bbb', 'aaa']) },
      { ...base, ...b, ...rev('2-ccc', ['ccc', 'aaa']) },
    ] as never[],
    { new_edits: false },
  );
}

async function inbox(count: number) {
  for (let i = 0; i < 100; i++) {
    const l = await d.ok('conflicts.list', {});
    if (l.count === count) return l;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the inbox never held ${count}`);
}

describe('a doctor', () => {
  beforeAll(() => d.signIn(people.doctor), 30_000);

  it('is answered everything: notes, contacts, health elements, conflicts, flagged records', async () => {
    const chart = await chartOf(d);
    expect(chart.patient.doc.note).toBe('secret: seen for depression');
    const opened = await d.ok('chart.open', { patientId: chart.patient.doc._id });
    expect(opened.contacts).toHaveLength(1);
    expect(opened.healthElements).toHaveLength(1);
    expect((await d.ok('records.get', { id: chart.contact.doc._id })).doc.services).toHaveLength(2);
    await branches({ ...patient, note: 'n-0' }, { lastName: 'A', note: 'n-A' }, { lastName: 'B', note: 'n-B' });
    await branches(problem, { closingDate: 20261201000000 }, { descr: 'Asthma, severe' });
    await d.parts.db.put({ _id: 'bad-contact', type: 'contact', services: [] });
    await d.parts.db.put({ _id: 'bad-patient', type: 'patient', firstName: 'Nomen', note: 42 } as never);
    expect((await inbox(2)).items.map((e) => e.id).sort()).toEqual(['hc1', 'pc1']);
    const plan = (await d.ok('conflicts.open', { id: 'pc1' })).plan;
    expect(plan.fields.map((f) => f.path)).toContain('note');
    const flagged = await d.ok('records.invalid', { limit: 100 });
    expect(flagged.items.map((e) => e.id).sort()).toEqual(['bad-contact', 'bad-patient']);
  });
});

describe('a secretary', () => {
  beforeAll(() => d.signIn(people.secretary), 30_000);

  it('sees only the conflicts and flagged records of what she may read, without hidden fields', async () => {
    const l = await d.ok('conflicts.list', {});
    expect(l).toMatchObject({ count: 1, items: [{ id: 'pc1' }] });
    expect(await d.refused('conflicts.open', { id: 'hc1' })).toMatchObject({ code: 'forbidden' });
    const flagged = await d.ok('records.invalid', { limit: 100 });
    expect(flagged).toEqual({ count: 1, items: [{ id: 'bad-patient', type: 'patient', fields: expect.any(Object) }] });
    expect(Object.keys(flagged.items[0]!.fields)).not.toContain('note');
  });

  it("merges a patient without seeing the notes: the winner's note is kept, the discarded ones stay hidden", async () => {
    const { plan } = await d.ok('conflicts.open', { id: 'pc1' });
    expect(plan.fields.map((f) => f.path)).not.toContain('note');
    expect(JSON.stringify(plan)).not.toMatch(/n-A|n-B|n-0/);
    const revs = plan.branches.map((b) => b.rev);
    await d.ok('conflicts.resolve', { id: 'pc1', revs, choices: { lastName: { from: 'value', value: 'Dupont-A' } } });
    expect(await d.parts.db.get('pc1')).toMatchObject({ lastName: 'Dupont-A', note: 'n-B' });
    const history = await d.ok('records.history', { id: 'pc1' });
    expect(history.resolutions).toHaveLength(1);
    expect(JSON.stringify(history)).not.toMatch(/n-A|n-B|n-0/);
  });

  it('is refused merging a health element, before anything is written', async () => {
    const revs = ['2-bbb', '2-ccc'];
    const choices = {
      closingDate: { from: 'branch' as const, rev: '2-ccc' },
      descr: { from: 'branch' as const, rev: '2-ccc' },
    };
    expect(await d.refused('conflicts.resolve', { id: 'hc1', revs, choices })).toMatchObject({
      code: 'forbidden',
      message: REASONS.notForRole('secretary', 'healthElement'),
    });
    expect((await d.parts.db.get('hc1', { conflicts: true }))._conflicts).toEqual(['2-bbb']);
  });
});

describe('a nurse and a doctor', () => {
  it('a nurse may not merge a problem into its closed branch; a doctor may', async () => {
    await d.signIn(people.nurse);
    const { plan } = await d.ok('conflicts.open', { id: 'hc1' });
    const revs = plan.branches.map((b) => b.rev);
    const choices = {
      closingDate: { from: 'branch' as const, rev: '2-bbb' },
      descr: { from: 'branch' as const, rev: '2-ccc' },
    };
    expect(await d.refused('conflicts.resolve', { id: 'hc1', revs, choices })).toMatchObject({
      code: 'forbidden',
      message: REASONS.closeProblem,
    });
    expect((await d.parts.db.get('hc1', { conflicts: true }))._conflicts).toEqual(['2-bbb']);
    await d.signIn(people.doctor);
    await d.ok('conflicts.resolve', { id: 'hc1', revs, choices });
    expect(await d.parts.db.get('hc1')).toMatchObject({ descr: 'Asthma, severe', closingDate: 20261201000000 });
  });
});
