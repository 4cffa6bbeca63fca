// npm run host -- --data-dir DIR --port N : prints "READY <url>" once the workstation can be used.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { idleLockMsFromEnv } from '../core/session/idle-setting';
import { startHost } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    'renderer-dir': { type: 'string' },
  },
});

const dataDir = path.resolve(
  values['data-dir'] ?? process.env.CLINIC_DATA_DIR ?? path.join(os.homedir(), '.clinic-workstation'),
);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}
// Run from source (tsx) or from the bundle in out/host: the built renderer is out/renderer either way.
const rendererDir = path.resolve(
  values['renderer-dir'] ??
    [path.join(here, '../renderer'), path.join(here, '../../out/renderer')].find((d) => existsSync(d)) ??
    'out/renderer',
);

// The launcher (npm start) passes one token to every restart so that an open page reconnects;
// by environment, not argv, which other users can read in the process list.
const token = process.env.CLINIC_HOST_TOKEN;
delete process.env.CLINIC_HOST_TOKEN;
if (token !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(token)) {
  console.error('CLINIC_HOST_TOKEN must be at least 16 characters of A-Z, a-z, 0-9, _ or -');
  process.exit(2);
}

/** An error's kind, code and stack frames: never its message, which may quote patient data. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return `a thrown ${err === null ? 'null' : typeof err}`;
  const code = (err as NodeJS.ErrnoException).code;
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [`${err.name}${typeof code === 'string' ? ` (${code})` : ''}`, ...frames.slice(0, 8)].join('\n');
}

// A failure deep in a library (a request cut by the network) must not end the workstation with
// unsaved state on screen: log it and keep serving; the sync engine retries on its own. The causes
// are handled where they arise; these are the last line of defence.
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection (the host keeps running):', describe(reason));
});
process.on('uncaughtException', (err) => {
  console.error('uncaught exception (the host keeps running):', describe(err));
});

try {
  const idleLockMs = idleLockMsFromEnv(process.env);
  const host = await startHost({
    dataDir,
    port,
    rendererDir,
    ...(token === undefined ? {} : { token }),
    ...(idleLockMs === undefined ? {} : { idleLockMs }),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing the database…`);
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('close failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Only now: whoever reads READY may signal at once, and the handlers must be there to close
  // the database (printed first, a SIGTERM right after it could kill the host mid-write).
  console.log(`READY ${host.url}`);
} catch (err) {
  console.error(`host could not start: ${(err as Error).message}`);
  process.exit(1);
}
