// Issue 12 part 3: a first pull of ~1,000,000 documents, killed (SIGKILL) at ~40 % and resumed.
// The dev practice server starts on a folder that already holds the practice database, copied
// from a seeded workstation folder (replicating a million documents in would take many minutes):
// CW_BENCH_BIGPULL_FROM, or one seeded here at --patients (CW_BENCH_BIGPULL_PATIENTS) 200,000.
// CW_BENCH_BIGPULL_KEEP=DIR keeps a copy of the workstation folder as the kill left it.
// CW_BENCH_BIGPULL_KILL=0: no kill, the whole pull in one go, until the list is complete.
// The workstation's status is sampled every second: its ETA is compared afterwards with the time
// that was actually left.
import { execFileSync } from 'node:child_process';
import { cp, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SyncStatus } from '../shared/sync/status';
import { spawnWorkstation, type WorkstationProcess } from '../electron/testing/process-kit';
import { startPracticeServer, type PracticeServer } from '../electron/testing/practice';
import { tempDir } from '../electron/testing/temp';
import { seed } from '../electron/tools/seed';
import { bundle } from './bundle';
import { rssOf } from './stats';

const WORKSTATION = 'electron/testing/workstation-process.ts';
const BOB = { username: 'bob', password: 'bob-pw' };
const KILL_AT = 0.4;
const TIMEOUT_MS = 60 * 60_000;
const log = (m: string) => process.stderr.write(`bench bigpull: ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const duMb = (p: string) =>
  Math.round(Number(execFileSync('du', ['-sk', p], { encoding: 'utf8' }).split('\t')[0]) / 1024);

type Sample = {
  at: number;
  local: number;
  state: string;
  done: number | null;
  total: number | null;
  etaMs: number | null;
};

/** Total documents (design documents too) on the server, as the admin sees them. */
async function serverDocCount(server: PracticeServer): Promise<number> {
  const auth = 'Basic ' + Buffer.from(`${server.admin.username}:${server.admin.password}`).toString('base64');
  const r = await fetch(`${server.url}/${server.db}`, { headers: { authorization: auth } });
  if (!r.ok) throw new Error(`GET /${server.db} answered ${r.status}`);
  return ((await r.json()) as { doc_count: number }).doc_count;
}

/** Samples one process every ~1 s until `stop` says so; tracks its RSS peak. */
async function follow(
  c: WorkstationProcess,
  t0: number,
  samples: Sample[],
  stop: (s: Sample) => boolean,
): Promise<{ peakRssMb: number; peakAnonMb: number; last: Sample }> {
  let peakRssMb = 0;
  let peakAnonMb = 0;
  for (;;) {
    const mem = rssOf(c.pid);
    peakRssMb = Math.max(peakRssMb, mem.peakRssMb);
    peakAnonMb = Math.max(peakAnonMb, mem.anonMb);
    const info = await c.op<{ docCount: number }>('info');
    const st = await c.call<SyncStatus>('sync.status');
    const d = st.pendingDown;
    const s: Sample = {
      at: performance.now() - t0,
      local: info.docCount,
      state: st.phase.state,
      done: d?.done ?? null,
      total: d?.total ?? null,
      etaMs: d?.etaMs ?? null,
    };
    samples.push(s);
    if (stop(s)) return { peakRssMb: Math.max(peakRssMb, rssOf(c.pid).peakRssMb), peakAnonMb, last: s };
    if (s.at > TIMEOUT_MS) throw new Error(`big pull timed out at ${s.local} local documents`);
    await sleep(1_000);
  }
}

/** ETA error at each fraction: the first sample at or past it that carries an ETA, against the time left. */
function etaErrors(samples: Sample[], total: number, endMs: number, outageMs: number, killAtMs: number) {
  const out: Record<string, unknown> = {};
  for (const f of [0.1, 0.25, 0.5, 0.75]) {
    const s = samples.find((x) => x.local >= f * total && x.etaMs !== null);
    if (!s || s.etaMs === null) {
      out[`${f * 100}%`] = null;
      continue;
    }
    const actual = endMs - s.at;
    // Before the kill the time left includes the outage (kill to restart) no ETA can foresee.
    const actualNoOutage = s.at < killAtMs ? actual - outageMs : actual;
    out[`${f * 100}%`] = {
      atMs: Math.round(s.at),
      etaMs: s.etaMs,
      actualLeftMs: Math.round(actual),
      actualLeftWithoutOutageMs: Math.round(actualNoOutage),
      errorPct: Math.round(((s.etaMs - actualNoOutage) / actualNoOutage) * 100),
    };
  }
  return out;
}

/** Milliseconds from `from` until the workstation's indexes have caught up, and its own memory's peak meanwhile. */
async function untilIndexed(c: WorkstationProcess, from: number, mem = { peakAnonMb: 0 }): Promise<number> {
  for (;;) {
    mem.peakAnonMb = Math.max(mem.peakAnonMb, rssOf(c.pid).anonMb);
    if (!(await c.call<{ indexing: boolean }>('app.indexing', {})).indexing) return performance.now() - from;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const indexMb = async (dir: string) => Math.round((await stat(path.join(dir, 'index.sqlite'))).size / 1048576);

/** Without a kill: up to date, then the list complete (the indexes after the download, store/changes.ts hold). */
async function wholePull(c: WorkstationProcess, t0: number, samples: Sample[], total: number) {
  const down = await follow(c, t0, samples, (s) => s.local >= total - 2 && s.state === 'upToDate');
  const endMs = down.last.at;
  const indexing = { peakAnonMb: 0 };
  // The indexes may not have begun yet at "up to date": first the pipeline past the download.
  for (;;) {
    indexing.peakAnonMb = Math.max(indexing.peakAnonMb, rssOf(c.pid).anonMb);
    const at = await c.op<{ seq: number; end: number; held: boolean }>('feedAt');
    if (!at.held && at.seq >= at.end) break;
    await sleep(200);
  }
  const indexedMs = await untilIndexed(c, t0, indexing);
  const out = {
    docsOnServer: total,
    wallMs: Math.round(endMs),
    docsPerSec: Math.round(total / (endMs / 1000)),
    listCompleteMs: Math.round(indexedMs),
    // RSS counts leveldb's tables mapped while read; anon is the process's own memory.
    peakRssMb: Math.max(down.peakRssMb, rssOf(c.pid).peakRssMb),
    peakAnonMb: { download: down.peakAnonMb, indexing: indexing.peakAnonMb },
    afterMb: { rss: rssOf(c.pid).rssMb, anon: rssOf(c.pid).anonMb },
    etaError: etaErrors(samples, total, endMs, 0, Infinity),
  };
  log(`whole pull: ${out.docsPerSec} docs/s, up to date ${out.wallMs} ms, list complete ${out.listCompleteMs} ms`);
  return out;
}

async function sourceFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const from = process.env.CW_BENCH_BIGPULL_FROM;
  if (from) return { dir: from, remove: async () => undefined };
  const src = await tempDir('cw-bench-bigpull-seed-');
  const patients = Number(process.env.CW_BENCH_BIGPULL_PATIENTS ?? 200_000);
  log(`seeding ${patients} patients into ${src.dir}`);
  await seed({ dataDir: src.dir, patients, contactsPerPatient: 4 });
  return src;
}

export default async function bigPullBench() {
  const src = await sourceFolder();
  const serverDir = await tempDir('cw-bench-bigpull-server-');
  const ws = await tempDir('cw-bench-bigpull-ws-');
  let server: PracticeServer | undefined;
  let c: WorkstationProcess | undefined;
  try {
    // Read-only on the source: only its practice database is copied.
    await cp(path.join(src.dir, 'practice'), path.join(serverDir.dir, 'practice'), { recursive: true });
    server = await startPracticeServer({ dataDir: serverDir.dir });
    await server.addMember(BOB.username, BOB.password);
    const total = await serverDocCount(server);
    log(`server on a copied database of ${total} documents`);
    const bundled = await bundle(WORKSTATION);
    const samples: Sample[] = [];

    c = await spawnWorkstation(ws.dir, undefined, bundled);
    const t0 = performance.now();
    await c.call('sync.saveSettings', { serverUrl: server.url, db: server.db, ...BOB, enabled: true });
    await c.call('session.signIn', BOB);
    if (process.env.CW_BENCH_BIGPULL_KILL === '0') {
      const whole = await wholePull(c, t0, samples, total);
      return { ...whole, dataFolderMb: duMb(ws.dir), indexSqliteMb: await indexMb(ws.dir) };
    }
    const first = await follow(c, t0, samples, (s) => s.local >= KILL_AT * total);
    await c.kill();
    c = undefined;
    const killAtMs = performance.now() - t0;
    const atKill = first.last.local;
    log(`killed at ${atKill} of ${total} after ${Math.round(killAtMs)} ms`);
    // CW_BENCH_BIGPULL_KEEP=DIR: a copy of the workstation folder as the kill left it (to study the restart).
    const keep = process.env.CW_BENCH_BIGPULL_KEEP;
    if (keep) await cp(ws.dir, keep, { recursive: true });

    // The restart's parts: the process up to READY (the core open, its indexes caught up), sign-in.
    const spawnAt = performance.now();
    c = await spawnWorkstation(ws.dir, undefined, bundled);
    const readyMs = performance.now() - spawnAt;
    const resumed = (await c.op<{ docCount: number }>('info')).docCount;
    // How far the indexes were behind the store the kill left (caught up after READY, not before).
    const indexBehind = (await c.call<{ total: number }>('app.indexing', {})).total;
    const indexed = untilIndexed(c, spawnAt);
    await c.call('session.signIn', BOB);
    const restartedAtMs = performance.now() - t0;
    log(
      `restart: READY after ${Math.round(readyMs)} ms, signed in after ${Math.round(performance.now() - spawnAt)} ms`,
    );
    log(`restarted with ${resumed} local documents`);
    const second = await follow(c, t0, samples, (s) => s.local >= total - 2 && s.state === 'upToDate');
    const endMs = second.last.at;
    const indexedMs = await indexed;
    log(`restart: the indexes (${indexBehind} changes behind) caught up ${Math.round(indexedMs)} ms after the spawn`);
    const outageMs = restartedAtMs - killAtMs;
    await c.stop();
    c = undefined;
    const out = {
      docsOnServer: total,
      wallMs: Math.round(endMs),
      docsPerSec: Math.round(total / (endMs / 1000)),
      killedAtLocal: atKill,
      killedAtMs: Math.round(killAtMs),
      resumedWithLocal: resumed,
      restartOutageMs: Math.round(outageMs),
      restartReadyMs: Math.round(readyMs),
      restartIndexBehind: indexBehind,
      restartIndexedMs: Math.round(indexedMs),
      restartToUpToDateMs: Math.round(endMs - restartedAtMs),
      peakRssMb: { beforeKill: first.peakRssMb, afterRestart: second.peakRssMb },
      peakAnonMb: { beforeKill: first.peakAnonMb, afterRestart: second.peakAnonMb },
      dataFolderMb: duMb(ws.dir),
      indexSqliteMb: await indexMb(ws.dir),
      etaError: etaErrors(samples, total, endMs, outageMs, killAtMs),
      // Every 30th sample: how the ETA moved over time.
      etaTrace: samples
        .filter((_, i) => i % 30 === 0)
        .map((s) => [Math.round(s.at / 1000), s.local, s.etaMs === null ? null : Math.round(s.etaMs / 1000)]),
    };
    log(`${out.docsPerSec} docs/s, resumed with ${resumed}, up to date ${out.restartToUpToDateMs} ms after restart`);
    return out;
  } finally {
    await c?.kill().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await ws.remove();
    await serverDir.remove();
    await src.remove();
  }
}
