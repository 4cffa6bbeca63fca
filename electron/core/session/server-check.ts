// Asks the practice server whether a person's password is right: POST {server}/_session (CouchDB's
// own sign-in, which answers the user's roles), then whether that person is a member of the
// practice database (a valid account of another practice on the same CouchDB is not enough).
// The password goes only in the request body, never in a URL or a log line.
import type { Role } from '../../../shared/auth/roles';
import { roleFrom } from './role';

export type ServerTarget = { serverUrl: string; db: string };
export type ServerAnswer =
  | { kind: 'accepted'; role: Role }
  | { kind: 'refused' }
  | { kind: 'not-a-member' }
  | { kind: 'unreachable'; why: string };

export async function askServer(
  t: ServerTarget,
  username: string,
  password: string,
  timeoutMs: number,
): Promise<ServerAnswer> {
  const base = t.serverUrl.replace(/\/+$/, '');
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(`${base}/_session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name: username, password }),
      signal,
      redirect: 'error',
    });
    const body = (await res.json().catch(() => undefined)) as SessionBody | undefined;
    if (res.status === 401) return { kind: 'refused' };
    if (res.status !== 200 || body?.ok !== true) return { kind: 'unreachable', why: `status ${res.status}` };
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('AuthSession='))
      ?.split(';')[0];
    const db = await fetch(`${base}/${encodeURIComponent(t.db)}`, {
      headers: {
        Accept: 'application/json',
        ...(cookie
          ? { Cookie: cookie }
          : { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }),
      },
      signal,
      redirect: 'error',
    });
    await db.body?.cancel();
    if (db.status === 401 || db.status === 403) return { kind: 'not-a-member' };
    if (db.status !== 200) return { kind: 'unreachable', why: `status ${db.status}` };
    return { kind: 'accepted', role: roleFrom(body.roles ?? body.userCtx?.roles) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { kind: 'unreachable', why: e.name === 'TimeoutError' ? 'no answer' : (e.cause?.code ?? e.name) };
  }
}

// CouchDB's POST /_session answers {ok, name, roles}; some servers answer a userCtx as GET does.
type SessionBody = { ok?: boolean; name?: string; roles?: unknown; userCtx?: { roles?: unknown } };
