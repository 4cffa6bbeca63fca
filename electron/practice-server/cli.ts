// npm run practice-server -- --port N --data-dir DIR --admin-user U --admin-password P
// Prints `READY http://127.0.0.1:PORT` once listening; SIGINT/SIGTERM close it cleanly.
// --exit-with-stdin: also stop when stdin closes (test harnesses use it so a dying parent
// never leaves a server behind).
import { parseArgs } from 'node:util';
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

main().catch((err: unknown) => {
  process.stderr.write(`practice-server: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
