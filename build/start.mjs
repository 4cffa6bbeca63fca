// npm start: the Electron app where its binary is installed, else the browser host (one line says
// which and why). Arguments after `--` go to the app, e.g. `npm start -- --data-dir /tmp/practice`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { superviseHost } from './host-launcher.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The Electron executable, or the reason there is none. */
function findElectron(electronDir = path.join(root, 'node_modules/electron')) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'node_modules/electron/path.txt is missing' };
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `${path.relative(root, binary)} is missing` };
  return { binary };
}

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** True when `output` is missing or older than any of the `sources`. */
function stale(output, sources) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return built === 0 || sources.some((s) => newestMtime(path.join(root, s)) > built);
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`${command} ${commandArgs.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

/** Runs a child in the foreground: signals go to it, and we exit with its code. */
function foreground(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`could not start ${child.spawnfile}: ${err.message}`);
    process.exit(1);
  });
}

const electron = findElectron();
if (electron.binary) {
  const main = path.join(root, 'out/main/main.js');
  const sources = ['electron', 'shared', 'renderer', 'electron.vite.config.ts'];
  if (stale(main, sources) || stale(path.join(root, 'out/renderer/index.html'), sources)) run(npm, ['run', 'build']);
  foreground(spawn(electron.binary, [root, ...args], { cwd: root, stdio: 'inherit' }));
} else {
  console.log(`Electron binary is not installed (${electron.reason}): starting the browser host instead.`);
  if (stale(path.join(root, 'out/renderer/index.html'), ['renderer', 'shared'])) run(npm, ['run', 'build:renderer']);
  const hasDataDir = args.some((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  const dataDir = process.env.CLINIC_DATA_DIR || path.join(os.homedir(), '.clinic-workstation');
  // build/host.mjs bundles the host first (fast cold start); tsx runs the sources if it is absent.
  const hostEntry = existsSync(path.join(root, 'build/host.mjs'))
    ? [path.join(root, 'build/host.mjs')]
    : ['--import', 'tsx', path.join(root, 'electron/host/cli.ts')];
  const hostArgs = [...(hasDataDir ? [] : ['--data-dir', dataDir]), ...args];
  // The launcher restarts a host that dies (same port, same token: the open page reconnects),
  // prints the host's READY line, and passes Ctrl-C / SIGTERM on to it.
  const host = superviseHost({ command: hostEntry, args: hostArgs, cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void host.stop(signal));
  host.exited.then((code) => process.exit(code));
}
