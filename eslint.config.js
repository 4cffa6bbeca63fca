// Lint: typescript-eslint's recommended rules plus the process boundaries as errors.
// Boundaries (see STYLE.md): shared/ runs anywhere (no Node, no DOM-only host, no electron);
// renderer/ is a sandboxed page (no Node, no electron, no database); electron/ never reaches into
// renderer/; only the shell files may import the `electron` module; the core (electron/core) reaches
// nothing outside itself and shared/; product code never imports test code.
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const builtins = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/.]/g, '\\$&'));

// Each entry is one `no-restricted-imports` pattern; regexes run on the import specifier as written.
const ban = {
  electronModule: {
    regex: '^(@?electron)(/.*)?$',
    message: 'Only electron/main.ts, electron/preload.ts and electron/shell/** may import electron.',
  },
  electronFolder: {
    regex: '(^|/)electron/',
    message: 'This layer may not import from electron/ (the Node side): go through the contract in shared/.',
  },
  rendererFolder: {
    regex: '(^|/)renderer(/|$)',
    message: 'Only the renderer imports renderer/ code.',
  },
  pouchdb: { regex: '^pouchdb', message: 'Only the core (electron/core) talks to PouchDB.' },
  ws: { regex: '^ws$', message: 'The renderer uses the browser WebSocket, not the ws package.' },
  nodePrefixed: { regex: '^node:', message: 'No Node built-ins in this layer.' },
  nodeBuiltins: { regex: `^(${builtins.join('|')})(/.*)?$`, message: 'No Node built-ins in this layer.' },
};

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

// `no-restricted-imports` only sees the specifier as written, and `../testing` names a different
// folder at each depth. This rule resolves each relative specifier against the importing file and
// matches the target's path from the repository root (always with `/`) against the given regexes.
// It checks static imports, `export … from`, `import()` and `import('…')` types; packages are the
// business of `no-restricted-imports` above.
const root = import.meta.dirname;
const layers = {
  rules: {
    'no-restricted-paths': {
      meta: {
        type: 'problem',
        schema: {
          type: 'array',
          items: {
            type: 'object',
            properties: { target: { type: 'string' }, message: { type: 'string' } },
            required: ['target', 'message'],
            additionalProperties: false,
          },
        },
      },
      create(context) {
        const bans = context.options.map((o) => ({ target: new RegExp(o.target), message: o.message }));
        const dir = path.dirname(context.filename);
        const check = (source) => {
          const specifier = source?.type === 'Literal' ? source.value : undefined;
          if (typeof specifier !== 'string' || !/^\.\.?(\/|$)/.test(specifier)) return;
          const target = path.relative(root, path.resolve(dir, specifier)).split(path.sep).join('/');
          const ban = bans.find((b) => b.target.test(target));
          if (ban) context.report({ node: source, message: `'${specifier}' (${target}): ${ban.message}` });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
          TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : undefined),
        };
      },
    },
  },
};

// Targets for `layers/no-restricted-paths`: regexes on the resolved path from the repository root.
const reach = {
  testCode: {
    target: '^(electron/testing|e2e|bench)(/|$)|\\.(test|spec|test-util)(\\.[cm]?[jt]sx?)?$',
    message: 'Product code never imports test code (electron/testing/, e2e/, bench/, *.test.ts, *.test-util.ts).',
  },
  outsideCore: {
    target: '^(?!(electron/core|shared)(/|$))',
    message:
      'The core reaches nothing outside electron/core/ and shared/ (not host/, shell/, main.ts, preload.ts, practice-server/, tools/, testing/): what it needs from them is passed in.',
  },
};
const reachRule = (...targets) => ({ 'layers/no-restricted-paths': ['error', ...targets] });

const sourceFiles = ['**/*.{ts,tsx,js,mjs,cjs}'];
const testFiles = ['**/*.test.ts', '**/*.test.tsx'];
// Test code: tests, their helpers and the kits. Never compiled into the product (electron/tsconfig.json).
const testCode = [...testFiles, '**/*.test-util.ts', 'electron/testing/**'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      '.tsbuild/',
      'test-results/',
      'playwright-report/',
      'coverage/',
      'bench/results/',
      '.data/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: sourceFiles,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  // Node-side scripts and configs.
  {
    files: ['build/**/*.{js,mjs,cjs}', '*.{js,mjs,cjs}', '.ci/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Boundaries. Flat config replaces a rule's options per matching block, so every block below lists
  // its layer's complete set, and the more specific blocks come later.
  { files: sourceFiles, rules: restrict(ban.electronModule) },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(ban.electronModule, ban.electronFolder, ban.pouchdb, ban.ws, ban.nodePrefixed, ban.nodeBuiltins),
  },
  {
    files: ['shared/**'],
    rules: restrict(
      ban.electronModule,
      ban.electronFolder,
      ban.rendererFolder,
      ban.pouchdb,
      ban.ws,
      ban.nodePrefixed,
      ban.nodeBuiltins,
    ),
  },
  { files: ['electron/**'], rules: restrict(ban.electronModule, ban.rendererFolder) },
  { files: ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**'], rules: restrict(ban.rendererFolder) },
  { files: ['e2e/electron.spec.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Tests run in Node under vitest, never in the shipped page: they may use Node and a real core,
  // but still not the electron module (there is no Electron runtime under vitest).
  { files: testFiles, rules: restrict(ban.electronModule) },
  // Build configs sit beside the layers and legitimately name their folders.
  { files: ['*.config.{ts,js,mjs}', 'renderer/vite.config.ts'], rules: restrict(ban.electronModule) },
  // Where a relative import lands (see `layers` above): product code never reaches test code, and
  // the core's product files reach only the core and shared/. Tests and kits may import anything.
  { plugins: { layers } },
  { files: ['electron/**', 'renderer/**', 'shared/**'], ignores: testCode, rules: reachRule(reach.testCode) },
  { files: ['electron/core/**'], ignores: testCode, rules: reachRule(reach.testCode, reach.outsideCore) },
);
