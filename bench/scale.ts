// Issue 12's scale part: the foundation figures at ~250,000 and ~1,000,000 documents (the seed
// tool at 50,000 and 200,000 patients), and what 100,000 more documents cost in memory and
// start-up. npm run bench -- --only scale (seeding the larger practice takes several minutes).
import { foundationBench } from './foundation';

type Run = Awaited<ReturnType<typeof foundationBench>>;

const docs = (r: Run) => r.dataset.patients + r.dataset.contacts + r.dataset.healthElements;

export async function scaleBench(sizes: readonly number[] = [50_000, 200_000]) {
  const runs: Run[] = [];
  for (const patients of sizes) {
    process.stderr.write(`bench: scale at ${patients} patients\n`);
    runs.push(await foundationBench({ patients, contactsPerPatient: 4 }));
  }
  const [small, large] = [runs[0], runs.at(-1)];
  if (!small || !large || small === large) return { runs };
  const per100k = (a: number, b: number) => Math.round(((b - a) / ((docs(large) - docs(small)) / 100_000)) * 10) / 10;
  return {
    runs: runs.map((r) => ({ documents: docs(r), ...r })),
    growthPer100kDocuments: {
      rssMb: per100k(small.hostMemoryMb.rssMb, large.hostMemoryMb.rssMb),
      readyMs: per100k(small.hostColdStartMs.ready, large.hostColdStartMs.ready),
      firstListPaintMs: per100k(small.hostColdStartMs.firstListPaint, large.hostColdStartMs.firstListPaint),
    },
    targetsAt1M: { rssMb: 400, readyMs: 1500, firstListPaintMs: 2000, searchP95Ms: 20, chartP95Ms: 100 },
  };
}
