// End-to-end tests in Debian's Chromium (Playwright cannot download browsers here) plus the
// Electron smoke test. Chromium: CHROMIUM_PATH, else /usr/bin/chromium.
import path from 'node:path';
import { defineConfig } from 'playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/support/chromium';

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
      args: CHROMIUM_ARGS,
    },
  },
});
