// Bundles a Node entry point of the core with esbuild, the one way the project does it: the
// browser host (`npm run host`) and the benchmarks' workstation processes run such a bundle.
import { build } from 'esbuild';

/**
 * @param {string} entry the entry point's path
 * @param {string} outfile where the bundle goes
 * @param {import('esbuild').BuildOptions} [options] more esbuild options (e.g. a source map)
 * @returns {Promise<string>} the bundle's path
 */
export async function bundleNode(entry, outfile, options = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    ...options,
  });
  return outfile;
}
