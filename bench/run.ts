// npm run bench [-- --only foundation,sync,conflicts,firstpull,many,bigpull,disk,scale] [--patients N]: prints one JSON
// summary. The default set: foundation, sync, conflicts.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { foundationBench } from './foundation';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    patients: { type: 'string', default: '50000' },
  },
});
const only = new Set((values.only ?? 'foundation,sync,conflicts').split(','));
if (!existsSync('out/renderer/index.html')) execSync('npm run build:renderer', { stdio: 'inherit' });

const results: Record<string, unknown> = {
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
};
const patients = Number(values.patients);
if (only.has('foundation')) results.foundation = await foundationBench({ patients, contactsPerPatient: 4 });
// Not in the default set: seeding and 100,000 edits take minutes at a practice's size.
if (only.has('disk')) results.disk = await (await import('./disk')).diskBench({ patients });
// Not in the default set either: a million documents seeded (several minutes).
if (only.has('scale')) results.scale = await (await import('./scale')).scaleBench();
for (const [name, file] of [
  ['sync', './sync'],
  ['conflicts', './conflicts'],
  ['firstpull', './first-pull'], // not in the default set: the first pull at the server's pace, ~8 min
  ['many', './many'], // not in the default set: 20 workstations on one server, ~2 min
  ['bigpull', './first-pull-big'], // not in the default set: ~1M documents, killed and resumed, 10+ min
] as const) {
  if (!only.has(name)) continue;
  try {
    const mod = (await import(file)) as { default: () => Promise<unknown> };
    results[name] = await mod.default();
  } catch (err) {
    results[name] = { error: String((err as Error).message ?? err) };
  }
}
console.log(JSON.stringify(results, null, 2));
