// Roles set on the server: by setupPractice per member (kept when a later setup names none) and
// by the admin command, `npm run practice-admin -- set-role|get-role`, run here as a process.
// The server then refuses what the role may not write. Dev server or PRACTICE_SERVER_URL.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../shared/auth/roles';
import { startPracticeServer, type PracticeServer } from '../testing/practice';
import { call } from './http-helpers.test-util';
import { getUserRole, setupPractice } from './setup';

const CLI = fileURLToPath(new URL('./admin-cli.ts', import.meta.url));
const tag = `${process.pid}${randomBytes(2).toString('hex')}`;
const nel = { username: `nel${tag}`, password: 'nel-secret-1' };
const sam = { username: `sam${tag}`, password: 'sam-secret-1' };
let server: PracticeServer;

type Run = { code: number; stdout: string; stderr: string };
function admin(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const conn = () => ({ serverUrl: server.url, admin: server.admin });
const flags = () => ['--server', server.url, '--admin-user', server.admin.username];
const pwEnv = () => ({ PRACTICE_SERVER_ADMIN_PASSWORD: server.admin.password });

/** A contact written by `who`: refused for a secretary, accepted for anyone else. */
async function writeContact(who: { username: string; password: string }) {
  return call(server.url, 'PUT', `/${server.db}/c-${randomBytes(4).toString('hex')}`, {
    auth: who,
    body: { type: 'contact', author: who.username, patientId: 'p1', openingDate: 20261202090000, services: [] },
  });
}

beforeAll(async () => {
  server = await startPracticeServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('setupPractice', () => {
  it("sets each member's role, keeps it when a later setup names none, removes it with null", async () => {
    const setup = (members: Parameters<typeof setupPractice>[0]['members']) =>
      setupPractice({ ...conn(), db: server.db, members });
    await setup([
      { ...nelSpec(), role: 'nurse' },
      { ...samSpec(), role: 'secretary' },
    ]);
    expect(await getUserRole(conn(), nel.username)).toBe('nurse');
    expect(await getUserRole(conn(), sam.username)).toBe('secretary');
    expect(await writeContact(sam)).toMatchObject({
      status: 403,
      json: { reason: REASONS.notForRole('secretary', 'contact') },
    });
    await setup([nelSpec(), samSpec()]);
    expect(await getUserRole(conn(), sam.username)).toBe('secretary');
    await setup([{ ...samSpec(), role: null }]);
    expect(await getUserRole(conn(), sam.username)).toBe('doctor');
    expect((await writeContact(sam)).status).toBe(201);
  });
});

describe('practice-admin', () => {
  it('set-role and get-role change what the server accepts; the password still works', async () => {
    await server.addMember(sam.username, sam.password);
    const set = await admin(['set-role', sam.username, 'secretary', ...flags()], pwEnv());
    expect(set, set.stderr).toMatchObject({ code: 0, stdout: `${sam.username}: secretary\n` });
    expect(await admin(['get-role', sam.username, ...flags()], pwEnv())).toMatchObject({
      code: 0,
      stdout: 'secretary\n',
    });
    expect((await writeContact(sam)).status).toBe(403);
    // The admin's credentials may come in the URL, as PRACTICE_SERVER_URL carries them.
    const url = new URL(server.url);
    url.username = server.admin.username;
    url.password = server.admin.password;
    expect((await admin(['set-role', sam.username, 'none', '--server', url.toString()])).code).toBe(0);
    expect((await admin(['get-role', sam.username, ...flags()], pwEnv())).stdout).toBe('doctor\n');
    expect((await writeContact(sam)).status).toBe(201);
  });

  it('refuses an unknown role, an unknown user and a missing password, clearly', async () => {
    const role = await admin(['set-role', sam.username, 'surgeon', ...flags()], pwEnv());
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('unknown role "surgeon"');
    const user = await admin(['set-role', `nobody${tag}`, 'nurse', ...flags()], pwEnv());
    expect(user.code).toBe(1);
    expect(user.stderr).toContain(`there is no user nobody${tag}`);
    const pw = await admin(['get-role', sam.username, ...flags()], { PRACTICE_SERVER_ADMIN_PASSWORD: '' });
    expect(pw.code).toBe(2);
    expect(pw.stderr).toContain('password are required');
  });
});

function nelSpec() {
  return { name: nel.username, password: nel.password };
}
function samSpec() {
  return { name: sam.username, password: sam.password };
}
