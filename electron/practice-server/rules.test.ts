// The access rules as pure functions: the table CouchDB 3 applies, case by case.
import { describe, expect, it } from 'vitest';
import { authorizeDatabase, authorizeServer, isMalformedAuthSession, type UserCtx } from './rules';

const anon: UserCtx = { name: null, roles: [] };
const admin: UserCtx = { name: 'admin', roles: ['_admin'] };
const ann: UserCtx = { name: 'ann', roles: [] };
const nurse: UserCtx = { name: 'ned', roles: ['nurse'] };
const sec = { members: { names: ['ann'], roles: ['nurse'] }, admins: { names: ['boss'], roles: [] } };
const status = (v: ReturnType<typeof authorizeServer>) => (v.kind === 'deny' ? v.status : v.kind);

describe('authorizeServer', () => {
  it('requires a valid user everywhere but POST /_session', () => {
    expect(status(authorizeServer('POST', ['_session'], anon))).toBe('allow');
    for (const [m, p] of [
      ['GET', []],
      ['GET', ['_session']],
      ['GET', ['_all_dbs']],
      ['PUT', ['x']],
      ['GET', ['db', 'doc']],
    ] as const) {
      expect(status(authorizeServer(m, [...p], anon))).toBe(401);
    }
  });
  it('keeps server endpoints for server admins', () => {
    expect(status(authorizeServer('GET', [], ann))).toBe('welcome');
    expect(status(authorizeServer('GET', ['_uuids'], ann))).toBe('allow');
    for (const p of [['_all_dbs'], ['_config'], ['_replicator'], ['_active_tasks'], ['_node', 'x']]) {
      expect(status(authorizeServer('GET', p, ann))).toBe(401);
      expect(status(authorizeServer('GET', p, admin))).toBe('allow');
    }
    expect(status(authorizeServer('PUT', ['newdb'], ann))).toBe(401);
    expect(status(authorizeServer('DELETE', ['db'], ann))).toBe(401);
    expect(status(authorizeServer('PUT', ['db', 'doc'], ann))).toBe('allow');
  });
});

describe('authorizeDatabase', () => {
  const d = (m: string, p: string[], u: UserCtx, s: Record<string, unknown> | null = sec, ids: string[] = []) =>
    status(authorizeDatabase(m, ['db', ...p], u, s, ids));
  it('admits members by name or role and refuses others with 403', () => {
    expect(d('GET', ['_all_docs'], ann)).toBe('allow');
    expect(d('POST', ['_bulk_get'], nurse)).toBe('allow');
    expect(d('POST', ['_find'], { name: 'eve', roles: [] })).toBe(403);
  });
  it('treats a database without _security as admin-only, an explicitly empty one as public', () => {
    expect(d('GET', [], ann, null)).toBe(403);
    expect(d('GET', [], admin, null)).toBe('allow');
    expect(d('GET', [], ann, {})).toBe('allow');
  });
  it('keeps design documents, _security and maintenance for db admins', () => {
    expect(d('PUT', ['_design', 'v'], ann)).toBe(403);
    expect(d('GET', ['_design', 'v'], ann)).toBe('allow');
    expect(d('PUT', ['_security'], ann)).toBe(403);
    expect(d('GET', ['_security'], ann)).toBe('allow');
    expect(d('POST', ['_compact'], ann)).toBe(403);
    expect(d('PUT', ['_local', '_security'], ann)).toBe(403);
    expect(d('POST', ['_bulk_docs'], ann, sec, ['a', '_local/_security'])).toBe(403);
    expect(d('PUT', ['_design', 'v'], { name: 'boss', roles: [] })).toBe('allow');
    expect(d('PUT', ['_local', 'checkpoint'], ann)).toBe('allow');
  });
  it("keeps _users for server admins, a user's own document included (CouchDB 3)", () => {
    const u = (m: string, p: string[], who: UserCtx) => status(authorizeDatabase(m, ['_users', ...p], who, null));
    expect(u('GET', ['org.couchdb.user:ann'], ann)).toBe(403);
    expect(u('PUT', ['org.couchdb.user:ann'], ann)).toBe(403);
    expect(u('GET', ['org.couchdb.user:ned'], ann)).toBe(403);
    expect(u('GET', ['org.couchdb.user:ann'], admin)).toBe('allow');
    expect(u('GET', ['_all_docs'], ann)).toBe(403);
    expect(u('POST', ['_bulk_get'], ann)).toBe(403);
    expect(u('GET', ['_all_docs'], admin)).toBe('allow');
  });
});

describe('isMalformedAuthSession', () => {
  const cookie = (text: string) => Buffer.from(text, 'latin1').toString('base64url');
  it('accepts what CouchDB could have issued: base64url of user:hexTimestamp:hmac', () => {
    expect(isMalformedAuthSession(cookie('ann:65A1B2C3:\x01\x02:\xff'))).toBe(false);
    expect(isMalformedAuthSession(cookie('ann:zz:'))).toBe(false); // well-formed, if never valid
    expect(isMalformedAuthSession('')).toBe(false); // an empty cookie is ignored
  });
  it('refuses anything else', () => {
    for (const v of ['forged', cookie('ann:65A1B2C3'), cookie('ann'), 'a+b/c===', 'not base64!', 'abcde']) {
      expect(isMalformedAuthSession(v), v).toBe(true);
    }
  });
});
