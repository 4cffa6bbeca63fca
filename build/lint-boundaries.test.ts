// The layer boundaries are lint errors: lint small snippets as if they sat in each folder and check
// that every forbidden import is reported (and that the allowed ones are not).
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function restrictedImports(filePath: string, specifier: string): Promise<number> {
  const [result] = await eslint.lintText(`import x from '${specifier}';\nexport default x;\n`, { filePath });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`snippet did not parse: ${fatal[0]?.message}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).length;
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
