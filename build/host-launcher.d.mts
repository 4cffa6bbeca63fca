import type { ChildProcess } from 'node:child_process';

export type HostLauncherOptions = {
  /** Node arguments that run the host, e.g. ['build/host.mjs'] or ['--import', 'tsx', 'electron/host/cli.ts']. */
  command: string[];
  /** The host's own arguments (--data-dir, --port, …); --port is taken out and managed here. */
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Where the host's stdout lines and the launcher's notes go (console.log by default). */
  print?: (line: string) => void;
  /** Where the host's stderr lines and the restart notes go (console.error by default). */
  printError?: (line: string) => void;
  restartDelayMs?: number;
  /** At most this many restarts within windowMs; then the launcher gives up. */
  maxRestarts?: number;
  windowMs?: number;
  /** How long a stopping host may take to close its database before it is killed. */
  stopTimeoutMs?: number;
};

export type HostLauncher = {
  /** Resolves with the exit code the launcher should end with, once the host is stopped for good. */
  exited: Promise<number>;
  /** The running host process, if one is running now. */
  child(): ChildProcess | undefined;
  /** The address of the n-th READY (1: the first start), once the host has printed it. */
  ready(n?: number): Promise<string>;
  /** Stops the host with this signal (no restart) and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number>;
};

export function takePort(args: string[]): { rest: string[]; port: string };
export function superviseHost(options: HostLauncherOptions): HostLauncher;
