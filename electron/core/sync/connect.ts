// Connecting: reachability, CouchDB, the password, the membership, the database. Each request is
// held at most `connectTimeoutMs`, so a black-holed server shows as "not answering" quickly.
import { SyncFailure, isObj, type EngineCtx } from './context';
import { isSeq } from './seq';

/** A tiny request that tells whether the server answers at all. */
export async function probe(c: EngineCtx, timeoutMs = c.t.probeTimeoutMs): Promise<boolean> {
  try {
    const r = await c.transport.json(`${c.base}/`, { idleTimeoutMs: timeoutMs });
    return r.status > 0;
  } catch {
    return false;
  }
}

/** A 401/403: ask the server which of the two it is. Always throws a SyncFailure. */
export async function authFailure(c: EngineCtx): Promise<never> {
  const s = await c.transport.json(`${c.base}/_session`, { idleTimeoutMs: c.t.connectTimeoutMs });
  const ctx = isObj(s.body) && isObj(s.body.userCtx) ? s.body.userCtx : null;
  if (s.status === 200 && ctx && ctx.name === c.credentials.username) {
    throw new SyncFailure('not-a-member', `${c.credentials.username} is not a member of the practice database`);
  }
  throw new SyncFailure('wrong-password', 'the server refused the user name or password');
}

export async function connect(c: EngineCtx): Promise<void> {
  const opts = { idleTimeoutMs: c.t.connectTimeoutMs };
  const root = await c.transport.json(`${c.base}/`, opts);
  if (root.status === 401 || root.status === 403) await authFailure(c);
  if (root.status >= 500) throw new SyncFailure('server-error', `server answered ${root.status}`);
  if (!isObj(root.body) || !('couchdb' in root.body))
    throw new SyncFailure('not-couchdb', `${c.base} does not answer like CouchDB`);
  const info = await c.transport.json(c.dbUrl, opts);
  if (info.status === 401 || info.status === 403) await authFailure(c);
  if (info.status === 404) throw new SyncFailure('database-missing', `no database ${c.dbName} on the server`);
  if (info.status !== 200 || !isObj(info.body))
    throw new SyncFailure('server-error', `server answered ${info.status} for the database`);
  c.remoteSince = isSeq(info.body.update_seq) ? info.body.update_seq : null;
  c.remoteDocs = typeof info.body.doc_count === 'number' ? info.body.doc_count : 0;
}
