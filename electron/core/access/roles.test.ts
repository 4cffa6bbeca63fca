// Roles enforced in the core's handlers for the person signed in (issue 11), on a real core
// (leveldb on disk) whose people sign in against the practice server (the dev server, or
// PRACTICE_SERVER_URL's CouchDB): a secretary never reads or writes contacts, services, health
// elements or a patient's note; a nurse records measures but neither closes a problem nor changes a
// medication; a doctor does everything; nobody signed in: everything as before roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordView } from '../../../shared/contract/contract';
import { REASONS } from '../../../shared/auth/roles';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { addPeople, chartOf, desk, measure, medication, password, type Desk, type People } from './roles-kit.test-util';

let server: PracticeServer;
let people: People;
let d: Desk;
let chart: { patient: RecordView; contact: RecordView; problem: RecordView };

beforeAll(async () => {
  server = await startPracticeServer();
  people = await addPeople(server);
  d = await desk(server, people.doctor);
  await d.signIn(people.doctor);
  chart = await chartOf(d);
}, 60_000);
afterAll(async () => {
  await d?.close();
  await server?.stop();
});

const ids = (views: readonly RecordView[]) => views.map((v) => v.doc._id);

describe('a secretary', () => {
  beforeAll(() => d.signIn(people.secretary), 30_000);

  it('is refused reading a contact and a health element, by id and through their history', async () => {
    for (const v of [chart.contact, chart.problem]) {
      const e = await d.refused('records.get', { id: v.doc._id });
      expect(e).toMatchObject({ code: 'forbidden' });
      expect(e.message).toMatch(/secretary may not read (contact|healthElement) records/);
      expect(await d.refused('records.history', { id: v.doc._id })).toMatchObject({ code: 'forbidden' });
    }
  });

  it('sees patients without their note: the record, the search, the chart (no clinical parts) and the history', async () => {
    const got = await d.ok('records.get', { id: chart.patient.doc._id });
    expect(got.doc.lastName).toBe(chart.patient.doc.lastName);
    expect(got.doc).not.toHaveProperty('note');
    const found = await d.ok('patients.search', { query: String(chart.patient.doc.lastName), offset: 0, limit: 10 });
    expect(found.items.map((p) => p.id)).toEqual([chart.patient.doc._id]);
    const opened = await d.ok('chart.open', { patientId: chart.patient.doc._id });
    expect(opened.patient.doc).not.toHaveProperty('note');
    expect(opened.contacts).toEqual([]);
    expect(opened.healthElements).toEqual([]);
    const history = await d.ok('records.history', { id: chart.patient.doc._id });
    const fields = history.revisions.flatMap((r) => r.changes.map((c) => c.field));
    expect(fields).toContain('lastName');
    expect(fields).not.toContain('note');
    expect(JSON.stringify(history)).not.toContain('depression');
  });

  it('is refused writing a contact or a health element, by every call; nothing is written', async () => {
    const patientId = chart.patient.doc._id;
    const contact = { type: 'contact' as const, patientId, openingDate: 20261203090000, services: [] };
    const reason = REASONS.notForRole('secretary', 'contact');
    expect(await d.refused('contacts.save', { doc: contact })).toEqual({ code: 'forbidden', message: reason });
    expect(await d.refused('records.save', { doc: contact })).toMatchObject({ code: 'forbidden', message: reason });
    const c = chart.contact.doc;
    expect(
      await d.refused('contacts.enterInError', { id: c._id, rev: c._rev, serviceId: 'w1', reason: 'typo' }),
    ).toMatchObject({ code: 'forbidden' });
    expect(await d.refused('records.close', { id: chart.problem.doc._id, rev: chart.problem.doc._rev })).toMatchObject({
      code: 'forbidden',
      message: REASONS.notForRole('secretary', 'healthElement'),
    });
    expect((await d.parts.db.get(c._id))._rev).toBe(c._rev);
    await d.signIn(people.doctor);
    const opened = await d.ok('chart.open', { patientId });
    expect(ids(opened.contacts)).toEqual([c._id]);
    await d.signIn(people.secretary);
  });

  it("edits demographics and the patient's note stays as the doctor wrote it", async () => {
    const p = await d.ok('records.get', { id: chart.patient.doc._id });
    const saved = await d.ok('patients.save', { doc: { ...p.doc, type: 'patient', firstName: 'Ilse-Marie' } as never });
    expect(saved.doc).not.toHaveProperty('note');
    // A note sent anyway is not hers to write: the stored one is kept.
    await d.ok('patients.save', { doc: { ...saved.doc, type: 'patient', note: 'overwritten' } as never });
    const stored = await d.parts.db.get(chart.patient.doc._id);
    expect(stored).toMatchObject({ firstName: 'Ilse-Marie', note: 'secret: seen for depression' });
    chart.patient = await d.ok('records.get', { id: chart.patient.doc._id });
  });

  it('keeps her role across a lock: locked, nothing is answered; unlocked, still a secretary', async () => {
    await d.ok('session.lock', {});
    expect(await d.refused('records.get', { id: chart.contact.doc._id })).toMatchObject({ code: 'unauthenticated' });
    await d.ok('session.unlock', { password: password(people.secretary) });
    expect(await d.refused('records.get', { id: chart.contact.doc._id })).toMatchObject({ code: 'forbidden' });
  });

  it('is refused by the practice server too: her contact written with her own credentials', async () => {
    const auth = 'Basic ' + Buffer.from(`${people.secretary}:${password(people.secretary)}`).toString('base64');
    const id = `contact-by-secretary-${process.pid}`;
    const res = await fetch(`${server.url}/${server.db}/${id}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'contact',
        patientId: chart.patient.doc._id,
        openingDate: 20261203090000,
        services: [],
        author: people.secretary,
      }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { reason: string }).reason).toBe(REASONS.notForRole('secretary', 'contact'));
  });
});

describe('a nurse', () => {
  beforeAll(() => d.signIn(people.nurse), 30_000);

  it('reads the whole chart and records a measure', async () => {
    const opened = await d.ok('chart.open', { patientId: chart.patient.doc._id });
    expect(ids(opened.contacts)).toEqual([chart.contact.doc._id]);
    expect(opened.patient.doc.note).toBe('secret: seen for depression');
    const saved = await d.ok('contacts.save', {
      doc: {
        type: 'contact',
        patientId: chart.patient.doc._id,
        openingDate: 20261203100000,
        services: [measure('w2', '29463-7', 71, 'kg')],
      },
    });
    expect(saved.doc.services).toHaveLength(1);
  });

  it('is refused closing a problem, by records.close and by a save', async () => {
    const p = chart.problem.doc;
    const why = { code: 'forbidden', message: REASONS.closeProblem };
    expect(await d.refused('records.close', { id: p._id, rev: p._rev })).toMatchObject(why);
    const closed = { ...p, type: 'healthElement', closingDate: 20261203000000 } as never;
    expect(await d.refused('records.save', { doc: closed })).toMatchObject(why);
  });

  it('is refused adding, changing or stopping a medication', async () => {
    const c = chart.contact.doc;
    const services = c.services as Array<Record<string, unknown>>;
    const why = { code: 'forbidden', message: REASONS.medication };
    const changed = services.map((s) => (s.id === 'm1' ? medication('m1', 'Sertraline 100 mg') : s));
    expect(
      await d.refused('contacts.save', { doc: { ...c, type: 'contact', services: changed } as never }),
    ).toMatchObject(why);
    // Stopping one by striking it out ("entered in error") is a change of the medication too.
    expect(await d.refused('contacts.enterInError', { id: c._id, rev: c._rev, serviceId: 'm1' })).toMatchObject(why);
    const added = {
      type: 'contact' as const,
      patientId: chart.patient.doc._id,
      openingDate: 20261203110000,
      services: [medication('m9', 'Ibuprofen')],
    };
    expect(await d.refused('contacts.save', { doc: added })).toMatchObject(why);
    expect((await d.parts.db.get(c._id))._rev).toBe(c._rev);
  });
});

describe('a doctor', () => {
  beforeAll(() => d.signIn(people.doctor), 30_000);

  it('changes a medication and closes a problem', async () => {
    const c = chart.contact.doc;
    const services = (c.services as Array<Record<string, unknown>>).map((s) =>
      s.id === 'm1' ? medication('m1', 'Sertraline 100 mg') : s,
    );
    const saved = await d.ok('contacts.save', { doc: { ...c, type: 'contact', services } as never });
    expect(JSON.stringify(saved.doc.services)).toContain('100 mg');
    const p = chart.problem.doc;
    expect((await d.ok('records.close', { id: p._id, rev: p._rev })).doc.closingDate).toEqual(expect.any(Number));
  });
});
