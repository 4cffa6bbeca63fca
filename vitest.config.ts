import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'build/**/*.test.ts'],
    exclude: ['node_modules', 'out', 'e2e'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Sync/outage suites start servers and proxies; two cores here, so keep the files serial-ish.
    maxWorkers: 2,
  },
});
