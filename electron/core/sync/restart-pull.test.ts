// The practice server restarts in the middle of a 20,000-document pull: the pull resumes from its
// checkpoint instead of starting over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { adminDb, firstDifference, patient, startWorkstation, waitFor, type Workstation } from '../../testing/sync-kit';

const TOTAL = 20_000;
let server: PracticeServer;
let b: Workstation | undefined;

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember('bob', 'bob-pw');
  const admin = adminDb(server);
  for (let i = 0; i < TOTAL; i += 2_000) {
    await admin.bulkDocs(
      Array.from({ length: 2_000 }, (_, j) => patient(`patient:${String(i + j).padStart(6, '0')}`, 'admin')),
    );
  }
}, 120_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('server restart mid-pull', () => {
  it.skipIf(!!process.env.PRACTICE_SERVER_URL)(
    'completes without starting over (restart needs the dev server)',
    async () => {
      b = await startWorkstation(server, 'b', { username: 'bob', password: 'bob-pw' });
      const w = b;
      w.engine.start();
      await waitFor(async () => (await w.db.info()).doc_count >= 5_000, 60_000, '5,000 pulled');
      await server.restart();
      await waitFor(async () => (await w.db.info()).doc_count >= TOTAL, 90_000, 'all pulled', 200);
      await w.engine.syncNow();
      const pulls = w.engine.diagnostics().rounds.filter((r) => r.direction === 'pull');
      console.log(`[sync] pull rounds: ${JSON.stringify(pulls.map((r) => ({ ok: r.ok, read: r.docsRead })))}`);
      expect(pulls.some((r) => !r.ok)).toBe(true); // the restart did interrupt a pull
      const firstOkAfterFailure = pulls.slice(pulls.findIndex((r) => !r.ok)).find((r) => r.ok);
      expect(firstOkAfterFailure).toBeDefined();
      expect(firstOkAfterFailure!.docsRead).toBeLessThan(TOTAL - 4_000);
      expect(firstOkAfterFailure!.docsRead).toBeGreaterThan(0);
      // The progress the user sees resumes where it was, as the pull does (not back to 0 of 20,000).
      const done = w.history.flatMap((h) => (h.event.type === 'pull-progress' ? [h.event.done] : []));
      const backwards = done.findIndex((d, i) => i > 0 && d < done[i - 1]!);
      expect(backwards, `progress went from ${done[backwards - 1]} back to ${done[backwards]}`).toBe(-1);
      const serverRows = (await adminDb(server).allDocs()).rows.filter((r) => !r.id.startsWith('_design/'));
      const localRows = (await w.db.allDocs()).rows.filter((r) => !r.id.startsWith('_design/'));
      expect(localRows.map((r) => `${r.id} ${r.value.rev}`)).toEqual(serverRows.map((r) => `${r.id} ${r.value.rev}`));
      const sample = serverRows.filter((_, i) => i % 100 === 0).map((r) => r.id);
      expect(
        await firstDifference(sample, [
          { name: 'server', db: adminDb(server) },
          { name: 'b', db: w.db },
        ]),
      ).toBeNull();
    },
    180_000,
  );
});
