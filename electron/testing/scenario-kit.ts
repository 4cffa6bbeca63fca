// Test-only kit for the conflict scenarios: workstations (real cores on their own data folders,
// each reaching the practice server through its own fault proxy), cutting and restoring their
// network, and reading revision trees on the server and on every workstation to compare them.
import { randomBytes } from 'node:crypto';
import { openCore } from '../core/core';
import type { LocalDb } from '../core/store/open';
import type { Handlers } from '../core/dispatch';
import type { SyncTuning } from '../core/sync/engine';
import type { Core } from '../core/types';
import { fileSecretStore } from '../host/file-secrets';
import { addMembers, basicAuthHeader, deleteDatabase, ensureUser, setupPractice } from '../practice-server/setup';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import type { PracticeServer } from './practice';
import { tempDir } from './temp';

/** Fast enough for tests: a refused link is seen at once and the return within ~150 ms. */
export const SCENARIO_TUNING: Partial<SyncTuning> = {
  idleTimeoutMs: 4_000,
  longpollMs: 1_000,
  heartbeatMs: 300,
  probeIntervalMs: 100,
  probeTimeoutMs: 1_000,
  backoffBaseMs: 100,
  roundDebounceMs: 20,
};

export type Station = {
  name: string;
  user: string;
  deviceId: string;
  core: Core;
  h: Handlers;
  db: LocalDb;
  proxy: FaultProxy;
  close(): Promise<void>;
};

export async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > end) {
      const seen = lastErr
        ? `last error: ${String((lastErr as Error).message ?? lastErr)}`
        : `last seen: ${JSON.stringify(last).slice(0, 600)}`;
      throw new Error(`${what}: not within ${ms} ms (${seen})`);
    }
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** One practice database on the server, for one scenario: each starts from an empty practice. */
export type Practice = {
  url: string;
  db: string;
  admin: PracticeServer['admin'];
  addMember(name: string, password: string): Promise<void>;
  drop(): Promise<void>;
};

/** A fresh practice database on the same server (dev server or external CouchDB alike). */
export async function freshPractice(server: PracticeServer, label: string): Promise<Practice> {
  const db = `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const conn = { serverUrl: server.url, admin: server.admin };
  await setupPractice({ serverUrl: server.url, admin: server.admin, db, members: [] });
  let chain: Promise<void> = Promise.resolve();
  return {
    url: server.url,
    db,
    admin: server.admin,
    // One at a time: adding a member rewrites the database's _security document.
    addMember: (name, password) =>
      (chain = chain
        .catch(() => undefined)
        .then(async () => {
          await ensureUser(conn, { name, password });
          await addMembers(conn, db, [name]);
        })),
    drop: () => deleteDatabase(conn, db),
  };
}

/** A workstation logged in as a fresh practice member, connected and up to date. */
export async function startStation(server: Practice, name: string): Promise<Station> {
  const user = `${name}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const password = `${name}-pw`;
  await server.addMember(user, password);
  const t = await tempDir(`cw-scenario-${name}-`);
  const target = new URL(server.url);
  const proxy = await startFaultProxy({ targetPort: Number(target.port || 80), targetHost: target.hostname });
  let core: Core | undefined;
  const close = async () => {
    if (core && proxy.mode() === 'pass') {
      const h = core.handlers;
      await until(
        `${name} idle before closing`,
        () => h['sync.status']({}),
        (st) => st.phase.state !== 'syncing',
        5_000,
      ).catch(() => undefined);
    }
    try {
      await core?.close();
    } finally {
      await proxy.stop();
      await t.remove();
    }
  };
  try {
    const opened = await openCore({
      dataDir: t.dir,
      host: 'browser',
      secrets: fileSecretStore(t.dir),
      syncTuning: SCENARIO_TUNING,
    });
    core = opened.core;
    const parts = opened.parts;
    const h = core.handlers;
    await h['sync.saveSettings']({ serverUrl: proxy.url, db: server.db, username: user, password, enabled: true });
    // Its user's first sign-in here, checked by the server (as on a new workstation in a clinic).
    await h['session.signIn']({ username: user, password });
    const status = await until(
      `${name} up to date`,
      () => h['sync.status']({}),
      (s) => s.phase.state === 'upToDate' || (s.phase.state === 'error' && !s.phase.retrying),
    );
    if (status.phase.state === 'error') throw new Error(`${name} cannot sync: ${status.phase.message}`);
    const info = await h['app.info']({});
    if (info.userId !== user) throw new Error(`${name} writes as ${info.userId}, not ${user}`);
    const db = parts.db;
    return { name, user, deviceId: info.deviceId, core, h, db, proxy, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Until no round is running. PouchDB 9's replicator asks the source for info() after each batch
 * without handling a failure (lib/index.js, `src.info().then(...)` near the activeTasks update),
 * so cutting or closing a workstation mid-round leaves an unhandled rejection behind.
 */
export async function idle(...stations: Station[]): Promise<void> {
  for (const s of stations)
    await until(
      `${s.name} idle`,
      () => s.h['sync.status']({}),
      (st) => st.phase.state === 'upToDate',
    );
}

/** Cut the network of these workstations (connections refused) and wait until each says offline. */
export async function cut(...stations: Station[]): Promise<void> {
  await idle(...stations);
  for (const s of stations) await s.proxy.setMode('refuse');
  for (const s of stations)
    await until(
      `${s.name} offline`,
      () => s.h['sync.status']({}),
      (st) => st.phase.state === 'offline',
    );
}

/** Give the network back and wait until each has sent everything it had. */
export async function reconnect(...stations: Station[]): Promise<void> {
  for (const s of stations) await s.proxy.setMode('pass');
  for (const s of stations) {
    await until(
      `${s.name} back and up to date`,
      () => s.h['sync.status']({}),
      (st) => st.phase.state === 'upToDate' && st.pendingUp === 0,
    );
  }
}

// ---- revision trees ----

/** A document's revision tree as its leaves (with their paths) and the winning revision. */
export type Tree = { winner: string; leaves: Array<{ rev: string; deleted: boolean; path: string[] }> };
type LeafRow = { ok?: { _rev: string; _deleted?: boolean; _revisions?: { start: number; ids: string[] } } };

function toTree(rows: LeafRow[], winner: string): Tree {
  const leaves = rows
    .flatMap((r) => (r.ok ? [r.ok] : []))
    .map((l) => ({
      rev: l._rev,
      deleted: l._deleted === true,
      path: l._revisions ? l._revisions.ids.map((h, i) => `${l._revisions!.start - i}-${h}`) : [l._rev],
    }))
    .sort((a, b) => a.rev.localeCompare(b.rev));
  return { winner, leaves };
}

/** The winner of a fully deleted document cannot be read with a plain GET: name it by CouchDB's rule. */
function deletedWinner(rows: LeafRow[]): string {
  const revs = rows.flatMap((r) => (r.ok ? [r.ok._rev] : []));
  revs.sort((a, b) => {
    const [ga, ha] = [Number(a.split('-')[0]), a.slice(a.indexOf('-') + 1)];
    const [gb, hb] = [Number(b.split('-')[0]), b.slice(b.indexOf('-') + 1)];
    return gb - ga || (hb > ha ? 1 : hb < ha ? -1 : 0);
  });
  return `deleted:${revs[0] ?? ''}`;
}

export async function localTree(db: LocalDb, id: string): Promise<Tree | undefined> {
  let rows: LeafRow[];
  try {
    rows = (await db.get(id, { open_revs: 'all', revs: true } as never)) as unknown as LeafRow[];
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
  if (!rows.some((r) => r.ok)) return undefined;
  const winner = await db.get(id).then(
    (d) => d._rev,
    () => deletedWinner(rows),
  );
  return toTree(rows, winner);
}

/** The practice database read as its admin, straight (not through any proxy). */
export function serverReader(server: Practice) {
  const auth = basicAuthHeader(server.admin);
  const base = `${server.url}/${encodeURIComponent(server.db)}`;
  const request = async (path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: auth,
        accept: 'application/json',
        'content-type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    return { status: res.status, json: await res.json() };
  };
  return {
    request,
    /** Every document id on the server, deleted ones too; design documents are the admin's and never replicate down. */
    async ids(): Promise<string[]> {
      const r = await request('/_changes?style=all_docs');
      const results = (r.json as { results: Array<{ id: string }> }).results;
      return [...new Set(results.map((x) => x.id))].filter((id) => !id.startsWith('_design/')).sort();
    },
    async tree(id: string): Promise<Tree | undefined> {
      const r = await request(`/${encodeURIComponent(id)}?open_revs=all&revs=true`);
      if (r.status === 404) return undefined;
      if (r.status !== 200)
        throw new Error(`server: GET ${id} open_revs answered ${r.status} ${JSON.stringify(r.json)}`);
      const rows = r.json as LeafRow[];
      const w = await request(`/${encodeURIComponent(id)}`);
      const winner = w.status === 200 ? (w.json as { _rev: string })._rev : deletedWinner(rows);
      return toTree(rows, winner);
    },
    async get(id: string, query = ''): Promise<Record<string, unknown>> {
      const r = await request(`/${encodeURIComponent(id)}${query}`);
      if (r.status !== 200) throw new Error(`server: GET ${id} answered ${r.status}`);
      return r.json as Record<string, unknown>;
    },
  };
}
export type ServerReader = ReturnType<typeof serverReader>;

/**
 * Waits until every document on the server (and every id in `mustExist`) has the same revision
 * tree and the same winning revision on the server and on each workstation. Returns the trees.
 */
export async function converged(
  server: ServerReader,
  stations: Station[],
  mustExist: string[],
  ms = 30_000,
): Promise<Map<string, Tree>> {
  let lastDiff = '';
  const check = async (): Promise<Map<string, Tree> | undefined> => {
    const ids = [...new Set([...(await server.ids()), ...mustExist])];
    const out = new Map<string, Tree>();
    for (const id of ids) {
      const want = await server.tree(id);
      if (!want) {
        lastDiff = `${id} is not on the server`;
        return undefined;
      }
      for (const s of stations) {
        const got = await localTree(s.db, id);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          lastDiff = `${id} on ${s.name}: ${JSON.stringify(got)} vs server ${JSON.stringify(want)}`;
          return undefined;
        }
      }
      out.set(id, want);
    }
    return out;
  };
  const end = Date.now() + ms;
  for (;;) {
    const trees = await check();
    if (trees) return trees;
    if (Date.now() > end) throw new Error(`no convergence within ${ms} ms: ${lastDiff}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
