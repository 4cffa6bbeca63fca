// End-to-end tests in Debian's Chromium (Playwright cannot download browsers here) plus the
// Electron smoke test. Chromium: CHROMIUM_PATH, else /usr/bin/chromium.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'playwright/test';

function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (!fromEnv && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(
    fromEnv
      ? `CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`
      : 'Chromium was not found: install it (sudo apt-get install chromium) or set CHROMIUM_PATH.',
  );
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Each e2e test starts a host (a core on leveldb) and a browser; two cores on the build machines.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.CLINIC_PLAYWRIGHT_JSON ?? path.join('test-results', 'playwright.json') }],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
