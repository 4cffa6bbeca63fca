// The diagnostics log: pino's JSON lines in <dataDir>/logs/diagnostics.log, written
// asynchronously (sonic-boom, pino's own file stream, used directly so that the flush at exit is
// ours and cannot throw over a broken log), rotated by size: the current file plus
// diagnostics.1.log (newest) … diagnostics.4.log (oldest), 5 MB each, so at most 25 MB.
//
// What goes in: sync state changes, failures with their reason, slow calls, start and close.
// What never goes in: documents, patient fields, record ids, credentials. Callers log counts and
// codes through the narrow functions below (never a whole object they were given); pino's
// `redact` blanks credential-named keys as a second line of defence, and every text is stripped
// of `//user:password@` and capped.
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import SonicBoom from 'sonic-boom';

export const LOG_FILE = 'diagnostics.log';
/** Rotated files besides the current one. */
export const ROTATED_FILES = 4;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Values a log line may carry: flat scalars only, so no caller can hand it a document. */
export type LogFields = Record<string, string | number | boolean | null>;

export type DiagnosticsLog = {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** The log's lines, oldest first, from the rotated files and the current one: the newest `maxBytes`. */
  readLines(maxBytes: number): Promise<string[]>;
  /** Writes what is buffered, then closes the file. Later calls log nothing. */
  close(): Promise<void>;
};

export const logDir = (dataDir: string) => path.join(dataDir, 'logs');

/** The files oldest first: diagnostics.4.log … diagnostics.1.log, diagnostics.log. */
export function logFiles(dataDir: string): string[] {
  const dir = logDir(dataDir);
  const rotated = Array.from({ length: ROTATED_FILES }, (_, i) =>
    path.join(dir, `diagnostics.${ROTATED_FILES - i}.log`),
  );
  return [...rotated, path.join(dir, LOG_FILE)];
}

const CREDENTIAL_KEYS = ['password', 'pass', 'authorization', 'cookie', 'token', 'credentials', 'secret'];

/** No credentials in a URL, no line breaks, no essay: what any text goes through before the log. */
export function scrub(text: string, max = 300): string {
  const clean = text
    .replace(/\/\/[^/@\s]*:[^/@\s]*@/g, '//')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export async function createDiagnosticsLog(
  dataDir: string,
  opts: { maxFileBytes?: number } = {},
): Promise<DiagnosticsLog> {
  const maxBytes = opts.maxFileBytes ?? MAX_FILE_BYTES;
  const files = logFiles(dataDir);
  const current = files[files.length - 1]!;
  // A log that cannot be written (a file where the folder should be, no rights) is dropped, never
  // a reason for the workstation not to start.
  await mkdir(logDir(dataDir), { recursive: true }).catch(() => undefined);
  let size = await stat(current).then(
    (s) => s.size,
    () => 0,
  );
  // Asynchronous: a write only queues the line; sonic-boom writes it on its own.
  const dest = new SonicBoom({ dest: current, sync: false, append: true, mkdir: true });
  // A full disk or a removed folder must not end the workstation: the log just stops.
  let broken = false;
  // The file is open (sonic-boom's types do not show its fd).
  let opened = false;
  dest.once('ready', () => (opened = true));
  // Bytes handed to the stream and bytes it reported written: equal when everything is on disk.
  let queued = 0;
  let written = 0;
  let waiting: Array<() => void> = [];
  const wake = () => {
    for (const w of waiting) w();
    waiting = [];
  };
  // At exit (a crash, Ctrl+C, a quit that did not close the log) the lines still queued are
  // written at once: they are often the ones that tell what happened. Never over a broken stream
  // (pino.destination's own hook threw "sonic boom is not ready yet" there, or spun on a full disk).
  const flushAtExit = () => {
    if (broken || !opened) return;
    try {
      dest.flushSync();
    } catch {
      // The process is ending; a log that cannot be written is no reason to say so.
    }
  };
  process.on('exit', flushAtExit);
  const stop = () => {
    broken = true;
    process.off('exit', flushAtExit);
    wake();
  };
  dest.on('error', stop);
  dest.on('close', stop);
  dest.on('write', (n: number) => {
    written += n;
    if (written >= queued) wake();
  });
  /** Resolves once every line logged so far is in a file. */
  const settled = () =>
    broken || written >= queued ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
  let closed = false;
  let rotating: Promise<void> | undefined;

  async function rotate(): Promise<void> {
    // Renaming the open file is fine (POSIX; libuv opens with FILE_SHARE_DELETE on Windows):
    // lines still queued go to the renamed file, the next ones to a new current file.
    // Each file one older (files[0], the oldest, is overwritten), the current one becoming .1.
    for (let i = 1; i < files.length; i++) await rename(files[i]!, files[i - 1]!).catch(() => undefined);
    if (!closed && !broken) dest.reopen();
  }

  const stream = {
    write(line: string): void {
      if (closed || broken) return;
      const bytes = Buffer.byteLength(line);
      queued += bytes;
      size += bytes;
      dest.write(line);
      if (size >= maxBytes && !rotating) {
        size = 0;
        rotating = rotate()
          .catch(() => undefined)
          .finally(() => (rotating = undefined));
      }
    },
  };

  const logger: Logger = pino(
    {
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [...CREDENTIAL_KEYS, ...CREDENTIAL_KEYS.map((k) => `*.${k}`)],
        censor: '[redacted]',
      },
    },
    stream,
  );

  const clean = (fields: LogFields | undefined): LogFields | undefined => {
    if (!fields) return undefined;
    const out: LogFields = {};
    for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? scrub(v) : v;
    return out;
  };
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (msg: string, fields?: LogFields): void => {
      if (closed) return;
      try {
        const f = clean(fields);
        if (f) logger[level](f, scrub(msg));
        else logger[level](scrub(msg));
      } catch {
        // Logging never breaks the call that logs.
      }
    };

  return {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    async readLines(limit) {
      await rotating;
      await settled();
      const lines: string[] = [];
      let total = 0;
      // Newest file first, so that the cap keeps the latest lines.
      for (const file of [...files].reverse()) {
        const text = await readFile(file, 'utf8').catch(() => '');
        const fileLines = text.split('\n').filter((l) => l.length > 0);
        for (let i = fileLines.length - 1; i >= 0; i--) {
          const line = fileLines[i]!;
          total += Buffer.byteLength(line) + 1;
          if (total > limit) return lines.reverse();
          lines.push(line);
        }
      }
      return lines.reverse();
    },
    async close() {
      if (closed) return;
      closed = true;
      await rotating;
      if (broken) {
        // Let go of the file a full disk left open; nothing more can be written to it.
        if (opened) dest.destroy();
        return;
      }
      await new Promise<void>((resolve) => {
        dest.once('close', () => resolve());
        dest.once('error', () => resolve());
        dest.end();
      });
    },
  };
}
