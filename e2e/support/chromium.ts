// Debian's Chromium, for the end-to-end tests and the benchmarks (Playwright cannot download its
// own browsers here): CHROMIUM_PATH, else /usr/bin/chromium, launched with these flags.
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (!fromEnv && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(
    fromEnv
      ? `CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`
      : 'Chromium was not found: install it (sudo apt-get install chromium) or set CHROMIUM_PATH.',
  );
}

// Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
