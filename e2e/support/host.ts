// Starts the browser host (electron/host/cli.ts, run by Node with tsx's loader) as a real child
// process for a test: waits for its "READY <url>" line, and stops it with SIGTERM (a clean
// database close). No tsx CLI wrapper in between, so the signal reaches the host itself.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { seedPeople, TEST_PERSON, type TestPerson } from '../../electron/testing/people';

const root = path.resolve(import.meta.dirname, '../..');

export type RunningHost = {
  url: string;
  process: ChildProcess;
  /** Who can sign in here offline (seeded): the first one is who WorkstationPage.open signs in. */
  people: readonly TestPerson[];
  output(): string;
  stop(): Promise<void>;
};

// Who signs in at each host's page, by URL, for WorkstationPage.open (same worker process).
const seeded = new Map<string, TestPerson>();

/** The person WorkstationPage.open signs in as at this URL. */
export function personFor(url: string): TestPerson {
  return seeded.get(new URL(url).origin) ?? TEST_PERSON;
}

/**
 * `rendererDir` (or CLINIC_E2E_RENDERER_DIR): a renderer build other than out/renderer, e.g. a
 * private one. `env`: more environment for the host (e.g. CLINIC_HOST_TOKEN). `people`: who has
 * signed in here before (their verifiers are written into the data folder, so they sign in
 * offline); by default TEST_PERSON, a doctor. A spec syncing with a practice server names its
 * members with the same passwords.
 */
export async function startHost(
  dataDir: string,
  opts: { timeoutMs?: number; rendererDir?: string; env?: Record<string, string>; people?: TestPerson[] } = {},
): Promise<RunningHost> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const people = opts.people ?? [TEST_PERSON];
  await seedPeople(dataDir, people);
  const rendererDir = opts.rendererDir ?? process.env.CLINIC_E2E_RENDERER_DIR;
  const args = [
    '--import',
    'tsx',
    'electron/host/cli.ts',
    '--data-dir',
    dataDir,
    '--port',
    '0',
    ...(rendererDir ? ['--renderer-dir', rendererDir] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test', ...opts.env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a half-started host behind
      reject(new Error(`host did not print READY within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /^READY (\S+)$/m.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with code ${code} before READY; output:\n${output}`));
    });
  });

  if (people[0]) seeded.set(new URL(url).origin, people[0]);
  let stopping: Promise<void> | undefined;
  return {
    url,
    process: child,
    people,
    output: () => output,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        if (code !== 0) throw new Error(`host exited with code ${code} on SIGTERM; output:\n${output}`);
      })();
      return stopping;
    },
  };
}
