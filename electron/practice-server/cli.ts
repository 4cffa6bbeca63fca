// npm run practice-server -- --port N --data-dir DIR --admin-user U --admin-password P
// Prints `READY http://127.0.0.1:PORT` once listening; SIGINT/SIGTERM close it cleanly.
// --exit-with-stdin: also stop when stdin closes (test harnesses use it so a dying parent
// never leaves a server behind).
// Started without a V8 stack size of its own, it runs itself again with the larger stack it needs
// for deeply nested documents (depth-guard.ts); the test harness passes the flag directly.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { hasStackSizeFlag, serverNodeFlags } from './depth-guard';
import { installProcessSafetyNet, startPracticeServerProcess } from './server';

const USAGE =
  'usage: npm run practice-server -- --port N --data-dir DIR --admin-user U --admin-password P [--exit-with-stdin]\n' +
  '  (the password may also come from the PRACTICE_SERVER_ADMIN_PASSWORD environment variable)';

function fail(message: string): never {
  process.stderr.write(`practice-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'admin-user': { type: 'string' },
        'admin-password': { type: 'string' },
        'exit-with-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const port = Number(values.port ?? '5984');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer 0-65535, got ${values.port}`);
  const dataDir = values['data-dir'];
  if (!dataDir) fail('--data-dir is required');
  const username = values['admin-user'];
  const password = values['admin-password'] ?? process.env.PRACTICE_SERVER_ADMIN_PASSWORD;
  if (!username || !password)
    fail('--admin-user and --admin-password are required (the server never runs without an admin)');
  return { port, dataDir, admin: { username, password }, exitWithStdin: values['exit-with-stdin'] };
}

async function main(): Promise<void> {
  const opts = parse();
  installProcessSafetyNet();
  const server = await startPracticeServerProcess(opts);
  let closing = false;
  const shutdown = (why: string): void => {
    if (closing) return;
    closing = true;
    process.stderr.write(`practice-server: ${why}, closing\n`);
    const force = setTimeout(() => process.exit(0), 3_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (opts.exitWithStdin) {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('close', () => shutdown('stdin closed'));
    process.stdin.resume();
  }
  process.stdout.write(`READY ${server.url}\n`);
}

/** Runs this same command again with the larger stack; this process only relays signals and the exit. */
function rerunWithLargerStack(flags: string[]): void {
  const [script, ...args] = process.argv.slice(1);
  if (script === undefined) fail('cannot find the script to run again');
  const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.once('error', (err) => {
    process.stderr.write(`practice-server: failed to start: ${err.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const stackFlags = hasStackSizeFlag() ? [] : serverNodeFlags();
if (stackFlags.length > 0) {
  rerunWithLargerStack(stackFlags);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`practice-server: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
