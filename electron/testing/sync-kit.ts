// Helpers for the sync suites: a "workstation" is a real PouchDB on disk in a temp folder, a
// fault proxy in front of the practice server, and a sync engine between them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import type { SyncEvent, SyncStatus } from '../../shared/sync/status';
import { ChangePipeline } from '../core/store/changes';
import { openLocalDb } from '../core/store/open';
import { createSyncEngine, type SyncEngine, type SyncTuning } from '../core/sync/engine';
import type { Db } from '../core/sync/types';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startPracticeServer, type PracticeServer } from './practice';

export type Workstation = {
  name: string;
  /** The data folder; the database is `practice` in it. */
  dir: string;
  db: Db;
  proxy: FaultProxy;
  engine: SyncEngine;
  /** Every status the engine reported, with the local time it was reported. */
  history: Array<{ at: number; status: SyncStatus; event: SyncEvent }>;
  /** The database's change pipeline, which the engine listens to. */
  changes: ChangePipeline;
  /** A new engine on the same database, as after a restart of the workstation. */
  restart(credentials?: { username: string; password: string }): Promise<void>;
  close(): Promise<void>;
};

export async function startWorkstation(
  server: PracticeServer,
  name: string,
  credentials: { username: string; password: string },
  tuning: Partial<SyncTuning> = {},
): Promise<Workstation> {
  const dir = await mkdtemp(path.join(tmpdir(), `cw-sync-${name}-`));
  const db = openLocalDb(dir);
  // Wired as the core wires it: the engine listens to the one change pipeline of the database.
  const changes = new ChangePipeline(db);
  await changes.start(0);
  const target = new URL(server.url);
  const proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  const history: Workstation['history'] = [];
  const newEngine = (c: typeof credentials) =>
    createSyncEngine({
      local: db,
      remoteUrl: proxy.url,
      db: server.db,
      credentials: c,
      tuning,
      onStatus: (status, event) => history.push({ at: Date.now(), status, event }),
      localChanges: (listener) => changes.onLive(listener),
    });
  const w: Workstation = {
    name,
    dir,
    db,
    changes,
    proxy,
    engine: newEngine(credentials),
    history,
    async restart(c = credentials) {
      await w.engine.stop();
      w.engine = newEngine(c);
      w.engine.start();
    },
    async close() {
      await w.engine.stop();
      await changes.close();
      await proxy.stop();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return w;
}

export function adminDb(server: PracticeServer): Db {
  return new PouchDB(`${server.url}/${server.db}`, { auth: server.admin, skip_setup: true } as never) as unknown as Db;
}

export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs: number,
  label: string,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${label}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until a workstation says it is up to date with nothing waiting to go up. */
export function waitSynced(
  read: () => Promise<SyncStatus>,
  timeoutMs: number,
  label: string,
  everyMs?: number,
): Promise<boolean> {
  return waitFor(
    async () => {
      const s = await read();
      return s.phase.state === 'upToDate' && s.pendingUp === 0;
    },
    timeoutMs,
    label,
    everyMs,
  );
}

/** A document's revision tree as comparable data: every leaf with its full ancestry. */
export async function revTree(db: Db, id: string, ancestry = true): Promise<string[]> {
  const leaves = (await db.get(id, { open_revs: 'all', revs: true } as never)) as unknown as Array<{
    ok?: { _rev: string; _deleted?: boolean; _revisions: { start: number; ids: string[] } };
  }>;
  return leaves
    .flatMap((l) => (l.ok ? [l.ok] : []))
    .map(
      (d) =>
        `${d._rev}${d._deleted ? ' (deleted)' : ''}` +
        (!ancestry
          ? ''
          : ` <- ${d._revisions.ids
              .slice(1)
              .map((h, i) => `${d._revisions.start - 1 - i}-${h}`)
              .join(',')}`),
    )
    .sort();
}

/** Ids of every non-design, non-local document, sorted. */
export async function allIds(db: Db): Promise<string[]> {
  const res = await db.allDocs();
  return res.rows
    .map((r) => r.id)
    .filter((id) => !id.startsWith('_design/'))
    .sort();
}

/** Compares the revision trees of `ids` across databases; returns the first difference or null. */
/** The three places a document must end up the same: workstation A, the server, workstation B. */
export function everywhere(server: PracticeServer, a: Workstation, b: Workstation): Array<{ name: string; db: Db }> {
  return [
    { name: 'a', db: a.db },
    { name: 'server', db: adminDb(server) },
    { name: 'b', db: b.db },
  ];
}

export async function firstDifference(
  ids: string[],
  dbs: Array<{ name: string; db: Db }>,
  ancestry = true,
): Promise<string | null> {
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const trees = await Promise.all(
      dbs.map(async ({ db }) => Promise.all(chunk.map((id) => revTree(db, id, ancestry).catch(() => ['<missing>'])))),
    );
    for (let j = 0; j < chunk.length; j++) {
      const ref = JSON.stringify(trees[0]?.[j]);
      for (let k = 1; k < dbs.length; k++) {
        const other = JSON.stringify(trees[k]?.[j]);
        if (other !== ref) return `${chunk[j]}: ${dbs[0]?.name} ${ref} vs ${dbs[k]?.name} ${other}`;
      }
    }
  }
  return null;
}

export function patient(id: string, author: string, extra: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    _id: id,
    type: 'patient',
    author,
    firstName: 'Ann',
    lastName: id,
    created: now,
    modified: now,
    active: true,
    ...extra,
  };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Alice's workstation A and Bob's B, both live against a fresh practice server and up to date. */
export async function startPair(): Promise<{
  server: PracticeServer;
  a: Workstation;
  b: Workstation;
  close(): Promise<void>;
}> {
  const server = await startPracticeServer();
  const started: Workstation[] = [];
  const close = async () => {
    for (const w of started) await w.close();
    await server.stop();
  };
  try {
    await server.addMember('alice', 'alice-pw');
    await server.addMember('bob', 'bob-pw');
    const a = await startWorkstation(server, 'a', { username: 'alice', password: 'alice-pw' });
    started.push(a);
    const b = await startWorkstation(server, 'b', { username: 'bob', password: 'bob-pw' });
    started.push(b);
    await startBoth(a, b);
    return { server, a, b, close };
  } catch (err) {
    await close(); // a half-started pair is not left running
    throw err;
  }
}

/** Starts both engines and waits until both say up to date. */
export async function startBoth(a: Workstation, b: Workstation): Promise<void> {
  a.engine.start();
  b.engine.start();
  await waitFor(
    () => a.engine.status().phase.state === 'upToDate' && b.engine.status().phase.state === 'upToDate',
    20_000,
    'both up to date',
  );
}
