// Issue 4's figures: a workstation database of ~100,000 documents with 500 conflicted. The
// conflict index is built from scratch (no snapshot) in a separate process whose peak RSS is
// measured; then count, inbox listing and merge-screen opening are timed.
import { execFileSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { tempDir } from '../electron/testing/temp';
import { seed } from '../electron/tools/seed';
import { bundle } from './bundle';

/** A copy of an already seeded workstation folder (CW_BENCH_CONFLICTS_FROM: issue 12's 1M run), or a new seed. */
async function seeded(dir: string, patients: number): Promise<{ patients: number; contacts: number }> {
  const from = process.env.CW_BENCH_CONFLICTS_FROM;
  if (!from) return seed({ dataDir: dir, patients, contactsPerPatient: 4, seed: 7 });
  await cp(path.join(from, 'practice'), path.join(dir, 'practice'), { recursive: true });
  await cp(path.join(from, 'workstation.json'), path.join(dir, 'workstation.json'));
  return { patients: -1, contacts: -1 };
}

export default async function conflictsBench(patients = 20_000, conflicted = 500) {
  const t = await tempDir('cw-bench-conflicts-');
  try {
    const seededSet = await seeded(t.dir, patients);
    // Branches from another workstation, as replication would bring them.
    const db = new PouchDB(path.join(t.dir, 'practice'));
    const res = await db.allDocs({ include_docs: true, limit: conflicted * 8 });
    const patientsDocs = res.rows
      .map((r) => r.doc as Record<string, unknown> & { _id: string; _rev: string })
      .filter((d) => d.type === 'patient')
      .slice(0, conflicted);
    // Two children of the same revision: one edited here, one on another workstation.
    await db.bulkDocs(
      patientsDocs.flatMap((d, i) => {
        const [gen, hash] = d._rev.split('-') as [string, string];
        const next = Number(gen) + 1;
        return ['a', 'b'].map((side) => {
          const own = `${i.toString(16).padStart(8, '0')}${side.repeat(24)}`;
          return {
            ...d,
            lastName: `${String(d.lastName)}-${side}`,
            device: `ws-${side}`,
            _rev: `${next}-${own}`,
            _revisions: { start: next, ids: [own, hash] },
          };
        });
      }) as never[],
      { new_edits: false },
    );
    const docs = (await db.info()).doc_count;
    await db.close();
    // The indexes' file: the child builds them from the feed (the conflict index's first build).
    for (const f of ['index.sqlite', 'index.sqlite-wal', 'index.sqlite-shm'])
      await rm(path.join(t.dir, f), { force: true });
    const out = execFileSync(
      process.execPath,
      [
        ...(process.env.CW_WORKSTATION_NODE_ARGS ?? '').split(' ').filter(Boolean),
        await bundle('bench/conflicts-child.ts'),
        t.dir,
      ],
      { encoding: 'utf8' },
    );
    const figures = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    return {
      dataset: { docs, patients: seededSet.patients, contacts: seededSet.contacts, conflicted: patientsDocs.length },
      ...figures,
      // First build: 10 s at this size (issue 4), 30 s at 1,000,000 documents (issue 12).
      targets: { firstBuildMs: 10_000, firstBuildMsAt1M: 30_000, peakRssMb: 300, listMs_p95: 50, openMs_p95: 100 },
    };
  } finally {
    await t.remove();
  }
}
