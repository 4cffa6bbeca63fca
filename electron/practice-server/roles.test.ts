// Parity of the role policy and the practice server: one table of writes (role-cases.test-util.ts)
// against the pure policy, the ES5 validate_doc_update evaluated here, and the server over HTTP
// with users holding each role (the dev server, or PRACTICE_SERVER_URL's CouchDB unchanged).
import { randomBytes } from 'node:crypto';
import { parse } from 'acorn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS, writeProblem, type Role } from '../../shared/auth/roles';
import { startPracticeServer, type PracticeServer } from '../testing/practice';
import { call } from './http-helpers.test-util';
import { ROLE_CASES, as, type RoleCase } from './role-cases.test-util';
import { VALIDATE_DOC_UPDATE } from './validate-function';

type Doc = Record<string, unknown>;
type Validate = (newDoc: Doc, oldDoc: Doc | null, userCtx: { name: string | null; roles: string[] }) => void;

const tag = `${process.pid}${randomBytes(2).toString('hex')}`;
const users: Record<string, { username: string; password: string; role: Role | null }> = {
  doctor: { username: `doc${tag}`, password: 'doc-secret-1', role: 'doctor' },
  nurse: { username: `nurse${tag}`, password: 'nurse-secret-1', role: 'nurse' },
  secretary: { username: `sec${tag}`, password: 'sec-secret-1', role: 'secretary' },
  none: { username: `plain${tag}`, password: 'plain-secret-1', role: null },
};
const userOf = (c: RoleCase) => users[c.role ?? 'none']!;
const serverRoles = (role: Role | null) => (role ? [`cw-role:${role}`] : []);
/** The case's stored and new versions as the function receives them. */
const docsOf = (c: RoleCase, name: string): { old: Doc | null; next: Doc } => ({
  old: c.old ? { _id: 'x', _rev: '1-a', ...as(c.old, name) } : null,
  next: c.next === 'delete' ? { _id: 'x', _rev: '2-b', _deleted: true } : { _id: 'x', ...as(c.next, name) },
});

describe('the ES5 function', () => {
  it('is plain ES5 (what CouchDB 3.5 and the dev server both evaluate)', () => {
    expect(() => parse(`(${VALIDATE_DOC_UPDATE})`, { ecmaVersion: 5 })).not.toThrow();
  });

  const validate = new Function(`return (${VALIDATE_DOC_UPDATE})`)() as Validate;
  const verdict = (c: RoleCase, name: string, roles: string[]): string | null => {
    const { old, next } = docsOf(c, name);
    try {
      validate(next, old, { name, roles });
      return null;
    } catch (err) {
      return (err as { forbidden?: string }).forbidden ?? String(err);
    }
  };

  it.each(ROLE_CASES.map((c) => [c.name, c] as const))('%s: same answer as the pure policy', (_n, c) => {
    const name = userOf(c).username;
    const { old, next } = docsOf(c, name);
    expect(writeProblem(c.role, next, old)).toBe(c.expect);
    expect(verdict(c, name, serverRoles(c.role))).toBe(c.expect);
  });

  it('reads the role from cw-role:, the least access of several, an unknown one as a secretary', () => {
    const contactCase = ROLE_CASES.find((c) => c.name === 'secretary writes a contact')!;
    expect(verdict(contactCase, 'u', ['nurse'])).toBeNull(); // not ours: a doctor
    expect(verdict(contactCase, 'u', ['cw-role:doctor', 'cw-role:secretary'])).toBe(contactCase.expect);
    expect(verdict(contactCase, 'u', ['cw-role:pharmacist'])).toBe(contactCase.expect);
    expect(verdict(contactCase, 'u', ['_admin'])).toBeNull();
  });
});

describe('the practice server', () => {
  let server: PracticeServer;
  const db = () => `/${server.db}`;
  let seq = 0;
  const freshId = () => `case-${tag}-${++seq}`;

  beforeAll(async () => {
    server = await startPracticeServer();
    for (const u of Object.values(users)) await server.addMember(u.username, u.password, u.role);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** Stores the case's old version as a server admin; answers its revision. */
  async function storeOld(id: string, c: RoleCase, name: string): Promise<string | undefined> {
    if (!c.old) return undefined;
    const put = await call(server.url, 'PUT', `${db()}/${id}`, { auth: server.admin, body: as(c.old, name) });
    expect(put.status, put.text).toBe(201);
    return put.json.rev as string;
  }

  it.each(ROLE_CASES.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const user = userOf(c);
    const id = freshId();
    const rev = await storeOld(id, c, user.username);
    const auth = { username: user.username, password: user.password };
    const r =
      c.next === 'delete'
        ? await call(server.url, 'DELETE', `${db()}/${id}?rev=${rev}`, { auth })
        : await call(server.url, 'PUT', `${db()}/${id}`, {
            auth,
            body: { ...as(c.next, user.username), ...(rev ? { _rev: rev } : {}) },
          });
    if (c.expect === null) {
      expect([200, 201], r.text).toContain(r.status);
    } else {
      expect(r.status, r.text).toBe(403);
      expect(r.json).toMatchObject({ error: 'forbidden', reason: c.expect });
    }
  });

  it('refuses through the replication path too (_bulk_docs, new_edits=false)', async () => {
    const sec = users.secretary!;
    const id = freshId();
    const doc = { _id: id, _rev: '1-abc', type: 'contact', author: sec.username, patientId: 'p1', services: [] };
    const r = await call(server.url, 'POST', `${db()}/_bulk_docs`, {
      auth: sec,
      body: { new_edits: false, docs: [doc] },
    });
    expect(r.text).toContain('forbidden');
    expect((await call(server.url, 'GET', `${db()}/${id}`, { auth: server.admin })).status).toBe(404);
  });

  it('reads the role of a cookie session as of Basic auth', async () => {
    const nurse = users.nurse!;
    const login = await call(server.url, 'POST', '/_session', {
      body: { name: nurse.username, password: nurse.password },
    });
    expect(login.status).toBe(200);
    expect(login.json.roles).toEqual(['cw-role:nurse']);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const id = freshId();
    const stored = await call(server.url, 'PUT', `${db()}/${id}`, {
      auth: server.admin,
      body: { type: 'healthElement', author: 'x', healthElementId: id, patientId: 'p1', descr: 'Asthma' },
    });
    const close = await call(server.url, 'PUT', `${db()}/${id}`, {
      cookie,
      body: {
        _rev: stored.json.rev,
        type: 'healthElement',
        author: nurse.username,
        healthElementId: id,
        patientId: 'p1',
        descr: 'Asthma',
        closingDate: 20261202100000,
      },
    });
    expect(close.status, close.text).toBe(403);
    expect(close.json.reason).toBe(REASONS.closeProblem);
  });

  it('keeps the author rule for every role', async () => {
    for (const u of Object.values(users)) {
      const r = await call(server.url, 'PUT', `${db()}/${freshId()}`, {
        auth: u,
        body: { type: 'patient', author: 'someone-else', firstName: 'A', lastName: 'B' },
      });
      expect(r.status, u.username).toBe(403);
      expect(r.json.reason).toBe('The author of a document must be the user writing it.');
    }
  });

  it('lets a server admin write anything but a change or deletion of an access log', async () => {
    const id = freshId();
    const contact = { type: 'contact', author: 'anyone', patientId: 'p1', services: [] };
    expect((await call(server.url, 'PUT', `${db()}/${id}`, { auth: server.admin, body: contact })).status).toBe(201);
    const logId = freshId();
    const log = { type: 'accessLog', author: 'ann', user: 'ann', accessType: 'USER_ACCESS', date: 1 };
    const put = await call(server.url, 'PUT', `${db()}/${logId}`, { auth: server.admin, body: log });
    expect(put.status).toBe(201);
    const rev = put.json.rev as string;
    const change = await call(server.url, 'PUT', `${db()}/${logId}`, {
      auth: server.admin,
      body: { ...log, _rev: rev, patientId: 'p9' },
    });
    expect(change.status).toBe(403);
    const del = await call(server.url, 'DELETE', `${db()}/${logId}?rev=${rev}`, { auth: server.admin });
    expect(del.status).toBe(403);
    expect((await call(server.url, 'GET', `${db()}/${logId}`, { auth: server.admin })).json).toMatchObject(log);
  });
});
