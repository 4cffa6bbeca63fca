// The dev/test practice server: express-pouchdb 4.2.0 over pouchdb-node (leveldb) for the data
// plane, with an authorization layer spliced into its middleware stack that applies CouchDB 3's
// rules to every route and closes the defects express-pouchdb has out of the box (see README.md).
// Clinics run Apache CouchDB 3; this server exists so development and tests need none.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { devNull } from 'node:os';
import { join, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { guardDocumentDepth, storableDepth } from './depth-guard';
import { handleLiveChanges, isLiveFeed } from './live-changes';
import { sendJSON } from './respond';
import {
  authorizeDatabase,
  authorizeServer,
  isMalformedAuthSession,
  isServerAdmin,
  MALFORMED_AUTH_SESSION,
  type UserCtx,
} from './rules';

const require = createRequire(import.meta.url);
// express-pouchdb and its helpers ship no types; they are used through the narrow shapes below.
const expressPouchDB = require('express-pouchdb') as (PouchDB: unknown, opts: unknown) => PouchApp;
const PouchDBNode = require('pouchdb-node') as {
  defaults(opts: object): unknown;
  adapters: Parameters<typeof guardDocumentDepth>[0]['adapters'];
};
const pouchUtils = require('express-pouchdb/lib/utils') as {
  jsonParser: (req: Request, res: Response, next: NextFunction) => void;
};

type Layer = { name: string; handle: { name?: string }; route?: { path: string; methods: Record<string, boolean> } };
type PouchApp = ((req: Request, res: Response) => void) & {
  _router: { stack: Layer[] };
  use(fn: unknown): void;
  listen(port: number, host: string, cb: () => void): Server;
  couchConfig: {
    set(section: string, key: string, value: unknown, cb: (err?: unknown) => void): void;
  };
};

export type PracticeServerOptions = {
  port: number; // 0 = a free port
  dataDir: string;
  admin: { username: string; password: string };
  /** Deeper documents are refused with 413 (default: what this process's V8 stack can store). */
  maxDocumentDepth?: number;
};

export type RunningPracticeServer = {
  url: string; // http://127.0.0.1:PORT
  port: number;
  close(): Promise<void>;
};

// express-pouchdb parts left out: gzip (it buffers live feeds, so heartbeats never reach the
// client, and costs CPU for nothing on loopback), a web UI, a request log written to disk (never
// rotated), test and vhost/rewrite routes that re-route requests after authorization, and the
// _replicator daemon.
const EXCLUDED_PARTS = [
  'compression',
  'routes/fauxton',
  'routes/http-log',
  'routes/log',
  'routes/special-test-auth',
  'routes/vhosts',
  'routes/rewrite',
  'routes/replicate',
  'replicator',
];

const SECRET_FILE = 'practice-server-secret';

/** Keeps the cookie secret across restarts, as CouchDB keeps its own, so sessions survive restart(). */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  try {
    const s = readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch {
    // first start: no secret yet
  }
  const s = randomBytes(32).toString('hex');
  writeFileSync(file, s, { mode: 0o600 });
  return s;
}

function setConfig(app: PouchApp, section: string, key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) =>
    app.couchConfig.set(section, key, value, (err) => (err ? reject(err) : resolve())),
  );
}

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
function serverGate(req: Request, res: Response, next: NextFunction): void {
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
function databaseGate(req: Request, res: Response, next: NextFunction): void {
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
    if (isLiveFeed(query.feed)) return handleLiveChanges(req, res, db, query);
    next();
  });
}

/** Answers JSON for errors thrown inside express-pouchdb routes instead of Express's HTML page. */
function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
  process.stderr.write(`practice-server: route error: ${err instanceof Error ? err.stack : String(err)}\n`);
  sendJSON(res, status, {
    error: status === 500 ? 'internal_error' : 'bad_request',
    reason: err instanceof Error ? err.message : String(err),
  });
}

/** Moves the layer just added at the end of the stack to position `index`. */
function moveLastLayerTo(stack: Layer[], index: number): void {
  const layer = stack.pop();
  if (!layer) throw new Error('practice-server: empty middleware stack');
  stack.splice(index, 0, layer);
}

/**
 * Splices the two gates into express-pouchdb's own stack: the server gate right after its
 * authentication middleware (so it sees req.couchSession), the database gate right after the
 * layers that open req.db. Pinned to express-pouchdb 4.2.0's layout; fails loudly if it changes.
 */
function installGates(app: PouchApp): void {
  const stack = app._router.stack;
  const cookieIdx = stack.findIndex((l) => l.handle.name === 'cookieParser');
  if (cookieIdx < 0 || cookieIdx + 1 >= stack.length) {
    throw new Error('practice-server: express-pouchdb layout changed (no authentication middleware found)');
  }
  app.use(serverGate);
  moveLastLayerTo(stack, cookieIdx + 2);

  let dbIdx = -1;
  stack.forEach((l, i) => {
    // app.all() routes: they answer every method, which tells them apart from GET /:db etc.
    const all = l.route !== undefined && l.route.methods.get === true && l.route.methods.copy === true;
    if (all && (l.route?.path === '/:db' || l.route?.path === '/:db/*')) dbIdx = i;
  });
  if (dbIdx < 0) throw new Error('practice-server: express-pouchdb layout changed (no /:db layer found)');
  app.use(databaseGate);
  moveLastLayerTo(stack, dbIdx + 1);

  app.use(errorHandler);
}

/** Logs instead of dying: a request that trips a bug in express-pouchdb must not stop the server. */
export function installProcessSafetyNet(): void {
  process.on('uncaughtException', (err) => {
    process.stderr.write(`practice-server: uncaught exception, still serving: ${err.stack ?? String(err)}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`practice-server: unhandled rejection, still serving: ${String(reason)}\n`);
  });
}

export async function startPracticeServerProcess(opts: PracticeServerOptions): Promise<RunningPracticeServer> {
  if (!opts.admin.username || !opts.admin.password) {
    throw new Error('practice-server: admin user name and password are required (no "admin party")');
  }
  mkdirSync(opts.dataDir, { recursive: true });
  guardDocumentDepth(PouchDBNode, opts.maxDocumentDepth ?? storableDepth());
  const PouchDB = PouchDBNode.defaults({ prefix: opts.dataDir.endsWith(sep) ? opts.dataDir : opts.dataDir + sep });
  const app = expressPouchDB(PouchDB, {
    mode: 'fullCouchDB',
    overrideMode: { exclude: EXCLUDED_PARTS },
    inMemoryConfig: true, // no config.json in the data folder
    logPath: devNull, // the logger still opens its file: point it nowhere
  });
  await setConfig(app, 'couch_httpd_auth', 'secret', loadOrCreateSecret(opts.dataDir));
  await setConfig(app, 'admins', opts.admin.username, opts.admin.password);
  installGates(app);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  // Idle keep-alive sockets must not hold close() open.
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // live _changes feeds would otherwise keep it open
      }),
  };
}
