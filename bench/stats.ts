// Small helpers shared by the benchmarks.
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';

export function percentile(samples: number[], p: number): number {
  const sorted = samples.slice().sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summary(samples: number[]) {
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    n: samples.length,
    p50: r(percentile(samples, 50)),
    p95: r(percentile(samples, 95)),
    max: r(Math.max(...samples)),
  };
}

/** Resident and peak resident memory of a process, in MB, from /proc (Linux). */
export function rssOf(pid: number): { rssMb: number; peakRssMb: number; anonMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  // anonMb: the process's own memory, without the file pages it maps (leveldb's tables as it
  // reads them: page cache the system takes back when it needs it).
  return {
    rssMb: Math.round(kb('VmRSS') / 1024),
    peakRssMb: Math.round(kb('VmHWM') / 1024),
    anonMb: Math.round(kb('RssAnon') / 1024),
  };
}

/** Start a process that prints "READY <url>" and resolve when it does. */
export function spawnReady(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
