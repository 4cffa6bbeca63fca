// CouchDB 3 access rules on the practice server, one test per defect of express-pouchdb 4.2.0
// (issue 3), plus login, member read/write and validate_doc_update. Runs against the dev server
// (spawned as its own process) or, unchanged, against PRACTICE_SERVER_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../testing/practice';
import { call } from './http-helpers.test-util';

let server: PracticeServer;
// The dev server stores _security in _local/_security; CouchDB does not, so that check is dev-only.
const external = Boolean(process.env.PRACTICE_SERVER_URL);
if (external) console.info('access.test: the _local/_security check is skipped: it concerns the dev server only');
const alice = { username: `alice${process.pid}`, password: 'alice-secret-1' };
const mallory = { username: `mallory${process.pid}`, password: 'mallory-secret-1' };
const doc = (id: string, extra: object = {}) => ({
  _id: id,
  type: 'patient',
  author: alice.username,
  firstName: 'Ann',
  ...extra,
});

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(alice.username, alice.password);
  await server.addNonMember(mallory.username, mallory.password);
  const put = await call(server.url, 'PUT', `/${server.db}/p1`, { auth: server.admin, body: doc('p1') });
  expect(put.status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

const db = () => `/${server.db}`;
const adminAlive = async () => expect((await call(server.url, 'GET', '/', { auth: server.admin })).status).toBe(200);

describe('reads of a members-only database', () => {
  const reads: Array<[string, string, string, unknown]> = [
    ['_bulk_get', 'POST', '/_bulk_get', { docs: [{ id: 'p1' }] }],
    ['_find', 'POST', '/_find', { selector: { type: 'patient' } }],
    ['_all_docs', 'GET', '/_all_docs?include_docs=true', undefined],
    ['_changes', 'GET', '/_changes?include_docs=true', undefined],
    ['a document', 'GET', '/p1', undefined],
    ['database info', 'GET', '', undefined],
  ];
  it.each(reads)('%s: anonymous → 401, non-member → 403, member → 200', async (_name, method, path, body) => {
    const opts = body === undefined ? {} : { body };
    const anon = await call(server.url, method, db() + path, opts);
    expect(anon.status).toBe(401);
    expect(anon.text).not.toContain('Ann');
    const other = await call(server.url, method, db() + path, { ...opts, auth: mallory });
    expect(other.status).toBe(403);
    expect(other.json.error).toBe('forbidden');
    expect(other.text).not.toContain('Ann');
    const member = await call(server.url, method, db() + path, { ...opts, auth: alice });
    expect(member.status).toBe(200);
    if (path !== '') expect(member.text).toContain('Ann');
  });
});

describe('server-level rules', () => {
  it('anonymous GET / and /_all_dbs → 401', async () => {
    expect((await call(server.url, 'GET', '/')).status).toBe(401);
    expect((await call(server.url, 'GET', '/_all_dbs')).status).toBe(401);
  });

  it('a logged-in user sees the CouchDB welcome; _all_dbs is for server admins', async () => {
    const welcome = await call(server.url, 'GET', '/', { auth: alice });
    expect(welcome.status).toBe(200);
    expect(welcome.json.couchdb).toBe('Welcome');
    expect((await call(server.url, 'GET', '/_all_dbs', { auth: alice })).status).toBe(401);
    expect((await call(server.url, 'GET', '/_all_dbs', { auth: server.admin })).status).toBe(200);
  });

  it('a wrong password → 401', async () => {
    const r = await call(server.url, 'GET', db(), { auth: { username: alice.username, password: 'wrong' } });
    expect(r.status).toBe(401);
  });

  it('a database created without _security is readable by server admins only', async () => {
    const name = `scratch-${Date.now().toString(36)}`;
    expect((await call(server.url, 'PUT', `/${name}`, { auth: server.admin })).status).toBe(201);
    try {
      expect((await call(server.url, 'PUT', `/${name}/s1`, { auth: server.admin, body: doc('s1') })).status).toBe(201);
      for (const path of ['/s1', '/_all_docs', '/_changes', '']) {
        const r = await call(server.url, 'GET', `/${name}${path}`, { auth: alice });
        expect(r.status, path).toBe(403);
      }
      const bulk = await call(server.url, 'POST', `/${name}/_bulk_get`, {
        auth: alice,
        body: { docs: [{ id: 's1' }] },
      });
      expect(bulk.status).toBe(403);
      expect((await call(server.url, 'GET', `/${name}/s1`, { auth: server.admin })).status).toBe(200);
    } finally {
      await call(server.url, 'DELETE', `/${name}`, { auth: server.admin });
    }
  });

  it('only server admins create or delete databases', async () => {
    const name = `/nope-${Date.now().toString(36)}`;
    expect((await call(server.url, 'PUT', name, { auth: alice })).status).toBe(401);
    expect((await call(server.url, 'DELETE', db(), { auth: alice })).status).toBe(401);
    expect((await call(server.url, 'GET', db(), { auth: alice })).status).toBe(200);
  });
});

describe('requests that killed express-pouchdb 4.2.0', () => {
  it('anonymous PUT /newdb is refused and the server keeps answering', async () => {
    const r = await call(server.url, 'PUT', `/newdb-${Date.now().toString(36)}`);
    expect(r.status).toBe(401);
    await adminAlive();
  });

  it('_changes?filter=_selector works (POST with a selector) and is refused cleanly without one', async () => {
    const put = await call(server.url, 'PUT', `${db()}/p-sel`, {
      auth: alice,
      body: doc('p-sel', { firstName: 'Selma' }),
    });
    expect(put.status).toBe(201);
    const sel = await call(server.url, 'POST', `${db()}/_changes?filter=_selector&include_docs=true`, {
      auth: alice,
      body: { selector: { firstName: 'Selma' } },
    });
    expect(sel.status).toBe(200);
    const ids = (sel.json.results as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toEqual(['p-sel']);
    const bare = await call(server.url, 'GET', `${db()}/_changes?filter=_selector`, { auth: alice });
    expect(bare.status).toBe(400);
    await adminAlive();
  });

  it('a non-admin GET of a _users document, even their own, → 403 and the server keeps answering', async () => {
    // CouchDB 3 keeps _users for server admins (users_db_security_editable = false by default).
    for (const name of [mallory.username, alice.username]) {
      const r = await call(server.url, 'GET', `/_users/org.couchdb.user:${name}`, { auth: alice });
      expect(r.status, name).toBe(403);
      expect(r.text).not.toContain('derived_key');
    }
    await adminAlive();
  });

  it('a filter naming a missing design document → 404, and the server keeps answering', async () => {
    // Inside PouchDB this rejects a promise nobody handles, which ends a Node 20 process.
    for (const feed of ['normal', 'longpoll']) {
      const r = await call(server.url, 'GET', `${db()}/_changes?feed=${feed}&filter=nope/nope&timeout=300`, {
        auth: alice,
      });
      expect(r.status).toBe(404);
    }
    await adminAlive();
  });

  it('a user cannot give themselves roles', async () => {
    const path = `/_users/org.couchdb.user:${alice.username}`;
    const before = await call(server.url, 'GET', path, { auth: server.admin });
    expect(before.status).toBe(200);
    const r = await call(server.url, 'PUT', path, { auth: alice, body: { ...before.json, roles: ['_admin'] } });
    expect(r.status).toBe(403);
    const after = await call(server.url, 'GET', path, { auth: server.admin });
    expect([after.json._rev, after.json.roles]).toEqual([before.json._rev, []]);
    expect((await call(server.url, 'GET', '/_all_dbs', { auth: alice })).status).toBe(401);
  });
});

describe('_changes timeouts', () => {
  it('longpoll with timeout answers with no results once the timeout passes', async () => {
    const t0 = Date.now();
    const r = await call(server.url, 'GET', `${db()}/_changes?feed=longpoll&since=now&timeout=600`, { auth: alice });
    const took = Date.now() - t0;
    expect(r.status).toBe(200);
    expect(r.json.results).toEqual([]);
    expect(r.json.last_seq).toBeDefined();
    expect(took).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(5_000);
  });

  it('longpoll answers as soon as a change arrives', async () => {
    const pending = call(server.url, 'GET', `${db()}/_changes?feed=longpoll&since=now&timeout=20000`, { auth: alice });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    expect((await call(server.url, 'PUT', `${db()}/p-lp`, { auth: alice, body: doc('p-lp') })).status).toBe(201);
    const r = await pending;
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect((r.json.results as Array<{ id: string }>).map((c) => c.id)).toEqual(['p-lp']);
  });

  it('continuous with timeout ends with last_seq', async () => {
    const r = await call(server.url, 'GET', `${db()}/_changes?feed=continuous&since=now&timeout=500`, { auth: alice });
    expect(r.status).toBe(200);
    const lines = r.text.split('\n').filter((l) => l.trim());
    expect(JSON.parse(lines[lines.length - 1] ?? '{}')).toHaveProperty('last_seq');
  });
});

describe('logins and members', () => {
  it('_session cookie login works and identifies the user', async () => {
    const bad = await call(server.url, 'POST', '/_session', { body: { name: alice.username, password: 'nope' } });
    expect(bad.status).toBe(401);
    const login = await call(server.url, 'POST', '/_session', {
      body: { name: alice.username, password: alice.password },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('AuthSession='))
      ?.split(';')[0];
    expect(cookie).toBeDefined();
    const session = await call(server.url, 'GET', '/_session', { cookie: cookie! });
    expect((session.json.userCtx as { name: string }).name).toBe(alice.username);
    expect((await call(server.url, 'GET', `${db()}/p1`, { cookie: cookie! })).status).toBe(200);
  });

  it('a forged AuthSession cookie gets no access: 400 when malformed, 401 when well-formed', async () => {
    // CouchDB's cookie is base64url("user:hexTimestamp:hmac"); one that does not decode to three
    // parts is refused outright, a well-formed one that does not verify leaves the request anonymous.
    const malformed = await call(server.url, 'GET', `${db()}/p1`, { cookie: 'AuthSession=forged' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({
      error: 'bad_request',
      reason: 'Malformed AuthSession cookie. Please clear your cookies.',
    });
    const now = Math.floor(Date.now() / 1000)
      .toString(16)
      .toUpperCase();
    const forged = Buffer.from(`${alice.username}:${now}:${'ab'.repeat(20)}`).toString('base64url');
    const wellFormed = await call(server.url, 'GET', `${db()}/p1`, { cookie: `AuthSession=${forged}` });
    expect(wellFormed.status).toBe(401);
    for (const r of [malformed, wellFormed]) expect(r.text).not.toContain('Ann');
  });

  it('a member reads and writes; design documents are for admins', async () => {
    const put = await call(server.url, 'PUT', `${db()}/p-rw`, { auth: alice, body: doc('p-rw') });
    expect(put.status).toBe(201);
    const got = await call(server.url, 'GET', `${db()}/p-rw`, { auth: alice });
    expect(got.json.firstName).toBe('Ann');
    const ddoc = await call(server.url, 'PUT', `${db()}/_design/evil`, {
      auth: alice,
      body: { validate_doc_update: 'function(){}' },
    });
    expect(ddoc.status).toBe(403);
    // An empty _security would open the database to every user. CouchDB 3 answers 500
    // no_majority (each shard refused it as forbidden), the dev server 403; either way nothing changes.
    const before = await call(server.url, 'GET', `${db()}/_security`, { auth: server.admin });
    expect(before.status).toBe(200);
    const sec = await call(server.url, 'PUT', `${db()}/_security`, { auth: alice, body: {} });
    expect([403, 500]).toContain(sec.status);
    const after = await call(server.url, 'GET', `${db()}/_security`, { auth: server.admin });
    expect(after.json).toEqual(before.json);
    expect((await call(server.url, 'GET', `${db()}/p1`, { auth: mallory })).status).toBe(403);
  });

  it.skipIf(external)('a member cannot rewrite the stored _security object behind the API', async () => {
    // express-pouchdb keeps _security in _local/_security; a member writing it would open the db.
    const local = await call(server.url, 'GET', `${db()}/_local/_security`, { auth: server.admin });
    const rev = local.status === 200 ? (local.json._rev as string) : undefined;
    const open = { _id: '_local/_security', ...(rev ? { _rev: rev } : {}), security: {} };
    expect((await call(server.url, 'PUT', `${db()}/_local/_security`, { auth: alice, body: open })).status).toBe(403);
    expect((await call(server.url, 'POST', `${db()}/_bulk_docs`, { auth: alice, body: { docs: [open] } })).status).toBe(
      403,
    );
    expect((await call(server.url, 'POST', db(), { auth: alice, body: open })).status).toBe(403);
    expect((await call(server.url, 'GET', `${db()}/p1`, { auth: mallory })).status).toBe(403);
  });
});

describe('validate_doc_update', () => {
  it('rejects an unknown or missing type with 403', async () => {
    const unknown = await call(server.url, 'PUT', `${db()}/v1`, {
      auth: alice,
      body: { ...doc('v1'), type: 'invoice' },
    });
    expect(unknown.status).toBe(403);
    const missing = await call(server.url, 'PUT', `${db()}/v2`, {
      auth: alice,
      body: { _id: 'v2', author: alice.username },
    });
    expect(missing.status).toBe(403);
  });

  it('rejects a document whose author is not the writing user, also through _bulk_docs', async () => {
    const wrong = await call(server.url, 'PUT', `${db()}/v3`, {
      auth: alice,
      body: doc('v3', { author: 'someone-else' }),
    });
    expect(wrong.status).toBe(403);
    // The replication path: new_edits=false, as PouchDB pushes.
    const bulk = await call(server.url, 'POST', `${db()}/_bulk_docs`, {
      auth: alice,
      body: { new_edits: false, docs: [{ ...doc('v4', { author: 'someone-else' }), _rev: '1-abc' }] },
    });
    expect(bulk.text).toContain('forbidden');
    expect((await call(server.url, 'GET', `${db()}/v4`, { auth: alice })).status).toBe(404);
  });

  it('accepts the right author and a deletion; server admins write anything', async () => {
    const ok = await call(server.url, 'PUT', `${db()}/v5`, { auth: alice, body: doc('v5') });
    expect(ok.status).toBe(201);
    const del = await call(server.url, 'DELETE', `${db()}/v5?rev=${ok.json.rev as string}`, { auth: alice });
    expect(del.status).toBe(200);
    const tomb = await call(server.url, 'POST', `${db()}/_bulk_docs`, {
      auth: alice,
      body: {
        docs: [
          {
            _id: 'p-rw',
            _rev: (await call(server.url, 'GET', `${db()}/p-rw`, { auth: alice })).json._rev,
            _deleted: true,
          },
        ],
      },
    });
    expect(tomb.status).toBe(201);
    expect(tomb.text).not.toContain('forbidden');
    const admin = await call(server.url, 'PUT', `${db()}/v6`, { auth: server.admin, body: { anything: true } });
    expect(admin.status).toBe(201);
  });
});
