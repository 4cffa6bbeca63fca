// npm run host: bundle the browser host (one file, ~0.2 s) and run it in this process, so that a
// cold start does not pay for compiling TypeScript on the fly.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleNode } from './bundle-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = await bundleNode(path.join(root, 'electron/host/cli.ts'), path.join(root, 'out/host/cli.mjs'), {
  sourcemap: 'inline',
});
await import(pathToFileURL(outfile).href);
