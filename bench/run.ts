// npm run bench [-- --only foundation,sync,conflicts,firstpull] [--patients N]: prints one JSON summary.
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
for (const [name, file] of [
  ['sync', './sync'],
  ['conflicts', './conflicts'],
  ['firstpull', './first-pull'], // not in the default set: the first pull at the server's pace, ~8 min
  ['many', './many'], // not in the default set: 20 workstations on one server, ~2 min
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
