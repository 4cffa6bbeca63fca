// electron-vite builds the three bundles: main (ESM, Node), preload (one CommonJS file, as the
// sandbox requires) and the renderer (renderer/vite.config.ts, shared with the browser host's
// build so that both ship the same page). Output: out/main/main.js (package.json "main"),
// out/preload/preload.cjs, out/renderer.
import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { mergeConfig } from 'vite';
import rendererConfig from './renderer/vite.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out/main'),
      // Runtime dependencies (pouchdb-node and its native leveldown) stay in node_modules.
      externalizeDeps: true,
      rolldownOptions: { input: { main: path.join(root, 'electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out/preload'),
      // A sandboxed preload cannot require node_modules: bundle zod and the contract into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: path.join(root, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: mergeConfig(rendererConfig, {
    build: { rolldownOptions: { input: path.join(root, 'renderer/index.html') } },
  }),
});
