// Fetches Electron's binary where the network allows it, and goes on in one line where it does not.
// Electron's own install script is not allowed to run by npm (see allowScripts): it would fail
// `npm install` on machines that only reach the npm registry. Here the failure is reported, not fatal.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = path.dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies: nothing to fetch
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('electron: binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); npm start will use the browser host.');
  process.exit(0);
}
if (existsSync(path.join(electronDir, 'path.txt'))) process.exit(0);
const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 90_000,
  encoding: 'utf8',
});
if (result.status === 0 && existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('electron: binary installed.');
} else {
  const reason = (result.stderr || result.error?.message || 'no reason given')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /error|ENOTFOUND|ECONN|ETIMEDOUT|refused/i.test(l)) ?? 'download failed';
  console.log(`electron: binary not installed (${reason.slice(0, 160)}); npm start will use the browser host.`);
}
