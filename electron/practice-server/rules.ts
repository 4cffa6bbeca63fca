// CouchDB 3's access rules as pure functions, applied by the dev practice server to every
// request before express-pouchdb sees it. Status codes follow CouchDB: 401 for anonymous
// requests and server-admin-only endpoints, 403 for a logged-in user who lacks access.

export type UserCtx = { name: string | null; roles: string[] };

export type Verdict =
  | { kind: 'allow' }
  | { kind: 'welcome' } // GET /: answered by the gate itself, CouchDB-style
  | { kind: 'deny'; status: 401 | 403; error: 'unauthorized' | 'forbidden'; reason: string };

const ALLOW: Verdict = { kind: 'allow' };
const deny = (status: 401 | 403, reason: string): Verdict => ({
  kind: 'deny',
  status,
  error: status === 401 ? 'unauthorized' : 'forbidden',
  reason,
});
const NOT_SERVER_ADMIN = deny(401, 'You are not a server admin.');

export const isServerAdmin = (u: UserCtx): boolean => u.roles.includes('_admin');

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Server-level rules: `require_valid_user` (anonymous → 401 except POST /_session), server-admin
 * endpoints (`_all_dbs`, `_config`, creating/deleting databases …) and the welcome document.
 */
export function authorizeServer(method: string, segments: string[], user: UserCtx): Verdict {
  const first = segments[0];
  if (user.name === null && !isServerAdmin(user)) {
    if (method === 'POST' && first === '_session' && segments.length === 1) return ALLOW;
    return deny(401, 'Authentication required.');
  }
  if (first === undefined) return READ_METHODS.has(method) ? { kind: 'welcome' } : ALLOW;
  if (isServerAdmin(user)) return ALLOW;
  if (first === '_session' && segments.length === 1) return ALLOW;
  if (first === '_uuids' && segments.length === 1) return ALLOW;
  // Every other top-level `_` endpoint and every system database but _users is for server admins.
  if (first.startsWith('_') && first !== '_users') return NOT_SERVER_ADMIN;
  if (segments.length === 1 && (method === 'PUT' || method === 'DELETE')) return NOT_SERVER_ADMIN;
  return ALLOW;
}

type Section = { names: string[]; roles: string[] };

function section(sec: Record<string, unknown> | null, key: 'members' | 'admins'): Section {
  const s = sec?.[key];
  const pick = (k: 'names' | 'roles'): string[] => {
    const v = typeof s === 'object' && s !== null ? (s as Record<string, unknown>)[k] : undefined;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  return { names: pick('names'), roles: pick('roles') };
}

const inSection = (u: UserCtx, s: Section): boolean =>
  (u.name !== null && s.names.includes(u.name)) || s.roles.some((r) => u.roles.includes(r));

const SECURITY_DOC = '_local/_security';

/** Endpoints that change a database's configuration: db admins only. */
const DB_ADMIN_ENDPOINTS = new Set(['_compact', '_view_cleanup', '_purge', '_temp_view', '_revs_limit', '_index']);
const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE', 'COPY']);

/**
 * Database-level rules. `sec` is the database's `_security` object, or null when it has none:
 * CouchDB 3 creates databases admin-only, so a missing object means server admins only
 * (an explicitly empty one still means public, as in CouchDB).
 */
export function authorizeDatabase(
  method: string,
  segments: string[],
  user: UserCtx,
  sec: Record<string, unknown> | null,
  writtenIds: string[] = [], // ids a POST /db, _bulk_docs or COPY would write
): Verdict {
  if (isServerAdmin(user)) return ALLOW;
  if (user.name === null) return deny(401, 'Authentication required.');
  const [dbName, first] = segments;
  if (dbName === '_users') return authorizeUsersDb();
  if (dbName === undefined || dbName.startsWith('_')) return NOT_SERVER_ADMIN;

  const effective = sec ?? { members: { roles: ['_admin'] }, admins: { roles: ['_admin'] } };
  const admins = section(effective, 'admins');
  const members = section(effective, 'members');
  const isDbAdmin = inSection(user, admins);
  const publicDb = members.names.length === 0 && members.roles.length === 0;
  if (!isDbAdmin && !publicDb && !inSection(user, members)) {
    return deny(403, 'You are not allowed to access this db.');
  }
  if (isDbAdmin) return ALLOW;

  const notDbAdmin = deny(403, 'You are not a db or server admin.');
  if (first === '_security' && !READ_METHODS.has(method)) return notDbAdmin;
  // express-pouchdb stores _security in this local document: writing it directly would let a
  // member open the database to everyone.
  const touchesSecurityDoc =
    (first === SECURITY_DOC || (first === '_local' && segments[2] === '_security' && segments.length === 3)) &&
    !READ_METHODS.has(method);
  if (touchesSecurityDoc || writtenIds.includes(SECURITY_DOC)) return notDbAdmin;
  if (first !== undefined && DB_ADMIN_ENDPOINTS.has(first) && (first !== '_index' || method !== 'GET'))
    return notDbAdmin;
  // Design documents hold validate_doc_update: only db admins may change them.
  if (first === '_design' && WRITE_METHODS.has(method)) return notDbAdmin;
  return ALLOW;
}

/**
 * `_users` is for server admins only, a user's own document included: CouchDB 3 gives it a
 * `_security` with `_admin` as the only member and, with `users_db_security_editable` false (the
 * default), that cannot be changed. (express-pouchdb would let a user read and update their own.)
 */
function authorizeUsersDb(): Verdict {
  return deny(403, 'You are not allowed to access this db.');
}

/**
 * Whether an AuthSession cookie is one CouchDB could not have issued: CouchDB's is the base64url
 * of `user:hexTimestamp:hmac`, and one that does not decode to three `:`-separated parts is
 * answered 400 (a well-formed one that does not verify only leaves the request anonymous).
 * An empty cookie is ignored, as CouchDB does.
 */
export function isMalformedAuthSession(value: string): boolean {
  if (value === '') return false;
  if (!/^[A-Za-z0-9_-]+$/.test(value) || value.length % 4 === 1) return true;
  return Buffer.from(value, 'base64url').toString('latin1').split(':').length < 3;
}

export const MALFORMED_AUTH_SESSION = 'Malformed AuthSession cookie. Please clear your cookies.';
