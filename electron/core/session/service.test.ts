// Personal sign-in on a real practice server (the dev server, or PRACTICE_SERVER_URL's CouchDB):
// first online, then offline; wrong passwords and the growing wait; lock and unlock; two people in
// turn; a password changed on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy } from '../../testing/fault-proxy';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { refusal, workstation, type Workstation } from './session-kit.test-util';

let server: PracticeServer;
const cleanup: Array<() => Promise<void>> = [];
const user = (n: string) => `${n}-${process.pid}`;

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  for (const n of ['alice', 'bob', 'carol', 'dave', 'erin']) await server.addMember(user(n), `${n}-pw`);
  await server.addNonMember(user('eve'), 'eve-pw');
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function ws(): Promise<Workstation> {
  const w = await workstation(() => server);
  cleanup.push(w.remove);
  return w;
}

describe('personal sign-in', () => {
  it('a person never signed in here cannot sign in offline: the first sign-in needs the server', async () => {
    const w = await ws();
    w.net.offline = true;
    expect(await refusal(w.service.signIn(user('alice'), 'alice-pw'))).toMatchObject({ code: 'needs-server' });
    expect(w.service.state()).toEqual({ state: 'signed-out' });
    w.net.offline = false;
    const s = await w.service.signIn(user('alice'), 'alice-pw');
    expect(s).toEqual({ state: 'signed-in', username: user('alice'), role: 'doctor', since: w.clock.now });
  });

  it('refuses an account of the server that is not a member of the practice', async () => {
    const w = await ws();
    expect(await refusal(w.service.signIn(user('eve'), 'eve-pw'))).toMatchObject({ code: 'forbidden' });
    expect(w.service.state().state).toBe('signed-out');
  });

  it('wrong password: attempts left, then a wait that grows after 5 failures; a success resets it', async () => {
    const w = await ws();
    const carol = user('carol');
    await w.service.signIn(carol, 'carol-pw');
    w.service.signOut();
    const lefts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await refusal(w.service.signIn(carol, `guess-${i}`));
      expect(e.code).toBe('wrong-password');
      lefts.push(e.attempts!.left);
    }
    expect(lefts).toEqual([4, 3, 2, 1]);
    expect(await refusal(w.service.signIn(carol, 'guess-5'))).toMatchObject({
      code: 'wrong-password',
      attempts: { left: 0, waitMs: 30_000 },
    });
    // During the wait even the right password is not checked.
    expect(await refusal(w.service.signIn(carol, 'carol-pw'))).toMatchObject({
      code: 'too-many-attempts',
      attempts: { left: 0, waitMs: 30_000 },
    });
    w.clock.now += 10_000;
    expect((await refusal(w.service.signIn(carol, 'carol-pw'))).attempts).toEqual({ left: 0, waitMs: 20_000 });
    // The count is kept across a restart of the workstation.
    const restarted = w.restart();
    w.clock.now += 20_000;
    expect((await refusal(restarted.signIn(carol, 'guess-6'))).attempts).toEqual({ left: 0, waitMs: 60_000 });
    w.clock.now += 60_000;
    expect((await refusal(restarted.signIn(carol, 'guess-7'))).attempts).toEqual({ left: 0, waitMs: 120_000 });
    w.clock.now += 120_000;
    expect(await restarted.signIn(carol, 'carol-pw')).toMatchObject({ state: 'signed-in', username: carol });
    expect((await refusal(restarted.signIn(carol, 'guess-8'))).attempts).toEqual({ left: 4, waitMs: 0 });
    // Counted per person: carol's failures do not touch alice.
    expect(await restarted.signIn(user('alice'), 'alice-pw')).toMatchObject({ state: 'signed-in' });
  });

  it('lock keeps who; unlock with the wrong password stays locked, with the right one opens', async () => {
    const w = await ws();
    const dave = user('dave');
    const since = w.clock.now;
    await w.service.signIn(dave, 'dave-pw');
    w.clock.now += 60_000;
    expect(w.service.lock()).toEqual({ state: 'locked', username: dave });
    expect(await refusal(w.service.unlock('nope'))).toMatchObject({ code: 'wrong-password', attempts: { left: 4 } });
    expect(w.service.state()).toEqual({ state: 'locked', username: dave });
    // Unlocking is checked on the workstation: it works with the network gone.
    w.net.offline = true;
    expect(await w.service.unlock('dave-pw')).toEqual({ state: 'signed-in', username: dave, role: 'doctor', since });
    w.service.signOut();
    expect(await refusal(w.service.unlock('dave-pw'))).toMatchObject({ code: 'unauthenticated' });
  });

  it('alice then bob then alice on one workstation (switch user), offline for the second round', async () => {
    const w = await ws();
    const [alice, bob] = [user('alice'), user('bob')];
    expect(await w.service.signIn(alice, 'alice-pw')).toMatchObject({ state: 'signed-in', username: alice });
    w.service.lock();
    // Switch user from the lock screen: bob signs in, alice's session is gone.
    expect(await w.service.signIn(bob, 'bob-pw')).toMatchObject({ state: 'signed-in', username: bob });
    expect(await refusal(w.service.signIn(alice, 'bob-pw'))).toMatchObject({ code: 'wrong-password' });
    expect(w.service.state()).toEqual({ state: 'signed-out' });
    w.net.offline = true;
    expect(await w.service.signIn(alice, 'alice-pw')).toMatchObject({ state: 'signed-in', username: alice });
    expect(await w.service.signIn(bob, 'bob-pw')).toMatchObject({ state: 'signed-in', username: bob });
    expect(await refusal(w.service.signIn(bob, 'alice-pw'))).toMatchObject({ code: 'wrong-password' });
  });

  it('a password changed on the server: accepted offline, refused once the server answers, then the new one', async () => {
    const w = await ws();
    const erin = user('erin');
    await w.service.signIn(erin, 'erin-pw');
    await server.addMember(erin, 'erin-new-pw');
    w.net.offline = true;
    expect(await w.service.signIn(erin, 'erin-pw')).toMatchObject({ state: 'signed-in', username: erin });
    // Offline the new password is not known here yet.
    expect(await refusal(w.service.signIn(erin, 'erin-new-pw'))).toMatchObject({ code: 'wrong-password' });
    w.net.offline = false;
    expect(await refusal(w.service.signIn(erin, 'erin-pw'))).toMatchObject({ code: 'password-changed' });
    // Known now: the old password no longer opens a session, even offline.
    w.net.offline = true;
    expect(await refusal(w.service.signIn(erin, 'erin-pw'))).toMatchObject({ code: 'password-changed' });
    w.net.offline = false;
    expect(await w.service.signIn(erin, 'erin-new-pw')).toMatchObject({ state: 'signed-in', username: erin });
    w.net.offline = true;
    expect(await w.service.signIn(erin, 'erin-new-pw')).toMatchObject({ state: 'signed-in', username: erin });
    expect(await refusal(w.service.signIn(erin, 'erin-pw'))).toMatchObject({ code: 'wrong-password' });
  });

  it('a session opened offline locks when the server refuses the password later; the new one unlocks', async () => {
    const w = await ws();
    const dave = user('dave');
    await w.service.signIn(dave, 'dave-pw');
    await server.addMember(dave, 'dave-new-pw');
    w.net.offline = true;
    const open = await w.service.signIn(dave, 'dave-pw');
    expect(open).toMatchObject({ state: 'signed-in', username: dave });
    // Someone else's refusal leaves dave's session alone.
    expect(await w.service.serverRefused(user('alice'))).toEqual(open);
    expect(await w.service.serverRefused(dave)).toEqual({ state: 'locked', username: dave });
    expect(await refusal(w.service.unlock('dave-pw'))).toMatchObject({ code: 'password-changed' });
    w.net.offline = false;
    expect(await refusal(w.service.unlock('dave-pw'))).toMatchObject({ code: 'password-changed' });
    expect(await w.service.unlock('dave-new-pw')).toMatchObject({ state: 'signed-in', username: dave });
    await server.addMember(dave, 'dave-pw');
  });

  it('serializes attempts: parallel wrong passwords are all counted', async () => {
    const w = await ws();
    const bob = user('bob');
    await w.service.signIn(bob, 'bob-pw');
    w.net.offline = true;
    const all = await Promise.all(Array.from({ length: 7 }, (_, i) => refusal(w.service.signIn(bob, `x${i}`))));
    expect(all.map((e) => e.code)).toEqual([
      ...Array(5).fill('wrong-password'),
      'too-many-attempts',
      'too-many-attempts',
    ]);
  });
});

describe('a server that does not answer', () => {
  it('a known person signs in on the workstation after a short wait (never locked out offline)', async () => {
    const target = new URL(server.url);
    const proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
    cleanup.push(() => proxy.stop());
    const w = await workstation(
      () => server,
      () => proxy.url,
    );
    cleanup.push(w.remove);
    const alice = user('alice');
    await w.service.signIn(alice, 'alice-pw');
    await proxy.setMode('blackhole');
    const started = Date.now();
    expect(await w.service.signIn(alice, 'alice-pw')).toMatchObject({ state: 'signed-in', username: alice });
    expect(Date.now() - started).toBeLessThan(6000);
    // A server in trouble (an error page for every request) is no server either.
    await proxy.setMode('answer', { status: 500, count: 1000 });
    expect(await w.service.signIn(alice, 'alice-pw')).toMatchObject({ state: 'signed-in', username: alice });
    expect(await refusal(w.service.signIn(alice, 'nope'))).toMatchObject({ code: 'wrong-password' });
    // A first sign-in cannot be decided without the server.
    expect(await refusal(w.service.signIn(user('bob'), 'bob-pw'))).toMatchObject({ code: 'needs-server' });
  }, 60_000);
});

describe('offline with the server stopped', () => {
  it('signs in online, then offline once the server is gone', async () => {
    const own = await startPracticeServer({ db: 'practice-offline' });
    let stopped = false;
    cleanup.push(() => (stopped ? Promise.resolve() : own.stop()));
    await own.addMember(user('fay'), 'fay-pw');
    const w = await workstation(() => own);
    cleanup.push(w.remove);
    expect(await w.service.signIn(user('fay'), 'fay-pw')).toMatchObject({ state: 'signed-in' });
    w.service.signOut();
    await own.stop();
    stopped = true;
    const started = Date.now();
    expect(await w.service.signIn(user('fay'), 'fay-pw')).toMatchObject({ state: 'signed-in', username: user('fay') });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await refusal(w.service.signIn(user('fay'), 'not-fay'))).toMatchObject({ code: 'wrong-password' });
    expect(await refusal(w.service.signIn(user('gus'), 'gus-pw'))).toMatchObject({ code: 'needs-server' });
  }, 60_000);
});
