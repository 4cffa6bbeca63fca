// Drives a workstation core running in its own process (workstation-process.ts): contract calls
// and test operations over stdin/stdout, SIGKILL, and its pid for memory figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./workstation-process.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type WorkstationProcess = {
  pid: number;
  call<T = unknown>(name: string, input?: unknown): Promise<T>;
  op<T = unknown>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** SIGKILL: no chance to close anything. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Closes the core cleanly and waits for the exit. */
  stop(): Promise<void>;
};

/**
 * `bundled`: a prebuilt bundle of workstation-process.ts (benchmarks measure the core as it
 * ships); by default tsx runs the source.
 */
export async function spawnWorkstation(
  dataDir: string,
  tuning?: Record<string, number>,
  bundled?: string,
): Promise<WorkstationProcess> {
  // CW_WORKSTATION_NODE_ARGS: extra Node flags for the child, e.g. --cpu-prof when profiling a benchmark.
  const extra = (process.env.CW_WORKSTATION_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const entry = bundled ? [bundled] : ['--import', 'tsx', SCRIPT];
  const args = [...extra, ...entry, dataDir, ...(tuning ? [JSON.stringify(tuning)] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never outlive the test process.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  void exited.then(() => process.off('exit', onExit));
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'READY') return ready();
    let msg: { id?: number; value?: unknown; error?: string };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return; // a stray log line
    }
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.value);
  });
  void exited.then(() => {
    for (const p of pending.values())
      p.reject(new Error(`workstation process exited (${child.signalCode ?? child.exitCode}): ${stderr.slice(-500)}`));
    pending.clear();
  });
  await Promise.race([
    isReady,
    exited.then(() => {
      throw new Error(`workstation process exited before READY: ${stderr.slice(-1000)}`);
    }),
  ]);
  // A call made as the process dies writes to a closed pipe: the exit handler answers it, so the
  // pipe's EPIPE is expected, not an error of the test process.
  child.stdin!.on('error', () => undefined);
  const send = <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`workstation process exited (${child.signalCode ?? child.exitCode})`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.stdin!.write(JSON.stringify({ id, ...msg }) + '\n');
    });
  return {
    pid: child.pid!,
    call: (name, input = {}) => send({ call: name, input }),
    op: (name, a = {}) => send({ op: name, args: a }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.stdin!.end(); // the process closes its core and exits
      await exited;
      clearTimeout(timer);
    },
  };
}
