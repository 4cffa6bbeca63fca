// Test harness: a practice server for the sync and conflict suites. By default it spawns the
// dev practice server (electron/practice-server/cli.ts) as its own process on a free loopback
// port with a temp data folder; with PRACTICE_SERVER_URL=http://admin:pw@host:5984 it uses that
// server (e.g. a real Apache CouchDB 3) with a fresh database per call. Either way the practice
// is set up by the same setupPractice() a clinic's server gets.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../shared/auth/roles';
import { serverNodeFlags } from '../practice-server/depth-guard';
import { addMembers, deleteDatabase, ensureUser, setupPractice } from '../practice-server/setup';

export type PracticeServer = {
  url: string; // base URL without credentials, e.g. http://127.0.0.1:41234
  db: string; // practice database name
  admin: { username: string; password: string };
  external: boolean; // true when PRACTICE_SERVER_URL pointed at a real CouchDB
  /** role: the member's `cw-role:` role (none: a doctor, as before roles). */
  addMember(name: string, password: string, role?: Role | null): Promise<void>;
  addNonMember(name: string, password: string): Promise<void>;
  restart(): Promise<void>; // stop + start the same process/data (throws a clear error when external)
  stop(): Promise<void>; // kills the process and removes its temp data dir (external: drops the test database)
};

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO_ROOT, 'electron', 'practice-server', 'cli.ts');
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * dataDir (dev server only): start on this folder, e.g. one that already holds a copied database;
 * the caller owns it (stop() leaves it). By default a fresh temp folder that stop() removes.
 */
export type PracticeServerOptions = { db?: string; dataDir?: string };

export async function startPracticeServer(opts: PracticeServerOptions = {}): Promise<PracticeServer> {
  const external = process.env.PRACTICE_SERVER_URL;
  return external ? useExternal(external, opts) : startDev(opts);
}

function parseExternalUrl(raw: string): { url: string; admin: { username: string; password: string } } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error('PRACTICE_SERVER_URL is not a URL (expected e.g. http://admin:password@127.0.0.1:5984)');
  }
  if (!u.username || !u.password) {
    throw new Error(
      'PRACTICE_SERVER_URL must carry the server admin credentials, e.g. http://admin:password@host:5984',
    );
  }
  const admin = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { url: u.toString().replace(/\/+$/, ''), admin };
}

// CouchDB database names: a lowercase letter first, then [a-z0-9_$()+/-].
function uniqueDbName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

async function useExternal(raw: string, opts: { db?: string }): Promise<PracticeServer> {
  const { url, admin } = parseExternalUrl(raw);
  const db = uniqueDbName(opts.db ?? 'practice-test');
  const conn = { serverUrl: url, admin };
  await setupPractice({ serverUrl: url, admin, db, members: [] });
  return {
    url,
    db,
    admin,
    external: true,
    addMember: async (name, password, role) => {
      await ensureUser(conn, { name, password, ...(role === undefined ? {} : { role }) });
      await addMembers(conn, db, [name]);
    },
    addNonMember: (name, password) => ensureUser(conn, { name, password }),
    restart: () =>
      Promise.reject(
        new Error('restart() is not available: PRACTICE_SERVER_URL points at an external server the tests do not run'),
      ),
    // Users stay (other test files may share them); the per-call database goes.
    stop: () => deleteDatabase(conn, db),
  };
}

type Running = { child: ChildProcess; exited: Promise<void> };

async function startDev(opts: PracticeServerOptions): Promise<PracticeServer> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'practice-server-')));
  const ownsDir = opts.dataDir === undefined;
  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const db = opts.db ?? 'practice';
  let port = 0;
  let running: Running | undefined;
  let stopped = false;

  const launch = async (): Promise<void> => {
    const r = await spawnServer(dataDir, port, admin);
    running = r.running;
    port = r.port;
  };
  const halt = async (): Promise<void> => {
    const r = running;
    running = undefined;
    if (r) await killAndWait(r);
  };

  try {
    await launch();
    const url = `http://127.0.0.1:${port}`;
    await setupPractice({ serverUrl: url, admin, db, members: [] });
  } catch (err) {
    await halt();
    if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = `http://127.0.0.1:${port}`;
  const conn = { serverUrl: url, admin };
  return {
    url,
    db,
    admin,
    external: false,
    addMember: async (name, password, role) => {
      await ensureUser(conn, { name, password, ...(role === undefined ? {} : { role }) });
      await addMembers(conn, db, [name]);
    },
    addNonMember: (name, password) => ensureUser(conn, { name, password }),
    restart: async () => {
      if (stopped) throw new Error('restart(): this practice server was stopped');
      await halt();
      // Same port and data folder: clients see the server go away and come back.
      await launch();
    },
    stop: async () => {
      stopped = true;
      await halt();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort if a test forgets stop(): never leave a server running after the test process.
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGKILL');
    });
  }
}

function spawnServer(
  dataDir: string,
  port: number,
  admin: { username: string; password: string },
): Promise<{ running: Running; port: number }> {
  const child = spawn(
    process.execPath,
    [
      // The larger V8 stack the server needs for deeply nested documents (cli.ts would otherwise
      // start itself again to get it).
      ...serverNodeFlags(),
      '--import',
      'tsx',
      CLI,
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--admin-user',
      admin.username,
      '--admin-password',
      admin.password,
      // The server exits when our end of its stdin closes, e.g. if this process dies.
      '--exit-with-stdin',
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    if (process.env.PRACTICE_SERVER_DEBUG) process.stderr.write(chunk);
  });

  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`practice server did not print READY within ${READY_TIMEOUT_MS} ms. stderr:\n${stderr}`));
    }, READY_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const m = /READY http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        out = '';
        resolve({ running: { child, exited }, port: Number(m[1]) });
      } else if (out.length > 10_000) {
        out = out.slice(-1000);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`practice server exited before READY (code ${code}, signal ${signal}). stderr:\n${stderr}`));
    });
  });
}

async function killAndWait(r: Running): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  r.child.kill('SIGTERM');
  const timer = setTimeout(() => r.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await r.exited;
  clearTimeout(timer);
}
