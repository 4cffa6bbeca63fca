// npm run host: bundle the browser host (one file, ~0.2 s) and run it in this process, so that a
// cold start does not pay for compiling TypeScript on the fly.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'out/host/cli.mjs');
await build({
  entryPoints: [path.join(root, 'electron/host/cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
