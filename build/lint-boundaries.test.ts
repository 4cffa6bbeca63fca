// The layer boundaries are lint errors: lint small snippets as if they sat in each folder and check
// that every forbidden import is reported (and that the allowed ones are not). Both boundary rules
// count: no-restricted-imports (the specifier as written) and layers/no-restricted-paths (where a
// relative specifier lands, see eslint.config.js).
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

const boundaryRules = new Set(['no-restricted-imports', 'layers/no-restricted-paths']);

async function restrictedImports(filePath: string, specifier: string): Promise<number> {
  const [result] = await eslint.lintText(`import x from '${specifier}';\nexport default x;\n`, { filePath });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`snippet did not parse: ${fatal[0]?.message}`);
  return result.messages.filter((m) => m.ruleId !== null && boundaryRules.has(m.ruleId) && m.severity === 2).length;
}

const forbidden: [string, string[]][] = [
  [
    'renderer/patients/fixture.ts',
    [
      'electron',
      'electron/renderer',
      '../electron/core/core',
      '../../electron/shell/x',
      'pouchdb-node',
      'pouchdb',
      'ws',
    ],
  ],
  ['renderer/fixture.tsx', ['node:fs', 'fs', 'fs/promises', 'path', 'child_process', 'crypto', 'os', 'net']],
  [
    'shared/records/fixture.ts',
    ['electron', '../../electron/core/dispatch', '../../renderer/client', 'pouchdb-node', 'node:crypto', 'path', 'ws'],
  ],
  ['electron/core/fixture.ts', ['electron', '@electron/remote', '../../renderer/client', '../renderer/stores/x']],
  ['electron/host/fixture.ts', ['electron']],
  ['electron/main.ts', ['../renderer/client']],
  ['electron/shell/fixture.ts', ['../../renderer/client']],
  ['e2e/patients.spec.ts', ['electron']],
  ['bench/fixture.ts', ['electron']],
  // The core's product files reach nothing outside electron/core/ and shared/, at any depth.
  [
    'electron/core/fixture.ts',
    [
      '../host/file-secrets',
      '../shell/window',
      '../main',
      '../preload',
      '../testing/temp',
      '../practice-server/setup',
      '../tools/seed',
    ],
  ],
  [
    'electron/core/sync/fixture.ts',
    [
      '../../host/file-secrets',
      '../../shell/window',
      '../../main',
      '../../testing/practice',
      '../../practice-server/setup',
      '../../tools/seed',
      '../../../bench/stats',
      '../../../electron/host/server',
    ],
  ],
  ['electron/core/store/deeper/fixture.ts', ['../../../host/file-secrets', '../../../testing/temp']],
  // Product code never imports test code: electron/testing/, e2e/, bench/, tests and test helpers.
  [
    'electron/host/fixture.ts',
    ['../testing/bridge-client', '../core/core.test', './server.test-util', '../../e2e/pages/app', '../../bench/stats'],
  ],
  ['electron/main.ts', ['./testing/temp']],
  ['electron/shell/fixture.ts', ['../testing/temp']],
  ['electron/tools/fixture.ts', ['../testing/practice', '../practice-server/http-helpers.test-util']],
  ['electron/practice-server/fixture.ts', ['../testing/practice', './http-helpers.test-util', './access.test']],
  ['electron/core/sync/fixture.ts', ['./engine.test', '../../practice-server/http-helpers.test-util.ts']],
  ['renderer/fixture.ts', ['./App.test', './client.test.tsx']],
  ['shared/records/fixture.ts', ['../dates.test', './schemas.test.ts']],
];

const allowed: [string, string[]][] = [
  ['renderer/fixture.ts', ['react', 'zustand', '../shared/contract/contract', './stores/patients']],
  ['shared/records/fixture.ts', ['zod', '../dates']],
  ['electron/core/fixture.ts', ['pouchdb-node', 'node:fs', 'path', '../../shared/contract/contract', 'ws']],
  ['electron/main.ts', ['electron', './shell/window', 'node:path']],
  ['electron/preload.ts', ['electron', '../shared/contract/contract']],
  ['electron/shell/fixture.ts', ['electron']],
  ['e2e/electron.spec.ts', ['electron']],
  ['electron.vite.config.ts', ['electron-vite']],
  // Tests run under vitest in Node: they may drive a real core from the renderer's side.
  ['renderer/fixture.test.ts', ['node:fs', '../electron/host/server']],
  // The core reaches itself and shared/, at any depth; only a test in it uses the kits and the host.
  [
    'electron/core/sync/fixture.ts',
    [
      './engine',
      '../store/open',
      '../core',
      '../../core/types',
      '../../../shared/sync/status',
      'pouchdb-node',
      'node:path',
    ],
  ],
  [
    'electron/core/conflicts/fixture.test.ts',
    ['../../testing/scenario-kit', '../../testing/sync-kit', '../../host/file-secrets', '../service.test'],
  ],
  // The kits are test code: they may use the host, the practice server and the core.
  ['electron/testing/fixture.ts', ['../host/file-secrets', '../practice-server/setup', '../core/core', './practice']],
  ['electron/practice-server/fixture.test.ts', ['./http-helpers.test-util']],
  ['electron/practice-server/fixture.test-util.ts', ['./setup']],
  ['electron/host/fixture.ts', ['../core/core', './latest', '../../shared/contract/contract']],
  ['e2e/fixture.spec.ts', ['../electron/testing/practice']],
  ['bench/fixture.ts', ['../electron/testing/process-kit', '../electron/core/core']],
];

describe('import boundaries', () => {
  for (const [file, specifiers] of forbidden) {
    for (const specifier of specifiers) {
      it(`${file} may not import ${specifier}`, async () => {
        expect(await restrictedImports(file, specifier)).toBeGreaterThan(0);
      });
    }
  }
  for (const [file, specifiers] of allowed) {
    for (const specifier of specifiers) {
      it(`${file} may import ${specifier}`, async () => {
        expect(await restrictedImports(file, specifier)).toBe(0);
      });
    }
  }
});
