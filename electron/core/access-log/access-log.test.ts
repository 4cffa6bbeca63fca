// The access log against real databases and the dev practice server: written only while someone
// is signed in, with who/what/patient/workstation; written offline and replicated to the server
// and another workstation; never changed or deleted (core and server); read per patient, newest
// first, paged, as the reader's role allows.
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDb, waitFor } from '../../testing/sync-kit';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { newPatient, sleep, station, until, type Station } from './kit.test-util';

const alice = { username: `alice-al-${process.pid}`, password: 'Alice-pw-1234' };
const bob = { username: `bob-al-${process.pid}`, password: 'Bob-pw-1234' };
const sam = { username: `sam-al-${process.pid}`, password: 'Sam-pw-1234' };
let server: PracticeServer;
let a: Station;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  await server.addMember(alice.username, alice.password, 'doctor');
  await server.addMember(bob.username, bob.password, 'nurse');
  await server.addMember(sam.username, sam.password, 'secretary');
  a = await station(server, alice);
  cleanup.push(() => a.close());
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'none' }),
    (e: unknown) => e as { code: string },
  );

describe('the access log', () => {
  it('writes nothing while nobody is signed in: nothing is answered then', async () => {
    const patientId = await newPatient(a, 'Nobody');
    await a.call('session.signOut', {});
    for (const p of [
      a.call('chart.open', { patientId }),
      a.call('records.get', { id: patientId }),
      a.call('records.history', { id: patientId }),
      a.call('accessLog.forPatient', { patientId, limit: 10 }),
    ])
      expect((await refusal(p)).code).toBe('unauthenticated');
    await sleep(400);
    expect(await a.logs()).toEqual([]);
    await a.call('session.signIn', alice);
  });

  it('signed in, opening a chart writes one access log: who, what, which patient, which workstation', async () => {
    const patientId = await newPatient(a, 'Opened');
    await a.call('session.signIn', alice);
    const before = Date.now();
    await a.call('chart.open', { patientId });
    const logs = await until(async () => ((await a.logs()).length ? a.logs() : undefined), 'the access log');
    expect(logs).toHaveLength(1);
    const info = await a.call('app.info', {});
    expect(logs[0]).toMatchObject({
      type: 'accessLog',
      accessType: 'USER_ACCESS',
      user: alice.username,
      author: alice.username,
      patientId,
      objectId: patientId,
      detail: 'chart.open',
      role: 'doctor',
      device: info.deviceId,
    });
    expect(logs[0]!.date).toBeGreaterThanOrEqual(before);
    const page = await a.call('accessLog.forPatient', { patientId, limit: 10 });
    expect(page.logging).toBe(true);
    expect(page.items).toEqual([
      expect.objectContaining({ person: alice.username, role: 'doctor', action: 'chart.open', thisWorkstation: true }),
    ]);
    expect(page.items[0]!.workstation).toBe(info.deviceId);
  });

  it('logs a record viewed, a history viewed and a merge screen opened, with the record and its patient', async () => {
    const patientId = await newPatient(a, 'Viewed');
    const he = await a.call('records.save', { doc: { type: 'healthElement', patientId, descr: 'Asthma' } });
    await a.call('records.get', { id: he.doc._id });
    await a.call('records.history', { id: he.doc._id });
    await a.call('conflicts.open', { id: he.doc._id }).catch(() => undefined); // no conflict: refused, not logged
    const page = await until(async () => {
      const p = await a.call('accessLog.forPatient', { patientId, limit: 10 });
      return p.items.length >= 2 ? p : undefined;
    }, 'two entries');
    expect(page.items.map((e) => [e.action, e.objectId])).toEqual([
      ['history.view', he.doc._id],
      ['record.view', he.doc._id],
    ]);
  });

  it('pages a patient’s entries newest first', async () => {
    const patientId = await newPatient(a, 'Paged');
    for (let i = 0; i < 5; i++) {
      await a.call('chart.open', { patientId });
      await sleep(3);
    }
    await a.parts.db.info(); // the batch is written within 200 ms
    await waitFor(
      async () => (await a.call('accessLog.forPatient', { patientId, limit: 10 })).items.length === 5,
      5000,
      'five',
    );
    const seen: number[] = [];
    const ids = new Set<string>();
    let before: string | undefined;
    const sizes: number[] = [];
    for (;;) {
      const page = await a.call('accessLog.forPatient', { patientId, limit: 2, ...(before ? { before } : {}) });
      sizes.push(page.items.length);
      for (const e of page.items) {
        seen.push(e.when);
        ids.add(e.id);
      }
      if (!page.next) break;
      before = page.next;
    }
    expect(sizes.filter((n) => n > 0)).toEqual([2, 2, 1]);
    expect(ids.size).toBe(5);
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
  });

  it('refuses to change or delete an access log, in the core and on the server', async () => {
    const [log] = await a.logs();
    const id = String(log!._id);
    const rev = String(log!._rev);
    expect((await refusal(a.call('records.close', { id, rev }))).code).toBe('forbidden');
    expect(
      (
        await refusal(
          a.call('records.save', { doc: { type: 'patient', _id: id, _rev: rev, firstName: 'X', lastName: 'Y' } }),
        )
      ).code,
    ).toBe('forbidden');
    expect((await refusal(a.call('conflicts.resolve', { id, revs: [rev, '1-x'], choices: {} }))).code).toBe(
      'forbidden',
    );
    expect((await a.parts.db.get(id))._rev).toBe(rev);
    // The server, with the author's own credential: an update and a deletion refused.
    await a.synced('the log on the server');
    const remote = new PouchDB(`${server.url}/${server.db}`, { auth: alice, skip_setup: true } as never);
    const onServer = await remote.get(id);
    // A real change (an identical re-send is a retried push, which the server lets pass).
    expect((await refusal(remote.put({ ...onServer, detail: 'tampered' }))) as unknown).toMatchObject({
      status: 403,
    });
    expect((await refusal(remote.remove(onServer))) as unknown).toMatchObject({ status: 403 });
    await remote.close();
  });

  it('is written offline and arrives on the server and on another workstation once back', async () => {
    const patientId = await newPatient(a, 'Offline');
    await a.synced('the patient up');
    await a.call('sync.pause', {});
    await a.call('chart.open', { patientId });
    const [local] = await until(async () => {
      const logs = (await a.logs()).filter((l) => l.patientId === patientId);
      return logs.length ? logs : undefined;
    }, 'written while offline');
    const admin = adminDb(server);
    await sleep(300);
    expect((await refusal(admin.get(String(local!._id)))) as unknown).toMatchObject({ status: 404 });
    await a.call('sync.resume', {});
    await waitFor(
      () =>
        admin.get(String(local!._id)).then(
          () => true,
          () => false,
        ),
      20_000,
      'on the server',
    );
    const b = await station(server, alice);
    cleanup.push(() => b.close());
    await waitFor(async () => (await b.logs()).some((l) => l._id === local!._id), 20_000, 'on workstation B');
    await b.call('session.signIn', alice);
    const page = await b.call('accessLog.forPatient', { patientId, limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({ id: local!._id, person: alice.username, thisWorkstation: false }),
    ]);
    expect((await b.call('accessLog.mine', { limit: 500 })).items.some((e) => e.id === local!._id)).toBe(true);
  });

  it('shows a nurse only her own entries; a doctor everyone’s', async () => {
    // Last: bob's entries cannot go up with alice's push credential (per-person push is to come).
    const patientId = await newPatient(a, 'Roles');
    await a.call('session.signIn', alice);
    await a.call('chart.open', { patientId });
    await a.call('session.signIn', bob);
    await a.call('chart.open', { patientId });
    await waitFor(
      async () => (await a.logs()).filter((l) => l.patientId === patientId).length === 2,
      5000,
      'two entries',
    );
    const asBob = await a.call('accessLog.forPatient', { patientId, limit: 10 });
    expect(asBob.items.map((e) => [e.person, e.role])).toEqual([[bob.username, 'nurse']]);
    const mine = await a.call('accessLog.mine', { limit: 50 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(new Set(mine.items.map((e) => e.person))).toEqual(new Set([bob.username]));
    await a.call('session.signIn', alice);
    const asAlice = await a.call('accessLog.forPatient', { patientId, limit: 10 });
    expect(asAlice.items.map((e) => e.person)).toEqual([bob.username, alice.username]);
    await a.call('session.signOut', {});
    expect((await refusal(a.call('accessLog.mine', { limit: 10 }))).code).toBe('unauthenticated');
  });

  it('does not log a read the role refused', async () => {
    await a.call('session.signIn', alice);
    const patientId = await newPatient(a, 'Refused');
    const he = await a.call('records.save', { doc: { type: 'healthElement', patientId, descr: 'Private' } });
    await a.call('session.signIn', sam);
    expect((await refusal(a.call('records.get', { id: he.doc._id }))).code).toBe('forbidden');
    await a.call('records.get', { id: patientId });
    const page = await until(async () => {
      const p = await a.call('accessLog.forPatient', { patientId, limit: 10 });
      return p.items.length ? p : undefined;
    }, 'the patient viewed');
    await sleep(300);
    expect(page.items.map((e) => [e.person, e.action, e.objectId])).toEqual([[sam.username, 'record.view', patientId]]);
    expect((await a.logs()).filter((l) => l.patientId === patientId)).toHaveLength(1);
  });
});
