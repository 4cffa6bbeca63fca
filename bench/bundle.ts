// Benchmark children run the core as it ships: bundled by esbuild (as `npm run host` and
// electron-vite do), not compiled on the fly by tsx, whose loader thread alone adds ~30 MB of
// RSS and whose first-run compiling would be counted as start-up time.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `entry` (relative to the repository) into out/bench/ and returns the bundle's path. */
export async function bundle(entry: string): Promise<string> {
  const outfile = path.join(ROOT, 'out/bench', `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
