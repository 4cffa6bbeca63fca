// A workstation set up by its own first person: allowed only while nobody has signed in here and no
// practice server is set up; the account is created once (parallel calls too), with a password of
// at least 8 characters, and nothing of that password is kept or logged. Once a server is set up,
// the person signs in as anyone known here, the server's answer taking over.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { createDiagnosticsLog, logFiles, type DiagnosticsLog } from '../log/diagnostics-log';
import { PEOPLE_FILE, PeopleFile } from './people-file';
import { SessionService } from './service';
import { refusal } from './session-kit.test-util';
import type { ServerTarget } from './server-check';

const cleanup: Array<() => Promise<void>> = [];
const OWNER = { username: `owner-${process.pid}`, password: 'Ferns-and-4-lanterns' };

type Fresh = {
  service: SessionService;
  dir: string;
  log: DiagnosticsLog;
  /** The practice server in the sync settings (undefined: none set up). */
  settings: { server: ServerTarget | undefined };
  restart(): SessionService;
};

/** A session service on an empty data folder: nobody has signed in, no server is set up. */
async function fresh(): Promise<Fresh> {
  const t = await tempDir('cw-first-run-');
  const log = await createDiagnosticsLog(t.dir);
  cleanup.push(async () => {
    await log.close();
    await t.remove();
  });
  const settings: Fresh['settings'] = { server: undefined };
  const make = () =>
    new SessionService({ people: new PeopleFile(t.dir), server: async () => settings.server, log, firstWaitMs: 3000 });
  return { service: make(), dir: t.dir, log, settings, restart: make };
}

let server: PracticeServer;

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('setting up a fresh workstation', () => {
  it('is offered on a fresh folder; setUp signs the owner in as a doctor, then is neither offered nor allowed', async () => {
    const w = await fresh();
    expect(await w.service.firstRun()).toEqual({ available: true });
    const state = await w.service.setUp(OWNER.username, OWNER.password);
    expect(state).toMatchObject({ state: 'signed-in', username: OWNER.username, role: 'doctor' });
    expect(w.service.state()).toEqual(state);
    expect(await w.service.firstRun()).toEqual({ available: false });
    expect(await refusal(w.service.setUp('someone-else', 'another-password'))).toMatchObject({ code: 'forbidden' });
    // Known here now: after a sign-out (and a restart) the owner signs in on this workstation.
    w.service.signOut();
    const again = w.restart();
    expect(await again.firstRun()).toEqual({ available: false });
    expect(await again.signIn(OWNER.username, OWNER.password)).toMatchObject({ state: 'signed-in', role: 'doctor' });
    expect(await refusal(again.signIn(OWNER.username, 'not-the-password'))).toMatchObject({ code: 'wrong-password' });
  });

  it('is not offered, and refused, once a practice server is set up', async () => {
    const w = await fresh();
    w.settings.server = { serverUrl: server.url, db: server.db };
    expect(await w.service.firstRun()).toEqual({ available: false });
    expect(await refusal(w.service.setUp(OWNER.username, OWNER.password))).toMatchObject({ code: 'forbidden' });
    expect(w.service.state()).toEqual({ state: 'signed-out' });
    // The server taken away again: nobody was created, so the workstation may still be set up.
    w.settings.server = undefined;
    expect(await w.service.firstRun()).toEqual({ available: true });
  });

  it('is not offered once someone has signed in here (through the server), even with the server gone', async () => {
    const w = await fresh();
    const member = { username: `member-${process.pid}`, password: 'member-password' };
    await server.addMember(member.username, member.password, 'nurse');
    w.settings.server = { serverUrl: server.url, db: server.db };
    await w.service.signIn(member.username, member.password);
    w.service.signOut();
    w.settings.server = undefined;
    expect(await w.service.firstRun()).toEqual({ available: false });
    expect(await refusal(w.service.setUp(OWNER.username, OWNER.password))).toMatchObject({ code: 'forbidden' });
  }, 30_000);

  it('creates exactly one account from parallel calls', async () => {
    const w = await fresh();
    const results = await Promise.allSettled([
      w.service.setUp('first-owner', 'first-password'),
      w.service.setUp('second-owner', 'second-password'),
      w.service.setUp('third-owner', 'third-password'),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as { code: string }).code)).toEqual(['forbidden', 'forbidden']);
    const { people } = JSON.parse(await readFile(path.join(w.dir, PEOPLE_FILE), 'utf8')) as {
      people: Record<string, unknown>;
    };
    expect(Object.keys(people)).toEqual(['first-owner']);
  });

  it('refuses a password shorter than 8 characters, naming the field, and creates nobody', async () => {
    const w = await fresh();
    const short = await refusal(w.service.setUp(OWNER.username, 'seven77'));
    expect(short).toMatchObject({ code: 'validation', fields: { password: expect.stringContaining('8') } });
    expect(w.service.state()).toEqual({ state: 'signed-out' });
    expect(await w.service.firstRun()).toEqual({ available: true });
    // Eight characters (é counted once) are enough.
    expect(await w.service.setUp(OWNER.username, 'éééééééé')).toMatchObject({ state: 'signed-in' });
  });

  it('keeps nothing of the password in sign-ins.json or the diagnostics log', async () => {
    const w = await fresh();
    await w.service.setUp(OWNER.username, OWNER.password);
    await w.log.close();
    const file = await readFile(path.join(w.dir, PEOPLE_FILE), 'utf8');
    const log = (await Promise.all(logFiles(w.dir).map((f) => readFile(f, 'utf8').catch(() => '')))).join('\n');
    expect(log).toContain('workstation set up');
    expect(log).not.toContain(OWNER.username);
    for (const text of [file, log]) {
      expect(text).not.toContain(OWNER.password);
      expect(text).not.toContain(Buffer.from(OWNER.password).toString('base64'));
      expect(text).not.toContain(Buffer.from(OWNER.password).toString('hex'));
    }
    const v = (JSON.parse(file) as { people: Record<string, { verifier: { salt: string; key: string } }> }).people[
      OWNER.username
    ]!.verifier;
    expect(log).not.toContain(v.key);
  });

  it('lets the server take over once it is set up: a password it accepts signs the owner in with its role', async () => {
    const w = await fresh();
    const owner = { username: `solo-${process.pid}`, password: 'solo-practice-pw' };
    await w.service.setUp(owner.username, owner.password);
    w.service.signOut();
    // The practice grows: a server is set up, where the owner's account is a nurse's (the server decides).
    await server.addMember(owner.username, owner.password, 'nurse');
    w.settings.server = { serverUrl: server.url, db: server.db };
    expect(await w.service.signIn(owner.username, owner.password)).toMatchObject({
      state: 'signed-in',
      username: owner.username,
      role: 'nurse',
    });
    await w.log.close();
    const log = (await Promise.all(logFiles(w.dir).map((f) => readFile(f, 'utf8').catch(() => '')))).join('\n');
    const lines = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'signed in', checkedBy: 'server', first: false }));
  }, 30_000);
});
