// The authorization layer of the dev practice server: CouchDB 3's rules applied to every route,
// as two gates spliced into express-pouchdb's stack (see server.ts) and an error handler.
import { createRequire } from 'node:module';
import type { NextFunction, Request, Response } from 'express';
import { handleLiveChanges, isLiveFeed } from './live-changes';
import { sendError, sendJSON } from './respond';
import {
  authorizeDatabase,
  authorizeServer,
  isMalformedAuthSession,
  isServerAdmin,
  MALFORMED_AUTH_SESSION,
  type UserCtx,
} from './rules';

const require = createRequire(import.meta.url);
const pouchUtils = require('express-pouchdb/lib/utils') as {
  jsonParser: (req: Request, res: Response, next: NextFunction) => void;
};

/** Splits the request path into decoded segments: `/db/_design/x` → ['db', '_design', 'x']. */
function pathSegments(req: Request): string[] {
  const path = (req.originalUrl || req.url).split('?')[0] ?? '';
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (!part) continue;
    try {
      out.push(decodeURIComponent(part));
    } catch {
      out.push(part); // malformed escapes: keep raw; the route will reject it
    }
  }
  return out;
}

function sessionOf(req: Request): UserCtx {
  const s = (req as unknown as { couchSession?: { userCtx?: { name?: unknown; roles?: unknown } } }).couchSession;
  const name = typeof s?.userCtx?.name === 'string' ? s.userCtx.name : null;
  const roles = Array.isArray(s?.userCtx?.roles)
    ? s.userCtx.roles.filter((r): r is string => typeof r === 'string')
    : [];
  return { name, roles };
}

type PouchDb = {
  get(id: string): Promise<Record<string, unknown>>;
  changes(opts: object): unknown;
  info(): Promise<{ update_seq: unknown }>;
};

async function securityOf(db: PouchDb): Promise<Record<string, unknown> | null> {
  try {
    // pouchdb-security keeps the object in this local doc. No userCtx in the options:
    // express-pouchdb's wrappers treat that as the server itself.
    const doc = await db.get('_local/_security');
    const sec = doc.security;
    return typeof sec === 'object' && sec !== null ? (sec as Record<string, unknown>) : {};
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

/** Server-level rules; runs right after express-pouchdb has worked out who is asking. */
export function serverGate(req: Request, res: Response, next: NextFunction): void {
  // express-pouchdb falls back to Basic auth on a cookie it cannot parse; CouchDB refuses it.
  const cookie = (req as { cookies?: Record<string, unknown> }).cookies?.AuthSession;
  if (typeof cookie === 'string' && isMalformedAuthSession(cookie)) {
    sendJSON(res, 400, { error: 'bad_request', reason: MALFORMED_AUTH_SESSION });
    return;
  }
  const user = sessionOf(req);
  const segments = pathSegments(req);
  const verdict = authorizeServer(req.method, segments, user);
  if (verdict.kind === 'deny') {
    if (verdict.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="server"');
    sendJSON(res, verdict.status, { error: verdict.error, reason: verdict.reason });
    return;
  }
  if (verdict.kind === 'welcome') {
    sendJSON(res, 200, {
      couchdb: 'Welcome',
      version: '3',
      vendor: { name: 'clinic-workstation dev practice server (express-pouchdb 4.2.0)' },
      features: [],
    });
    return;
  }
  next();
}

/** Database-level rules; runs once express-pouchdb has opened req.db (the database exists). */
export function databaseGate(req: Request, res: Response, next: NextFunction): void {
  const db = (req as unknown as { db?: PouchDb }).db;
  if (!db) return next();
  const user = sessionOf(req);
  const segments = pathSegments(req);
  const check = (): void => {
    securityOf(db)
      .then((sec) => {
        const verdict = authorizeDatabase(req.method, segments, user, sec, writtenIds(req, segments));
        if (verdict.kind === 'deny') {
          sendJSON(res, verdict.status, { error: verdict.error, reason: verdict.reason });
          return;
        }
        if (segments[1] === '_changes' && segments.length === 2) return changesRoute(req, res, next, db);
        if (segments[1] === '_bulk_docs' && segments.length === 2) pinRevisions(req.body);
        next();
      })
      .catch((err: unknown) => sendJSON(res, 500, { error: 'internal_error', reason: String(err) }));
  };
  // Writes that name their documents in the body are parsed here (body-parser then skips them).
  const bodyNamesDocs =
    req.method === 'POST' && (segments.length === 1 || (segments.length === 2 && segments[1] === '_bulk_docs'));
  if (bodyNamesDocs && !isServerAdmin(user)) pouchUtils.jsonParser(req, res, check);
  else check();
}

/**
 * pouchdb-validation 4.2.0 overwrites each incoming document's `_revisions` with the stored
 * document's (validate(): `newDoc._revisions = oldDoc._revisions`) before writing it. With
 * new_edits=false (replication) that cuts a revision off its ancestry: the server then holds a
 * new root instead of a child, and every workstation sees a conflict that never happened. The
 * incoming history is pinned so that assignment cannot change it.
 */
function pinRevisions(body: unknown): void {
  const docs = typeof body === 'object' && body !== null ? (body as { docs?: unknown }).docs : undefined;
  if (!Array.isArray(docs)) return;
  for (const doc of docs) {
    if (typeof doc !== 'object' || doc === null || !('_revisions' in doc)) continue;
    const value = (doc as { _revisions: unknown })._revisions;
    Object.defineProperty(doc, '_revisions', {
      get: () => value,
      set: () => undefined,
      enumerable: true,
      configurable: true,
    });
  }
}

/** The document ids a POST /db, POST /db/_bulk_docs or COPY request would write. */
function writtenIds(req: Request, segments: string[]): string[] {
  if (req.method === 'COPY') {
    const dest = req.get('Destination');
    return dest ? [decodeURIComponent(dest.split('?')[0] ?? '')] : [];
  }
  if (req.method !== 'POST') return [];
  const body = req.body as unknown;
  const idOf = (d: unknown): string | undefined =>
    typeof d === 'object' && d !== null && typeof (d as { _id?: unknown })._id === 'string'
      ? (d as { _id: string })._id
      : undefined;
  if (segments.length === 1) {
    const id = idOf(body);
    return id === undefined ? [] : [id];
  }
  const docs = typeof body === 'object' && body !== null ? (body as { docs?: unknown }).docs : undefined;
  return Array.isArray(docs) ? docs.map(idOf).filter((x): x is string => x !== undefined) : [];
}

const KNOWN_BUILTIN_FILTERS = new Set(['_doc_ids', '_selector', '_view', '_design']);

/** `_changes`: fills in what express-pouchdb misses (selector from the body, timeouts on live feeds). */
function changesRoute(req: Request, res: Response, next: NextFunction, db: PouchDb): void {
  const withBody = (cont: () => void): void => {
    if (req.method === 'POST') pouchUtils.jsonParser(req, res, cont);
    else cont();
  };
  withBody(() => {
    const query = req.query as Record<string, unknown>;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const filter = query.filter;
    if (filter !== undefined) {
      if (typeof filter !== 'string' || (filter.startsWith('_') && !KNOWN_BUILTIN_FILTERS.has(filter))) {
        return sendJSON(res, 400, { error: 'bad_request', reason: `unknown filter ${JSON.stringify(filter)}` });
      }
      if (!filter.startsWith('_') && !/^[^/]+\/[^/]+$/.test(filter)) {
        return sendJSON(res, 400, { error: 'bad_request', reason: 'filter must be of the form designname/filtername' });
      }
    }
    // express-pouchdb never reads the selector from the body and crashes on filter=_selector.
    if (filter === '_selector') {
      if (typeof body.selector !== 'object' || body.selector === null) {
        return sendJSON(res, 400, { error: 'bad_request', reason: 'Selector must be specified in POST payload' });
      }
      query.selector = body.selector;
    }
    if (filter === '_view' && typeof query.view !== 'string') {
      return sendJSON(res, 400, { error: 'bad_request', reason: '`view` filter parameter is not provided.' });
    }
    if (filter === '_doc_ids') {
      const ids = body.doc_ids ?? query.doc_ids;
      if (!Array.isArray(ids))
        return sendJSON(res, 400, {
          error: 'bad_request',
          reason: '`doc_ids` filter parameter is not a list of doc ids.',
        });
      query.doc_ids = ids;
    }
    if (!isLiveFeed(query.feed)) return next();
    void answeredNow(db, query)
      .catch(() => false)
      .then((now) => (now ? next() : handleLiveChanges(req, res, db, query)))
      .catch((err: unknown) => sendError(res, err));
  });
}

/**
 * A longpoll with changes waiting is answered at once with them, as CouchDB does: that answer is
 * the normal feed's, so it goes the normal feed's way (the streamed fast path where it applies),
 * not through PouchDB's changes() (2-3× slower for 250 documents with their bodies, and what a
 * colleague's edit waits behind during someone's bulk write). Only where "changes waiting" is
 * sure: no filter, a numeric `since` below the database's sequence, ascending.
 */
async function answeredNow(db: PouchDb, query: Record<string, unknown>): Promise<boolean> {
  const since = query.since;
  if (query.feed !== 'longpoll' || typeof since !== 'number' || query.descending === true) return false;
  if (['filter', 'doc_ids', 'selector', 'view'].some((k) => query[k] !== undefined)) return false;
  const seq = (await db.info()).update_seq;
  if (typeof seq !== 'number' || seq <= since) return false;
  for (const k of ['feed', 'timeout', 'heartbeat']) delete query[k];
  return true;
}

/** Answers JSON for errors thrown inside express-pouchdb routes instead of Express's HTML page. */
export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
  process.stderr.write(`practice-server: route error: ${err instanceof Error ? err.stack : String(err)}\n`);
  sendJSON(res, status, {
    error: status === 500 ? 'internal_error' : 'bad_request',
    reason: err instanceof Error ? err.message : String(err),
  });
}
