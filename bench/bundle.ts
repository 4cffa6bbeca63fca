// Benchmark children run the core as it ships: bundled by esbuild (as `npm run host` and
// electron-vite do), not compiled on the fly by tsx, whose loader thread alone adds ~30 MB of
// RSS and whose first-run compiling would be counted as start-up time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from '../build/bundle-node.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `entry` (relative to the repository) into out/bench/ and returns the bundle's path. */
export function bundle(entry: string): Promise<string> {
  return bundleNode(path.join(ROOT, entry), path.join(ROOT, 'out/bench', `${path.basename(entry, '.ts')}.mjs`));
}
