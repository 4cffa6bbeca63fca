// Issue 12 part 3: a first pull at the server's pace. On one seeded practice server, in one run,
// each variant `runs` times (medians reported, with min and max to show the noise):
//  (a) plain HTTP: Node's http reading the whole `_changes?include_docs=true&style=all_docs`
//      feed and JSON.parse of the body; the same feed read in pages of several sizes;
//  (b) plain write: those documents into a fresh PouchDB, bulkDocs(new_edits:false) in pages;
//  (c) the core's first pull: a workstation process, from settings saved to every document
//      local and the status up to date (at several initial-load page sizes), and until its
//      indexes are complete (held during the download, then caught up: store/changes.ts hold);
//  (d) PouchDB's replicator with its defaults.
// Runs against the dev practice server, or the CouchDB in PRACTICE_SERVER_URL.
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import type { SyncStatus } from '../shared/sync/status';
import { spawnWorkstation } from '../electron/testing/process-kit';
import { startPracticeServer, type PracticeServer } from '../electron/testing/practice';
import { tempDir } from '../electron/testing/temp';
import { seed } from '../electron/tools/seed';
import { bundle } from './bundle';
import { cpuMsOf } from './proc-cpu';
import { rssOf } from './stats';

const WORKSTATION = 'electron/testing/workstation-process.ts';
const BOB = { username: 'bob', password: 'bob-pw' };
const log = (m: string) => process.stderr.write(`bench firstpull: ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Spread = { median: number; min: number; max: number; n: number };
function spread(xs: number[]): Spread {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median: Math.round(mid), min: Math.round(s[0]!), max: Math.round(s[s.length - 1]!), n: s.length };
}

/** GET with the member's credentials through Node's http; the body as one string. */
function get(url: string): Promise<string> {
  const auth = 'Basic ' + Buffer.from(`${BOB.username}:${BOB.password}`).toString('base64');
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { headers: { authorization: auth, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks as unknown as Uint8Array[]).toString('utf8'))
          : reject(new Error(`${url} answered ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

type Feed = { results: Array<{ doc?: Record<string, unknown> }>; last_seq: unknown };

/** (a) The whole feed (pageSize 0) or page by page; answers the time and the documents read. */
async function readFeed(
  dbUrl: string,
  pageSize: number,
): Promise<{ ms: number; docs: Array<Record<string, unknown>> }> {
  const t0 = performance.now();
  const docs: Array<Record<string, unknown>> = [];
  let since: unknown = 0;
  for (;;) {
    const limit = pageSize > 0 ? `&limit=${pageSize}` : '';
    const url = `${dbUrl}/_changes?style=all_docs&include_docs=true${limit}&since=${encodeURIComponent(String(since))}`;
    const feed = JSON.parse(await get(url)) as Feed;
    for (const r of feed.results) if (r.doc) docs.push(r.doc);
    since = feed.last_seq;
    if (pageSize === 0 || feed.results.length < pageSize) break;
  }
  return { ms: performance.now() - t0, docs };
}

/** (b) The documents into a fresh local PouchDB, as they came. */
async function plainWrite(docs: Array<Record<string, unknown>>, pageSize: number): Promise<number> {
  const dir = await tempDir('cw-bench-fp-write-');
  const db = new PouchDB(path.join(dir.dir, 'practice'));
  try {
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += pageSize)
      await db.bulkDocs(docs.slice(i, i + pageSize) as never, { new_edits: false });
    return performance.now() - t0;
  } finally {
    await db.close();
    await dir.remove();
  }
}

/** (c) The core's first pull in its own process; wall time from settings saved to up to date. */
async function corePull(server: PracticeServer, docs: number, tuning?: Record<string, number>) {
  const ws = await tempDir('cw-bench-fp-core-');
  const c = await spawnWorkstation(ws.dir, tuning, await bundle(WORKSTATION));
  try {
    const t0 = performance.now();
    const cpu0 = cpuMsOf(c.pid);
    await c.call('sync.saveSettings', { serverUrl: server.url, db: server.db, ...BOB, enabled: true });
    // The status is read signed in (a first sign-in, checked by the server), as in a clinic.
    await c.call('session.signIn', BOB);
    let peak = 0;
    for (;;) {
      peak = Math.max(peak, rssOf(c.pid).peakRssMb);
      const info = await c.op<{ docCount: number }>('info');
      const s = await c.call<SyncStatus>('sync.status');
      if (info.docCount >= docs - 2 && s.phase.state === 'upToDate') break;
      if (performance.now() - t0 > 600_000) throw new Error('core pull timed out');
      await sleep(50);
    }
    const ms = performance.now() - t0;
    // Then the indexes: the list complete (the pipeline read to the store's end, not held).
    for (;;) {
      const at = await c.op<{ seq: number; end: number; held: boolean }>('feedAt');
      if (!at.held && at.seq >= at.end && !(await c.call<{ indexing: boolean }>('app.indexing')).indexing) break;
      if (performance.now() - t0 > 600_000) throw new Error('core index timed out');
      await sleep(50);
    }
    const indexedMs = performance.now() - t0;
    // Its own CPU (all threads): steadier than wall time on a machine others share.
    const cpuMs = cpuMsOf(c.pid) - cpu0;
    // Where the time went: the initial load's round, then the rounds that confirm it.
    const { rounds } = await c.op<{ rounds: Array<{ direction: string; startedAt: number; endedAt: number }> }>(
      'diagnostics',
    );
    log(`core rounds (ms): ${rounds.map((r) => `${r.direction} ${r.endedAt - r.startedAt}`).join(', ')}`);
    return { ms, indexedMs, cpuMs, peakRssMb: Math.max(peak, rssOf(c.pid).peakRssMb) };
  } finally {
    await c.stop();
    await ws.remove();
  }
}

/** (d) PouchDB's replicator with its defaults (batch_size 100, batches_limit 10). */
async function defaultReplication(server: PracticeServer): Promise<number> {
  const dir = await tempDir('cw-bench-fp-default-');
  const remote = new PouchDB(`${server.url}/${server.db}`, { auth: BOB, skip_setup: true } as never);
  const local = new PouchDB(path.join(dir.dir, 'practice'));
  try {
    const t0 = performance.now();
    await PouchDB.replicate(remote, local);
    return performance.now() - t0;
  } finally {
    await local.close();
    await dir.remove();
  }
}

async function seedServer(server: PracticeServer, patients: number, contactsPerPatient: number): Promise<number> {
  const src = await tempDir('cw-bench-fp-seed-');
  try {
    await seed({ dataDir: src.dir, patients, contactsPerPatient });
    const admin = new PouchDB(`${server.url}/${server.db}`, { auth: server.admin, skip_setup: true } as never);
    const seedDb = new PouchDB(path.join(src.dir, 'practice'));
    await PouchDB.replicate(seedDb, admin, { batch_size: 1000 } as never);
    await seedDb.close();
    return (await admin.allDocs({ limit: 0 })).total_rows;
  } finally {
    await src.remove();
  }
}

export type FirstPullOptions = { patients?: number; contactsPerPatient?: number; runs?: number };

const num = (v: string | undefined, d: number) => (v ? Number(v) : d);

export default async function firstPullBench(opts: FirstPullOptions = {}) {
  const runs = opts.runs ?? num(process.env.CW_BENCH_FP_RUNS, 3);
  const feedPages = (process.env.CW_BENCH_FP_FEED_PAGES ?? '500,1000,2000,5000').split(',').filter(Boolean).map(Number);
  // Other page sizes of the core's load, as "page:request" (rows per write : rows per request).
  const corePages = (process.env.CW_BENCH_FP_CORE_PAGES ?? '').split(',').filter(Boolean);
  const server = await startPracticeServer();
  try {
    await server.addMember(BOB.username, BOB.password);
    const patients = opts.patients ?? num(process.env.CW_BENCH_FP_PATIENTS, 10_000);
    const docs = await seedServer(server, patients, opts.contactsPerPatient ?? 4);
    log(`server (${server.external ? 'external CouchDB' : 'dev'}) seeded with ${docs} documents`);
    const dbUrl = `${server.url}/${server.db}`;
    const t = { whole: [] as number[], write: [] as number[], core: [] as number[], replicator: [] as number[] };
    const coreCpu: number[] = [];
    const coreIndexed: number[] = [];
    const paged = new Map<number, number[]>(feedPages.map((p) => [p, []]));
    const corePaged = new Map<string, number[]>(corePages.map((p) => [p, []]));
    let peakRssMb = 0;
    for (let r = 0; r < runs; r++) {
      const whole = await readFeed(dbUrl, 0);
      t.whole.push(whole.ms);
      for (const [p, xs] of paged) xs.push((await readFeed(dbUrl, p)).ms);
      t.write.push(await plainWrite(whole.docs, 1000));
      const core = await corePull(server, docs);
      t.core.push(core.ms);
      coreCpu.push(core.cpuMs);
      coreIndexed.push(core.indexedMs);
      peakRssMb = Math.max(peakRssMb, core.peakRssMb);
      for (const [p, xs] of corePaged) {
        const [page, request] = p.split(':').map(Number);
        const tuning = { initialLoadPageSize: page!, ...(request ? { initialLoadRequestSize: request } : {}) };
        xs.push((await corePull(server, docs, tuning)).ms);
      }
      t.replicator.push(await defaultReplication(server));
      log(
        `run ${r + 1}/${runs}: feed ${Math.round(whole.ms)} ms, write ${Math.round(t.write[r]!)} ms, core ${Math.round(core.ms)} ms (indexes complete ${Math.round(core.indexedMs)} ms, ${Math.round(core.cpuMs)} ms CPU), replicator ${Math.round(t.replicator[r]!)} ms`,
      );
    }
    const s = { whole: spread(t.whole), write: spread(t.write), core: spread(t.core), rep: spread(t.replicator) };
    const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
    const out = {
      server: server.external ? 'external' : 'dev',
      docsOnServer: docs,
      runs,
      plainHttpWholeFeedMs: s.whole,
      plainHttpPagedMs: Object.fromEntries([...paged].map(([p, xs]) => [p, spread(xs)])),
      plainWriteMs: s.write,
      coreFirstPullMs: s.core,
      // Up to the list complete: the indexes catch up once the download is over (store/changes.ts hold).
      coreIndexedMs: spread(coreIndexed),
      coreCpuMs: spread(coreCpu),
      corePeakRssMb: peakRssMb,
      corePagedMs: Object.fromEntries([...corePaged].map(([p, xs]) => [p, spread(xs)])),
      replicatorDefaultsMs: s.rep,
      coreDocsPerSec: Math.round(docs / (s.core.median / 1000)),
      coreOverPlainHttp: ratio(s.core.median, s.whole.median),
      replicatorOverCore: ratio(s.rep.median, s.core.median),
      targets: { coreOverPlainHttp: 1.5, replicatorOverCore: 4 },
    };
    log(`core/plain HTTP ${out.coreOverPlainHttp} (target ≤ 1.5), replicator/core ${out.replicatorOverCore} (≥ 4)`);
    return out;
  } finally {
    await server.stop();
  }
}
