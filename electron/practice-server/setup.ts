// Sets up a practice on a CouchDB-compatible server over plain HTTP, so the very same code
// runs against a clinic's Apache CouchDB 3 and against the dev server in this folder.
// Every step is idempotent: running it twice changes nothing but the design document.
import { RECORD_TYPES } from '../../shared/records/schemas';

export type Credentials = { username: string; password: string };
export type MemberSpec = { name: string; password: string };

export type PracticeSetup = {
  serverUrl: string; // base URL without credentials, e.g. http://127.0.0.1:5984
  admin: Credentials; // a server admin
  db: string; // the practice database
  members: MemberSpec[];
};

// The `type` values a practice database accepts are the workstation's own (DATA-MODEL.md).
export { RECORD_TYPES };

export const VALIDATION_DDOC_ID = '_design/validation';

// ES5 on purpose: CouchDB's JavaScript engine (SpiderMonkey/QuickJS) and the dev server's
// eval both accept it. Tombstones carry only _id/_rev/_deleted, so deletions pass untouched;
// server admins (setup, maintenance) may write anything.
export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  if (userCtx && userCtx.roles && userCtx.roles.indexOf('_admin') !== -1) { return; }
  if (newDoc._deleted === true) { return; }
  var types = ${JSON.stringify(RECORD_TYPES)};
  if (typeof newDoc.type !== 'string' || types.indexOf(newDoc.type) === -1) {
    throw({ forbidden: 'Unknown or missing document type: ' + JSON.stringify(newDoc.type === undefined ? null : newDoc.type) + '.' });
  }
  if (!userCtx || !userCtx.name || newDoc.author !== userCtx.name) {
    throw({ forbidden: 'The author of a document must be the user writing it.' });
  }
}`;

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

/**
 * Creates or updates a CouchDB user (`org.couchdb.user:NAME`, type user, roles []).
 * An existing user keeps its roles and gets the given password.
 */
export async function ensureUser(opts: { serverUrl: string; admin: Credentials }, user: MemberSpec): Promise<void> {
  if (!user.name || user.name.startsWith('_')) {
    throw new PracticeSetupError(`invalid user name ${JSON.stringify(user.name)}`, undefined);
  }
  if (!user.password) throw new PracticeSetupError(`user ${user.name}: empty password`, undefined);
  await ensureDatabase(opts, '_users');
  const path = `/_users/${encodeName(`org.couchdb.user:${user.name}`)}`;
  const step = `create user ${user.name}`;
  // Retry once on a 409: another setup may have written the same user in between.
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await request(opts, 'GET', path, step);
    if (existing.status !== 200 && existing.status !== 404) fail(step, 'GET', path, existing);
    const doc: Json =
      existing.status === 200
        ? { ...existing.json, password: user.password }
        : { _id: `org.couchdb.user:${user.name}`, name: user.name, type: 'user', roles: [], password: user.password };
    const put = await request(opts, 'PUT', path, step, doc);
    if (put.status === 201 || put.status === 202) return;
    if (put.status !== 409) fail(step, 'PUT', path, put);
  }
  throw new PracticeSetupError(`${step}: kept conflicting with concurrent writes`, 409);
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
 * Creates the practice database, its users, its `_security` (members = the users,
 * admins = the admin) and the `_design/validation` document. Safe to run again.
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
