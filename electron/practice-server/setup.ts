// Sets up a practice on a CouchDB-compatible server over plain HTTP, so the very same code
// runs against a clinic's Apache CouchDB 3 and against the dev server in this folder.
// Every step is idempotent: running it twice changes nothing but the design document.
import { ROLE_PREFIX, roleFromServerRoles, serverRole, type Role } from '../../shared/auth/roles';
import { RECORD_TYPES } from '../../shared/records/schemas';
import { VALIDATE_DOC_UPDATE } from './validate-function';

export type Credentials = { username: string; password: string };
/** role: given, it replaces the user's `cw-role:` role (null removes it: a doctor); absent, the role is kept. */
export type MemberSpec = { name: string; password: string; role?: Role | null };

export type PracticeSetup = {
  serverUrl: string; // base URL without credentials, e.g. http://127.0.0.1:5984
  admin: Credentials; // a server admin
  db: string; // the practice database
  members: MemberSpec[];
};

// The `type` values a practice database accepts are the workstation's own (DATA-MODEL.md).
export { RECORD_TYPES };

export const VALIDATION_DDOC_ID = '_design/validation';

// validate_doc_update (record types, authorship, the role policy for writes): its own file.
export { VALIDATE_DOC_UPDATE };

/** A request to the server failed; the message names the step and the server's answer, never a password. */
export class PracticeSetupError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'PracticeSetupError';
  }
}

type Json = Record<string, unknown>;

export function basicAuthHeader(c: Credentials): string {
  return 'Basic ' + Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
}

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** Encodes a database name or doc id for a URL path (CouchDB wants `/` in db names escaped). */
export function encodeName(name: string): string {
  return encodeURIComponent(name);
}

async function request(
  opts: { serverUrl: string; admin: Credentials },
  method: string,
  path: string,
  step: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  let res: Response;
  try {
    res = await fetch(joinUrl(opts.serverUrl, path), {
      method,
      headers: {
        authorization: basicAuthHeader(opts.admin),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new PracticeSetupError(`${step}: cannot reach ${opts.serverUrl}${cause}`, undefined);
  }
  const text = await res.text();
  let json: Json = {};
  try {
    json = text ? (JSON.parse(text) as Json) : {};
  } catch {
    throw new PracticeSetupError(
      `${step}: ${method} ${path} answered ${res.status} with something that is not JSON (is this CouchDB?)`,
      res.status,
    );
  }
  return { status: res.status, json };
}

function fail(step: string, method: string, path: string, r: { status: number; json: Json }): never {
  const reason = [r.json.error, r.json.reason].filter((x) => typeof x === 'string').join(': ');
  throw new PracticeSetupError(
    `${step}: ${method} ${path} answered ${r.status}${reason ? ` (${reason})` : ''}`,
    r.status,
  );
}

/** Creates a database unless it exists (412 means it does). */
async function ensureDatabase(opts: { serverUrl: string; admin: Credentials }, db: string): Promise<void> {
  const path = `/${encodeName(db)}`;
  const r = await request(opts, 'PUT', path, `create database ${db}`);
  if (r.status === 201 || r.status === 202 || r.status === 412) return;
  fail(`create database ${db}`, 'PUT', path, r);
}

/** The user's roles with its `cw-role:` role replaced by `role` (null: none, i.e. doctor). */
export function withRole(roles: unknown, role: Role | null): string[] {
  const kept = (Array.isArray(roles) ? roles : []).filter(
    (r): r is string => typeof r === 'string' && !r.startsWith(ROLE_PREFIX),
  );
  return role === null ? kept : [...kept, serverRole(role)];
}

function checkName(name: string): void {
  if (!name || name.startsWith('_'))
    throw new PracticeSetupError(`invalid user name ${JSON.stringify(name)}`, undefined);
}

/**
 * Writes a `_users` document: `change` gets the existing one (null when there is none) and
 * answers the new body, or throws. Retries on a 409: another setup may have written it in between.
 */
async function updateUser(
  opts: { serverUrl: string; admin: Credentials },
  name: string,
  step: string,
  change: (existing: Json | null) => Json,
): Promise<void> {
  await ensureDatabase(opts, '_users');
  const path = `/_users/${encodeName(`org.couchdb.user:${name}`)}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await request(opts, 'GET', path, step);
    if (existing.status !== 200 && existing.status !== 404) fail(step, 'GET', path, existing);
    const put = await request(opts, 'PUT', path, step, change(existing.status === 200 ? existing.json : null));
    if (put.status === 201 || put.status === 202) return;
    if (put.status !== 409) fail(step, 'PUT', path, put);
  }
  throw new PracticeSetupError(`${step}: kept conflicting with concurrent writes`, 409);
}

/**
 * Creates or updates a CouchDB user (`org.couchdb.user:NAME`, type user) with the given password.
 * An existing user keeps its roles, but for its `cw-role:` role when `role` is given.
 */
export async function ensureUser(opts: { serverUrl: string; admin: Credentials }, user: MemberSpec): Promise<void> {
  checkName(user.name);
  if (!user.password) throw new PracticeSetupError(`user ${user.name}: empty password`, undefined);
  await updateUser(opts, user.name, `create user ${user.name}`, (existing) => {
    const base: Json = existing ?? { _id: `org.couchdb.user:${user.name}`, name: user.name, type: 'user', roles: [] };
    const roles = user.role === undefined ? base.roles : withRole(base.roles, user.role);
    return { ...base, roles, password: user.password };
  });
}

/** Sets (or with null removes) an existing user's role; the password and other roles stay. */
export async function setUserRole(
  opts: { serverUrl: string; admin: Credentials },
  name: string,
  role: Role | null,
): Promise<void> {
  checkName(name);
  const step = `set the role of ${name}`;
  await updateUser(opts, name, step, (existing) => {
    if (!existing) throw new PracticeSetupError(`${step}: there is no user ${name}`, 404);
    return { ...existing, roles: withRole(existing.roles, role) };
  });
}

/** The role a user's `_users` roles give (shared/auth/roles.ts: none is a doctor). */
export async function getUserRole(opts: { serverUrl: string; admin: Credentials }, name: string): Promise<Role> {
  checkName(name);
  const path = `/_users/${encodeName(`org.couchdb.user:${name}`)}`;
  const step = `read the role of ${name}`;
  const r = await request(opts, 'GET', path, step);
  if (r.status === 404) throw new PracticeSetupError(`${step}: there is no user ${name}`, 404);
  if (r.status !== 200) fail(step, 'GET', path, r);
  const roles = Array.isArray(r.json.roles) ? r.json.roles.filter((x): x is string => typeof x === 'string') : [];
  return roleFromServerRoles(roles);
}

type SecurityObject = {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
};

function names(x: unknown, key: 'names' | 'roles'): string[] {
  if (typeof x !== 'object' || x === null) return [];
  const v = (x as Record<string, unknown>)[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])];

/** Adds names to the database's members (and the admin to its admins), keeping whoever is already there. */
export async function addMembers(
  opts: { serverUrl: string; admin: Credentials },
  db: string,
  memberNames: string[],
): Promise<void> {
  const path = `/${encodeName(db)}/_security`;
  const step = `set _security of ${db}`;
  const current = await request(opts, 'GET', path, step);
  if (current.status !== 200) fail(step, 'GET', path, current);
  const sec: SecurityObject = {
    admins: {
      names: union(names(current.json.admins, 'names'), [opts.admin.username]),
      roles: names(current.json.admins, 'roles'),
    },
    members: {
      names: union(names(current.json.members, 'names'), memberNames),
      // CouchDB 3 gives new databases members.roles ["_admin"]; keeping it is harmless.
      roles: names(current.json.members, 'roles'),
    },
  };
  const put = await request(opts, 'PUT', path, step, sec);
  if (put.status !== 200 && put.status !== 201) fail(step, 'PUT', path, put);
}

async function ensureValidationDesignDoc(opts: { serverUrl: string; admin: Credentials }, db: string): Promise<void> {
  const path = `/${encodeName(db)}/${VALIDATION_DDOC_ID}`;
  const step = `write ${VALIDATION_DDOC_ID} in ${db}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await request(opts, 'GET', path, step);
    if (existing.status !== 200 && existing.status !== 404) fail(step, 'GET', path, existing);
    if (existing.status === 200 && existing.json.validate_doc_update === VALIDATE_DOC_UPDATE) return;
    const doc: Json = { _id: VALIDATION_DDOC_ID, language: 'javascript', validate_doc_update: VALIDATE_DOC_UPDATE };
    if (existing.status === 200 && typeof existing.json._rev === 'string') doc._rev = existing.json._rev;
    const put = await request(opts, 'PUT', path, step, doc);
    if (put.status === 201 || put.status === 202) return;
    if (put.status !== 409) fail(step, 'PUT', path, put);
  }
  throw new PracticeSetupError(`${step}: kept conflicting with concurrent writes`, 409);
}

/**
 * Creates the practice database, its users (each with its role, when given), its `_security`
 * (members = the users, admins = the admin) and the `_design/validation` document. Safe to run again.
 */
export async function setupPractice(setup: PracticeSetup): Promise<void> {
  const conn = { serverUrl: setup.serverUrl, admin: setup.admin };
  const probe = await request(conn, 'GET', '/', 'check the server');
  if (probe.status === 401) fail('check the server (admin credentials refused)', 'GET', '/', probe);
  if (probe.status !== 200 || probe.json.couchdb === undefined) {
    throw new PracticeSetupError(`check the server: ${setup.serverUrl} does not answer like CouchDB`, probe.status);
  }
  await ensureDatabase(conn, setup.db);
  for (const m of setup.members) await ensureUser(conn, m);
  await addMembers(
    conn,
    setup.db,
    setup.members.map((m) => m.name),
  );
  await ensureValidationDesignDoc(conn, setup.db);
}

/** Deletes a database (used by test harnesses to clean up after themselves on a real CouchDB). */
export async function deleteDatabase(opts: { serverUrl: string; admin: Credentials }, db: string): Promise<void> {
  const path = `/${encodeName(db)}`;
  const r = await request(opts, 'DELETE', path, `delete database ${db}`);
  if (r.status === 200 || r.status === 202 || r.status === 404) return;
  fail(`delete database ${db}`, 'DELETE', path, r);
}
