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
import type { Request, Response } from 'express';
import { guardDocumentDepth, storableDepth } from './depth-guard';
import { fastChanges, rawStores, type RawStores } from './fast-changes';
import { databaseGate, errorHandler, serverGate } from './gates';

const require = createRequire(import.meta.url);
// express-pouchdb and its helpers ship no types; they are used through the narrow shapes below.
const expressPouchDB = require('express-pouchdb') as (PouchDB: unknown, opts: unknown) => PouchApp;
const PouchDBNode = require('pouchdb-node') as {
  defaults(opts: object): unknown;
  adapters: Parameters<typeof guardDocumentDepth>[0]['adapters'];
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
function installGates(app: PouchApp, stores: RawStores): void {
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

  // The normal _changes feed streamed from the stores (fast-changes.ts), behind the gate.
  const changesIdx = stack.findIndex((l) => l.route?.path === '/:db/_changes' && l.route.methods.get === true);
  if (changesIdx <= dbIdx + 1) throw new Error('practice-server: express-pouchdb layout changed (no _changes route)');
  app.use(fastChanges(stores));
  moveLastLayerTo(stack, changesIdx);

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
  const stores = rawStores();
  const PouchDB = PouchDBNode.defaults({
    prefix: opts.dataDir.endsWith(sep) ? opts.dataDir : opts.dataDir + sep,
    db: stores.leveldown, // pouchdb-node's own leveldown, remembered for fast-changes.ts
  });
  const app = expressPouchDB(PouchDB, {
    mode: 'fullCouchDB',
    overrideMode: { exclude: EXCLUDED_PARTS },
    inMemoryConfig: true, // no config.json in the data folder
    logPath: devNull, // the logger still opens its file: point it nowhere
  });
  await setConfig(app, 'couch_httpd_auth', 'secret', loadOrCreateSecret(opts.dataDir));
  await setConfig(app, 'admins', opts.admin.username, opts.admin.password);
  installGates(app, stores);

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
