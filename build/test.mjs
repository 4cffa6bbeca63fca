// npm test: typecheck, lint, unit/integration tests (vitest), renderer build, end-to-end tests
// (Playwright in Debian's Chromium), in that order, stopping at the first failure. The last line is
// always `N passed, N failed` (vitest + Playwright tests) and the exit code is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const node = process.execPath;
const bin = (p) => path.join(root, 'node_modules', p);
const reports = mkdtempSync(path.join(os.tmpdir(), 'clinic-test-'));
const vitestJson = path.join(reports, 'vitest.json');
const playwrightJson = path.join(reports, 'playwright.json');
const totals = { passed: 0, failed: 0 };

function finish(failedStep) {
  rmSync(reports, { recursive: true, force: true });
  if (failedStep) console.log(`\nnpm test stopped: ${failedStep} failed.`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failedStep || totals.failed > 0 ? 1 : 0);
}

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium; the e2e tests and playwright.config.ts use it. */
function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    console.error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    return undefined;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  console.error(
    "Chromium was not found. Install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH " +
      'to a Chromium or Chrome executable.',
  );
  return undefined;
}

function electronInstalled() {
  const pathFile = bin('electron/path.txt');
  return existsSync(pathFile) && existsSync(bin(path.join('electron/dist', readFileSync(pathFile, 'utf8').trim())));
}

function step(name, command, args, env = {}) {
  console.log(`\n── ${name}: ${[path.basename(command), ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32' && command.endsWith('.cmd'),
  });
  if (result.error) console.error(`${name}: ${result.error.message}`);
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Vitest's JSON report; a test file that fails to load (no tests in it) counts as one failure. */
function countVitest() {
  const report = readJson(vitestJson);
  if (!report) return false;
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) totals.failed += 1;
  }
  return true;
}

/** Playwright's JSON report; flaky tests passed (retries are 0, so there should be none). */
function countPlaywright() {
  const report = readJson(playwrightJson);
  if (!report?.stats) return false;
  totals.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
  totals.failed += (report.stats.unexpected ?? 0) + (report.errors ?? []).length;
  return true;
}

const chromium = findChromium();
if (!chromium) finish('finding Chromium');

if (!step('typecheck', node, [bin('typescript/bin/tsc'), '-b'])) finish('typecheck');
if (!step('lint', node, [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0'])) finish('lint');

const vitestOk = step('unit and integration tests', node, [
  bin('vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (!countVitest()) finish('vitest (no report written)');
if (!vitestOk) finish('vitest');

// With Electron installed the smoke test needs main and preload too; electron-vite builds all three.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const built = electronInstalled()
  ? step('build (main, preload, renderer)', npm, ['run', 'build'])
  : step('renderer build', npm, ['run', 'build:renderer']);
if (!built) finish('build');

const e2eOk = step('end-to-end tests', node, [bin('playwright/cli.js'), 'test'], {
  CHROMIUM_PATH: chromium,
  CLINIC_PLAYWRIGHT_JSON: playwrightJson,
});
if (!countPlaywright()) finish('playwright (no report written)');
finish(e2eOk ? undefined : 'playwright');
