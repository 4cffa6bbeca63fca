// What the workstation keeps about a person: a verifier, never the password; their role from the
// server; nothing of it in the diagnostics log.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../../host/file-secrets';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { createSignedIn } from '../../testing/people';
import { logFiles } from '../log/diagnostics-log';
import { PEOPLE_FILE } from './people-file';
import { roleFrom } from './role';
import { refusal, workstation } from './session-kit.test-util';
import { checkVerifier, createVerifier, SCRYPT } from './verifier';

let server: PracticeServer;
const cleanup: Array<() => Promise<void>> = [];
const user = (n: string) => `${n}-${process.pid}`;
const SHARED = 'correct horse battery staple';

beforeAll(async () => {
  server = await startPracticeServer();
  cleanup.push(() => server.stop());
  for (const n of ['hana', 'ivan']) await server.addMember(user(n), SHARED);
  await server.addMember(user('nina'), 'nina-pw', 'nurse');
  await server.addMember(user('sam'), 'sam-pw', 'secretary');
}, 60_000);
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('the verifier', () => {
  it('matches only its password; parameters as documented', async () => {
    const v = await createVerifier('pw');
    expect(v).toMatchObject({ alg: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
    expect(Buffer.from(v.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(v.key, 'base64')).toHaveLength(32);
    expect(await checkVerifier(v, 'pw')).toBe(true);
    expect(await checkVerifier(v, 'pw ')).toBe(false);
    expect(await checkVerifier({ ...v, key: '' }, 'pw')).toBe(false);
  });

  it('is stored without the password, 0600, and two people with one password get different salts and keys', async () => {
    const w = await workstation(() => server);
    cleanup.push(w.remove);
    await w.service.signIn(user('hana'), SHARED);
    await w.service.signIn(user('ivan'), SHARED);
    const file = path.join(w.dir, PEOPLE_FILE);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(SHARED);
    expect(text).not.toContain(Buffer.from(SHARED).toString('base64'));
    expect(text).not.toContain(Buffer.from(SHARED).toString('hex'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const people = (JSON.parse(text) as { people: Record<string, { verifier: { salt: string; key: string } }> }).people;
    const [a, b] = [people[user('hana')]!.verifier, people[user('ivan')]!.verifier];
    expect(a.salt).not.toBe(b.salt);
    expect(a.key).not.toBe(b.key);
  });
});

describe('roles', () => {
  it('reads the role from the CouchDB roles as the server does: cw-role:, least access, doctor when none', () => {
    expect(roleFrom([])).toBe('doctor');
    expect(roleFrom(undefined)).toBe('doctor');
    expect(roleFrom(['cw-role:nurse'])).toBe('nurse');
    expect(roleFrom(['cw-role:secretary', 'other'])).toBe('secretary');
    expect(roleFrom(['cw-role:doctor', 'cw-role:nurse'])).toBe('nurse');
    expect(roleFrom(['nurse', '_admin', 42])).toBe('doctor');
  });

  it('takes the role the server gives, and keeps it for offline sign-ins', async () => {
    const w = await workstation(() => server);
    cleanup.push(w.remove);
    expect(await w.service.signIn(user('nina'), 'nina-pw')).toMatchObject({ role: 'nurse' });
    expect(await w.service.signIn(user('sam'), 'sam-pw')).toMatchObject({ role: 'secretary' });
    w.net.offline = true;
    expect(await w.service.signIn(user('nina'), 'nina-pw')).toMatchObject({ role: 'nurse' });
  });
});

describe('the diagnostics log', () => {
  it('holds no password and no verifier after sign-ins, failures, lock and unlock through the core', async () => {
    const t = await tempDir('cw-session-log-');
    cleanup.push(t.remove);
    const core = await createSignedIn({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
    const h = core.handlers;
    await h['sync.saveSettings']({
      serverUrl: server.url,
      db: server.db,
      username: user('hana'),
      password: SHARED,
      enabled: false,
    });
    await h['session.signIn']({ username: user('hana'), password: SHARED });
    expect(await refusal(h['session.signIn']({ username: user('hana'), password: 'hunter2-wrong' }))).toMatchObject({
      code: 'wrong-password',
    });
    await h['session.signIn']({ username: user('hana'), password: SHARED });
    await h['session.lock']({});
    await refusal(h['session.unlock']({ password: 'hunter2-wrong' }));
    await h['session.unlock']({ password: SHARED });
    await core.close();
    const log = (await Promise.all(logFiles(t.dir).map((f) => readFile(f, 'utf8').catch(() => '')))).join('\n');
    expect(log).toContain('signed in');
    expect(log).toContain('wrong-password');
    const { people } = JSON.parse(await readFile(path.join(t.dir, PEOPLE_FILE), 'utf8')) as {
      people: Record<string, { verifier: { salt: string; key: string } }>;
    };
    const v = people[user('hana')]!.verifier;
    for (const secret of [SHARED, 'hunter2-wrong', v.salt, v.key]) expect(log).not.toContain(secret);
  }, 60_000);
});
