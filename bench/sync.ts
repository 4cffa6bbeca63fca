// Issue 3's figures, all against the dev practice server on loopback:
// - latency of a clinician's save on workstation A until B's core can read it (500 samples),
// - the same while A pushes rounds of 5,000 documents back to back,
// - initial pull of 10,000 patients + 40,000 contacts into an empty workstation (the core in its
//   own process, peak RSS from /proc) against PouchDB's default replication measured in this run.
// A runs in a child process (a workstation of its own); B's core runs here, so its reads are timed
// without crossing a process boundary.
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import type { SyncStatus } from '../shared/sync/status';
import { createCore } from '../electron/core/core';
import { spawnWorkstation, type WorkstationProcess } from '../electron/testing/process-kit';
import type { Core } from '../electron/core/types';
import { fileSecretStore } from '../electron/host/file-secrets';
import { startPracticeServer, type PracticeServer } from '../electron/testing/practice';
import { tempDir } from '../electron/testing/temp';
import { seed } from '../electron/tools/seed';
import { blackholeBench } from './blackhole';
import { bundle } from './bundle';
import { rssOf, summary } from './stats';

const WORKSTATION = 'electron/testing/workstation-process.ts';
const log = (m: string) => process.stderr.write(`bench sync: ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean> | boolean, ms: number, label: string, every = 50): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await sleep(every);
  }
}

/** Save on A, then read on B's core until it answers: the delay a colleague sees (and how much of it was A's save). */
async function sample(a: WorkstationProcess, b: Core, n: number, saves?: number[]): Promise<number> {
  const t0 = performance.now();
  const saved = await a.call<{ doc: { _id: string } }>('records.save', {
    doc: { type: 'patient', firstName: 'Latency', lastName: `Sample ${n}` },
  });
  saves?.push(performance.now() - t0);
  for (;;) {
    try {
      await b.handlers['records.get']({ id: saved.doc._id });
      return performance.now() - t0;
    } catch {
      if (performance.now() - t0 > 60_000) throw new Error(`sample ${n} never reached B`);
      await sleep(2);
    }
  }
}

async function latencyBench(server: PracticeServer) {
  const dirs = [await tempDir('cw-bench-sync-a-'), await tempDir('cw-bench-sync-b-')];
  let a: WorkstationProcess | undefined;
  let b: Core | undefined;
  try {
    a = await spawnWorkstation(dirs[0]!.dir, undefined, await bundle(WORKSTATION));
    b = await createCore({ dataDir: dirs[1]!.dir, host: 'browser', secrets: fileSecretStore(dirs[1]!.dir) });
    await a.call('sync.saveSettings', {
      serverUrl: server.url,
      db: server.db,
      username: 'alice',
      password: 'alice-pw',
      enabled: true,
    });
    await b.handlers['sync.saveSettings']({
      serverUrl: server.url,
      db: server.db,
      username: 'bob',
      password: 'bob-pw',
      enabled: true,
    });
    // Each workstation's user signs in (a first sign-in, checked by the server): writes are theirs.
    await a.call('session.signIn', { username: 'alice', password: 'alice-pw' });
    await b.handlers['session.signIn']({ username: 'bob', password: 'bob-pw' });
    const aStatus = () => a!.call<SyncStatus>('sync.status');
    await until(
      async () =>
        (await aStatus()).phase.state === 'upToDate' &&
        (await b!.handlers['sync.status']({})).phase.state === 'upToDate',
      30_000,
      'both up to date',
    );

    for (let i = 0; i < 20; i++) await sample(a, b, -i); // warm-up
    const idle: number[] = [];
    const idleSamples = Number(process.env.CW_BENCH_SYNC_IDLE_SAMPLES ?? 500); // fewer while tuning
    for (let i = 0; i < idleSamples; i++) idle.push(await sample(a, b, i));
    log(`idle latency ${JSON.stringify(summary(idle))}`);

    // Bulk rounds back to back: the next 5,000 are written as soon as the previous ones are
    // mostly on the server, while a clinician keeps saving.
    const rounds = 6;
    const burst: number[] = [];
    const burstSaves: number[] = [];
    let bulkDone = false;
    const t0 = Date.now();
    const admin = new PouchDB(`${server.url}/${server.db}`, { auth: server.admin, skip_setup: true } as never);
    const onServer = async () => (await admin.info()).doc_count;
    const base = await onServer();
    const bulk = (async () => {
      try {
        for (let r = 0; r < rounds; r++) {
          await a!.op('bulk', { count: 5000, prefix: `bulk${r}`, author: 'alice' });
          await until(
            async () => (await onServer()) >= base + (r + 1) * 5000 - 500,
            120_000,
            `bulk round ${r} pushed`,
            100,
          );
        }
      } finally {
        bulkDone = true;
      }
    })();
    for (let i = 0; !bulkDone; i++) {
      burst.push(await sample(a, b, 10_000 + i, burstSaves));
      await sleep(50 + Math.random() * 100);
    }
    await bulk;
    const bulkMs = Date.now() - t0;
    log(
      `latency during bulk ${JSON.stringify(summary(burst))}, of which A's save ${JSON.stringify(summary(burstSaves))} (${rounds} x 5,000 in ${bulkMs} ms)`,
    );
    return {
      idle: summary(idle),
      duringBulkPush: {
        ...summary(burst),
        saveOnA: summary(burstSaves),
        bulkDocs: rounds * 5000,
        bulkMs,
        first5: burst.slice(0, 5).map(Math.round),
      },
    };
  } finally {
    await a?.stop();
    await b?.close();
    for (const d of dirs) await d.remove();
  }
}

async function pullBench(server: PracticeServer, patients: number, contactsPerPatient: number) {
  const src = await tempDir('cw-bench-sync-seed-');
  const base = await tempDir('cw-bench-sync-default-');
  const ws = await tempDir('cw-bench-sync-pull-');
  let child: WorkstationProcess | undefined;
  try {
    const seeded = await seed({ dataDir: src.dir, patients, contactsPerPatient });
    const remoteAdmin = new PouchDB(`${server.url}/${server.db}`, { auth: server.admin, skip_setup: true } as never);
    const seedDb = new PouchDB(path.join(src.dir, 'practice'));
    await PouchDB.replicate(seedDb, remoteAdmin, { batch_size: 1000 } as never);
    await seedDb.close();
    const docs = (await remoteAdmin.allDocs({ limit: 0 })).total_rows;
    log(`server seeded with ${docs} documents (${seeded.patients} patients, ${seeded.contacts} contacts)`);

    // PouchDB's defaults (batch_size 100, batches_limit 10), a member's credentials, same server.
    const remoteBob = new PouchDB(`${server.url}/${server.db}`, {
      auth: { username: 'bob', password: 'bob-pw' },
      skip_setup: true,
    } as never);
    const plain = new PouchDB(path.join(base.dir, 'practice'));
    let t0 = performance.now();
    const res = await PouchDB.replicate(remoteBob, plain);
    const defaultMs = performance.now() - t0;
    const defaultDocs = res.docs_written;
    await plain.close();
    log(`default replication: ${defaultDocs} docs in ${Math.round(defaultMs)} ms`);

    child = await spawnWorkstation(ws.dir, undefined, await bundle(WORKSTATION));
    const c = child;
    t0 = performance.now();
    await c.call('sync.saveSettings', {
      serverUrl: server.url,
      db: server.db,
      username: 'bob',
      password: 'bob-pw',
      enabled: true,
    });
    // Signed in, as in a clinic (the patient list answers only a signed-in person).
    await c.call('session.signIn', { username: 'bob', password: 'bob-pw' });
    let peak = 0;
    await until(
      async () => {
        peak = Math.max(peak, rssOf(c.pid).peakRssMb);
        const info = await c.op<{ docCount: number }>('info');
        const s = await c.call<SyncStatus>('sync.status');
        return info.docCount >= docs - 2 && s.phase.state === 'upToDate';
      },
      300_000,
      'core pull complete',
      50,
    );
    const coreMs = performance.now() - t0;
    peak = Math.max(peak, rssOf(c.pid).peakRssMb);
    // The patient list fills from the local feed, which may trail the pull: say when it is whole.
    await until(
      async () => {
        peak = Math.max(peak, rssOf(c.pid).peakRssMb);
        const r = await c.call<{ total: number }>('patients.search', { query: '', offset: 0, limit: 1 });
        return r.total >= patients;
      },
      120_000,
      'patient list complete',
      50,
    );
    const listedMs = performance.now() - t0;
    peak = Math.max(peak, rssOf(c.pid).peakRssMb);
    const coreDocs = (await c.op<{ docCount: number }>('info')).docCount;
    const rounds = (
      await c.op<{
        rounds: Array<{
          direction: string;
          startedAt: number;
          endedAt: number;
          changesChecked: number;
          docsRead: number;
        }>;
      }>('diagnostics')
    ).rounds;
    const roundsSummary = rounds.map((r) => ({
      dir: r.direction,
      ms: r.endedAt - r.startedAt,
      checked: r.changesChecked,
      read: r.docsRead,
    }));
    log(
      `core pull: ${coreDocs} docs in ${Math.round(coreMs)} ms (all patients listed at ${Math.round(listedMs)} ms), peak RSS ${peak} MB, rounds ${JSON.stringify(roundsSummary)}`,
    );
    const defaultRate = defaultDocs / (defaultMs / 1000);
    const coreRate = coreDocs / (coreMs / 1000);
    return {
      docsOnServer: docs,
      defaultReplication: { docs: defaultDocs, ms: Math.round(defaultMs), docsPerSec: Math.round(defaultRate) },
      core: {
        docs: coreDocs,
        ms: Math.round(coreMs),
        docsPerSec: Math.round(coreRate),
        peakRssMb: peak,
        allPatientsListedMs: Math.round(listedMs),
        rounds: roundsSummary,
      },
      speedup: Math.round((coreRate / defaultRate) * 100) / 100,
    };
  } finally {
    await child?.stop();
    for (const d of [src, base, ws]) await d.remove();
  }
}

export default async function syncBench(opts: { patients?: number; contactsPerPatient?: number } = {}) {
  const out: Record<string, unknown> = {};
  if (process.env.CW_BENCH_SYNC_SKIP_LATENCY) log('latency part skipped (CW_BENCH_SYNC_SKIP_LATENCY)');
  else {
    const server = await startPracticeServer();
    try {
      await server.addMember('alice', 'alice-pw');
      await server.addMember('bob', 'bob-pw');
      out.latencyMs = await latencyBench(server);
    } finally {
      await server.stop();
    }
  }
  if (process.env.CW_BENCH_SYNC_SKIP_BLACKHOLE) log('black-hole part skipped (CW_BENCH_SYNC_SKIP_BLACKHOLE)');
  else out.blackhole = await blackholeBench();
  if (process.env.CW_BENCH_SYNC_SKIP_PULL) {
    log('pull part skipped (CW_BENCH_SYNC_SKIP_PULL)');
    return out;
  }
  const server = await startPracticeServer();
  try {
    await server.addMember('bob', 'bob-pw');
    out.initialPull = await pullBench(server, opts.patients ?? 10_000, opts.contactsPerPatient ?? 4);
  } finally {
    await server.stop();
  }
  out.targets = { idleP95Ms: 100, duringBulkPushP95Ms: 250, pullSpeedupVsDefault: 2, corePeakRssMb: 300 };
  return out;
}
