// A workstation process is SIGKILLed in the middle of a push: after a restart on the same data
// folder every acknowledged local write is still there, and the push resumes from its checkpoint.
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/sync/status';
import { startFaultProxy, type FaultProxy } from '../../testing/fault-proxy';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { spawnWorkstation, type WorkstationProcess } from '../../testing/process-kit';
import { adminDb, firstDifference, waitFor, waitSynced } from '../../testing/sync-kit';
import type { Db, RoundInfo } from './types';

let server: PracticeServer;
let proxy: FaultProxy;
let dir: { dir: string; remove(): Promise<void> };
const procs: WorkstationProcess[] = [];
const username = `alice-${process.pid}`;

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(username, 'alice-pw');
  const target = new URL(server.url);
  proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  dir = await tempDir('cw-sync-kill-');
}, 60_000);

afterAll(async () => {
  for (const p of procs) await p.kill();
  await proxy?.stop();
  await server?.stop();
  await dir?.remove();
});

async function start(): Promise<WorkstationProcess> {
  const p = await spawnWorkstation(dir.dir);
  procs.push(p);
  return p;
}
const status = (p: WorkstationProcess) => p.call<SyncStatus>('sync.status');

describe('workstation process killed during a push', () => {
  it('loses no acknowledged write and resumes the push from its checkpoint', async () => {
    let ws = await start();
    await ws.call('sync.saveSettings', {
      serverUrl: proxy.url,
      db: server.db,
      username,
      password: 'alice-pw',
      enabled: true,
    });
    await ws.call('session.signIn', { username, password: 'alice-pw' });
    await waitFor(async () => (await status(ws)).phase.state === 'upToDate', 20_000, 'up to date');
    // Written while paused, so the whole load is acknowledged before the push starts.
    await ws.call('sync.pause');
    // A bulk import (sample records would stay on the workstation: they are never pushed).
    await ws.op('bulk', { count: 6500, prefix: 'import', author: username });
    const acked = new Map(Object.entries(await ws.op<Record<string, string>>('revs')));
    const total = acked.size;
    expect(total).toBeGreaterThan(6000);
    // A slow link stretches the push over several seconds, so the kill lands inside it.
    await proxy.setMode('latency', { latencyMs: 25 });
    await ws.call('sync.resume');
    // A clinician keeps saving during the push; each acknowledged save must survive the kill.
    let editing = true;
    const edits = (async () => {
      for (let i = 0; editing; i++) {
        try {
          const saved = await ws.call<{ doc: { _id: string; _rev: string } }>('records.save', {
            doc: { type: 'patient', firstName: 'During', lastName: `Push ${i}` },
          });
          acked.set(saved.doc._id, saved.doc._rev);
        } catch {
          return; // the process is gone: this save was never acknowledged
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const admin = adminDb(server);
    const onServer = async () => (await admin.allDocs({ limit: 0 })).total_rows;
    const before = await onServer();
    await waitFor(async () => (await onServer()) - before >= 3000, 60_000, '3,000 documents pushed', 20);
    await ws.kill();
    editing = false;
    await edits;
    const atKill = (await onServer()) - before;
    console.log(`[sync] killed with ${atKill} of ${acked.size} documents on the server`);
    expect(atKill).toBeLessThan(total - 1000); // the kill did land in the middle of the push
    await proxy.setMode('pass');

    ws = await start();
    // Known here since the first sign-in: checked on the workstation if the server is slow.
    await ws.call('session.signIn', { username, password: 'alice-pw' });
    const revs = await ws.op<Record<string, string>>('revs');
    const missing = [...acked].filter(([id, rev]) => revs[id] !== rev);
    expect(missing).toEqual([]);
    await waitSynced(() => status(ws), 60_000, 'up to date after the restart', 100);
    const rounds = (await ws.op<{ rounds: RoundInfo[] }>('diagnostics')).rounds;
    const push = rounds.find((r) => r.direction === 'push' && r.ok && r.changesChecked > 0);
    console.log(
      `[sync] after the restart: ${JSON.stringify(rounds.map((r) => ({ dir: r.direction, ok: r.ok, checked: r.changesChecked, read: r.docsRead })))}`,
    );
    expect(push).toBeDefined();
    // From zero it would look at every local change; from its checkpoint, at most what was left
    // plus what had reached the server without being checkpointed yet: PouchDB checkpoints each
    // batch on the server, then locally, and a kill between the two falls back one more.
    expect(push!.changesChecked).toBeLessThanOrEqual(acked.size - atKill + 1500);
    expect(push!.changesChecked).toBeLessThan(acked.size - 1500);
    await ws.stop();

    // Everything, same revision trees, on the server and on the restarted workstation.
    const local = new PouchDB(path.join(dir.dir, 'practice')) as unknown as Db;
    try {
      const serverRevs = Object.fromEntries(
        (await admin.allDocs()).rows.filter((r) => !r.id.startsWith('_design/')).map((r) => [r.id, r.value.rev]),
      );
      const localRevs = Object.fromEntries(
        (await local.allDocs()).rows.filter((r) => !r.id.startsWith('_design/')).map((r) => [r.id, r.value.rev]),
      );
      // Nothing stays behind: every local record is on the server too.
      const onlyLocal = Object.keys(localRevs).filter((id) => !(id in serverRevs));
      expect(onlyLocal).toEqual([]);
      expect(localRevs).toEqual(serverRevs);
      for (const [id, rev] of acked) expect(serverRevs[id]).toBe(rev);
      const sample = Object.keys(serverRevs).filter((_, i) => i % 10 === 0);
      expect(
        await firstDifference(sample, [
          { name: 'server', db: admin },
          { name: 'workstation', db: local },
        ]),
      ).toBeNull();
    } finally {
      await local.close();
    }
  }, 150_000);
});
