// Lint: typescript-eslint's recommended rules plus the process boundaries as errors.
// Boundaries (see STYLE.md): shared/ runs anywhere (no Node, no DOM-only host, no electron);
// renderer/ is a sandboxed page (no Node, no electron, no database); electron/ never reaches into
// renderer/; only the shell files may import the `electron` module.
import { builtinModules } from 'node:module';
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

const sourceFiles = ['**/*.{ts,tsx,js,mjs,cjs}'];
const testFiles = ['**/*.test.ts', '**/*.test.tsx'];

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
);
