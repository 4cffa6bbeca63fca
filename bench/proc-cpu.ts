// CPU time of processes and of the whole machine, from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: 100 on every Linux Node runs on (sysconf(_SC_CLK_TCK) is not exposed to Node).
const TICKS_PER_S = 100;

/** Fields of /proc/<pid>/stat after the command (which may hold spaces), 0-based from `state`. */
function statFields(pid: number): string[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** utime + stime of a process, in ms (0 once it is gone). */
export function cpuMsOf(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S;
}

/** A process and all its descendants (a server may re-launch itself with other Node flags). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const f = statFields(pid);
    if (f) parentOf.set(pid, Number(f[1]));
  }
  const out = [root];
  for (let i = 0; i < out.length; i++)
    for (const [pid, ppid] of parentOf) if (ppid === out[i] && !out.includes(pid)) out.push(pid);
  return out;
}

/** Children of `parent` whose command line contains `needle`. */
export function childrenMatching(parent: number, needle: string): number[] {
  return processTree(parent)
    .slice(1)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    });
}

/** Busy and total CPU time of the machine, all cores, in ms. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
  return { busy: ((total - idle) * 1000) / TICKS_PER_S, total: (total * 1000) / TICKS_PER_S };
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
