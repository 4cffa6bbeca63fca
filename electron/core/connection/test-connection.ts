// "Test connection": the exact reason a practice server cannot be used, in the words a person
// needs (unreachable, wrong password, not a member, not CouchDB, no such database).
import type { SyncErrorReason } from '../../../shared/sync/status';

export type ConnectionTarget = { serverUrl: string; db: string; username: string; password: string };
export type ConnectionResult =
  | { ok: true; serverVersion: string; user: string }
  | { ok: false; reason: SyncErrorReason; message: string };

const TIMEOUT_MS = 8000;

async function get(url: string, auth?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    headers: { Accept: 'application/json', ...(auth ? { Authorization: auth } : {}) },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

export async function testConnection(t: ConnectionTarget): Promise<ConnectionResult> {
  const base = t.serverUrl.replace(/\/+$/, '');
  const auth = 'Basic ' + Buffer.from(`${t.username}:${t.password}`).toString('base64');
  let root;
  try {
    root = await get(`${base}/`, auth);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    return { ok: false, reason: 'unreachable', message: `The server at ${base} cannot be reached (${why}).` };
  }
  const rootBody = root.body as { couchdb?: string; version?: string; error?: string } | undefined;
  if (root.status === 401) return { ok: false, reason: 'wrong-password', message: `The server refused user "${t.username}" with this password.` };
  if (root.status >= 500) return { ok: false, reason: 'server-error', message: `The server answered with an error (${root.status}).` };
  if (root.status !== 200 || typeof rootBody?.couchdb !== 'string') {
    return { ok: false, reason: 'not-couchdb', message: `Something answers at ${base}, but it is not a CouchDB server.` };
  }
  const session = await get(`${base}/_session`, auth);
  const name = (session.body as { userCtx?: { name?: string | null } } | undefined)?.userCtx?.name;
  if (session.status === 401 || !name) {
    return { ok: false, reason: 'wrong-password', message: `The server refused user "${t.username}" with this password.` };
  }
  const db = await get(`${base}/${encodeURIComponent(t.db)}`, auth);
  if (db.status === 403 || db.status === 401) {
    return { ok: false, reason: 'not-a-member', message: `User "${name}" is not a member of the practice database "${t.db}".` };
  }
  if (db.status === 404) return { ok: false, reason: 'database-missing', message: `The server has no database "${t.db}".` };
  if (db.status !== 200) return { ok: false, reason: 'server-error', message: `The server answered with an error (${db.status}).` };
  return { ok: true, serverVersion: rootBody.version ?? 'unknown', user: name };
}
