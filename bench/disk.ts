// Issue 12 part 4: the data folder's size after a practice's documents, after 100,000 edits, and
// after the compaction policy (electron/core/store/compaction.ts) has run; and how long it took.
// npm run bench -- --only disk [--patients N]
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { openCore } from '../electron/core/core';
import { Compactor } from '../electron/core/store/compaction';
import { createDiagnosticsLog } from '../electron/core/log/diagnostics-log';
import { fileSecretStore } from '../electron/host/file-secrets';
import { tempDir } from '../electron/testing/temp';
import { seed } from '../electron/tools/seed';

function sizeMb(dir: string): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else bytes += statSync(p).size;
    }
  };
  walk(dir);
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

export async function diskBench(opts: { patients: number; edits?: number }) {
  const edits = opts.edits ?? 100_000;
  const t = await tempDir('cw-bench-disk-');
  try {
    const seeded = await seed({ dataDir: t.dir, patients: opts.patients, contactsPerPatient: 4 });
    const afterSeed = sizeMb(t.dir);
    const { core, parts } = await openCore({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
    const docCount = (await parts.db.info()).doc_count;
    // 100,000 edits, as a practice's use brings them: patients' records updated, a few times each.
    const ids = (await parts.db.allDocs({ limit: Math.min(20_000, docCount) })).rows.map((r) => r.id);
    const t0 = performance.now();
    for (let done = 0; done < edits;) {
      const batch = ids.slice(done % ids.length, (done % ids.length) + 1000);
      const current = await parts.db.allDocs({ keys: batch, include_docs: true });
      const next = current.rows.flatMap((r) =>
        'doc' in r && r.doc ? [{ ...r.doc, modified: Date.now(), note: `edit ${done}` }] : [],
      );
      await parts.db.bulkDocs(next);
      done += next.length;
    }
    const editMs = Math.round(performance.now() - t0);
    await core.close();
    const afterEdits = sizeMb(t.dir);
    // The policy's compaction, run once (it would run after 20,000 changes and a quiet minute).
    const db = (await import('../electron/core/store/open')).openLocalDb(t.dir);
    const log = await createDiagnosticsLog(t.dir);
    const c0 = performance.now();
    await new Compactor(db, log).run();
    const compactMs = Math.round(performance.now() - c0);
    await db.close();
    await log.close();
    const afterCompaction = sizeMb(t.dir);
    return {
      documents: docCount,
      patients: seeded.patients,
      dataFolderMb: { afterSeed, afterEdits, afterCompaction },
      edits: { count: edits, ms: editMs },
      compactionMs: compactMs,
      revsLimit: 1000,
    };
  } finally {
    await t.remove();
  }
}
