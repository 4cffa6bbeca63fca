// The diagnostics log: rotation by size, redaction, what sync and the calls write into it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialSyncStatus, NO_ISSUES, type SyncStatus } from '../../../shared/sync/status';
import { CallError } from '../../../shared/contract/errors';
import type { Handlers } from '../dispatch';
import { tempDir } from '../../testing/temp';
import { createDiagnosticsLog, logDir, scrub, type DiagnosticsLog, type LogFields } from './diagnostics-log';
import { observeCalls } from './observe-calls';
import { syncStatusLogger } from './sync-status-log';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function folder(): Promise<string> {
  const t = await tempDir('cw-log-');
  cleanup.push(t.remove);
  return t.dir;
}

/** A log that keeps its lines in memory, for the pieces that write to one. */
function memoryLog(): DiagnosticsLog & { lines: Array<{ level: string; msg: string; fields?: LogFields }> } {
  const lines: Array<{ level: string; msg: string; fields?: LogFields }> = [];
  const at = (level: string) => (msg: string, fields?: LogFields) =>
    void lines.push(fields ? { level, msg, fields } : { level, msg });
  return {
    lines,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    readLines: async () => [],
    close: async () => {},
  };
}

describe('diagnostics log file', () => {
  it('writes JSON lines, rotates by size keeping 4 older files, and reads the newest lines back in order', async () => {
    const dir = await folder();
    const log = await createDiagnosticsLog(dir, { maxFileBytes: 4_000 });
    for (let i = 0; i < 1_000; i++) {
      log.info('line', { i });
      // Now and then let the writes and renames happen, as a running workstation does.
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const lines = await log.readLines(1_000_000);
    const seq = lines.map((l) => (JSON.parse(l) as { i: number }).i);
    // Oldest first, no gaps: what rotation kept is the newest run of lines.
    expect(seq.at(-1)).toBe(999);
    expect(seq).toEqual(Array.from({ length: seq.length }, (_, k) => 1_000 - seq.length + k));
    expect(seq.length).toBeLessThan(1_000); // the oldest were rotated out

    const capped = await log.readLines(2_000);
    expect(capped.join('\n').length).toBeLessThanOrEqual(2_000);
    expect(capped.at(-1)).toBe(lines.at(-1));
    await log.close();

    const files = (await readdir(logDir(dir))).sort();
    expect(files).toEqual([
      'diagnostics.1.log',
      'diagnostics.2.log',
      'diagnostics.3.log',
      'diagnostics.4.log',
      'diagnostics.log',
    ]);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'line', time: expect.any(String) });
  });

  it('blanks credential keys and strips credentials from URLs; logs nothing after close', async () => {
    const dir = await folder();
    const log = await createDiagnosticsLog(dir);
    log.warn('failed at http://alice:S3cret-pw-XYZ@127.0.0.1:5984/practice', {
      password: 'S3cret-pw-XYZ',
      authorization: 'Basic YWxpY2U6UzNjcmV0',
      url: 'https://bob:hunter2@couch.lan/db',
    });
    await log.close();
    log.info('after close');
    const text = await readFile(path.join(logDir(dir), 'diagnostics.log'), 'utf8');
    expect(text).not.toMatch(/S3cret|YWxpY2U6|hunter2|after close/);
    expect(JSON.parse(text.trim())).toMatchObject({
      msg: 'failed at http://127.0.0.1:5984/practice',
      password: '[redacted]',
      authorization: '[redacted]',
      url: 'https://couch.lan/db',
    });
    expect(scrub('x'.repeat(400)).length).toBe(301);
  });

  it('survives a log folder it cannot write: the lines are dropped, nothing throws', async () => {
    const dir = await folder();
    await writeFile(logDir(dir), 'a file where the folder should be');
    const log = await createDiagnosticsLog(dir);
    log.info('one');
    await new Promise((r) => setTimeout(r, 50));
    log.error('two', { n: 2 });
    expect(await log.readLines(1_000)).toEqual([]);
    await log.close();
    await expect(log.close()).resolves.toBeUndefined();
  });
});

/**
 * A process that logs into `dir` and exits without closing the log, as a crash or Ctrl+C does:
 * pino's exit hook then flushes the file stream, which must not throw over a broken log.
 */
async function exitWithoutClose(
  dir: string,
  end: 'natural' | 'process.exit' = 'natural',
): Promise<{ code: number | null; stderr: string }> {
  const moduleUrl = new URL('./diagnostics-log.ts', import.meta.url).href;
  const script = [
    `const { createDiagnosticsLog } = await import(${JSON.stringify(moduleUrl)});`,
    `const log = await createDiagnosticsLog(${JSON.stringify(dir)});`,
    `log.info('one');`,
    `await new Promise((r) => setTimeout(r, 100));`,
    `for (let i = 0; i < 2000; i++) log.info('two');`,
    end === 'process.exit' ? 'process.exit(0);' : '',
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.dirname(fileURLToPath(import.meta.url)),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('a log at exit', () => {
  it('a process that ends without closing the log still leaves its last lines in the file', async () => {
    const dir = await folder();
    // process.exit: no turn of the event loop for the queued write, only the flush at exit.
    const { code } = await exitWithoutClose(dir, 'process.exit');
    expect(code).toBe(0);
    const text = await readFile(path.join(logDir(dir), 'diagnostics.log'), 'utf8');
    const msgs = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(['one', ...Array<string>(2000).fill('two')]);
  });

  it('a log folder it cannot open: the process still exits cleanly', async () => {
    const dir = await folder();
    await writeFile(logDir(dir), 'a file where the folder should be');
    const { code, stderr } = await exitWithoutClose(dir);
    expect(stderr).not.toMatch(/sonic boom|Error/i);
    expect(code).toBe(0);
  });

  it('a full disk (the log file is /dev/full): the process still exits cleanly', async () => {
    const dir = await folder();
    await mkdir(logDir(dir));
    await symlink('/dev/full', path.join(logDir(dir), 'diagnostics.log'));
    const { code, stderr } = await exitWithoutClose(dir);
    expect(stderr).not.toMatch(/ENOSPC|sonic boom|Error/i);
    expect(code).toBe(0);
  });
});

describe('sync status lines', () => {
  const status = (over: Partial<SyncStatus>): SyncStatus => ({ ...initialSyncStatus, ...over });

  it('logs state changes with counts (never ids) and each distinct failure once', () => {
    const log = memoryLog();
    const write = syncStatusLogger(log);
    write(status({ phase: { state: 'connecting' } }));
    write(status({ phase: { state: 'syncing', directions: ['pull'] }, pendingDown: { done: 10, total: 100 } }));
    write(status({ phase: { state: 'syncing', directions: ['pull'] }, pendingDown: { done: 50, total: 100 } }));
    write(status({ phase: { state: 'syncing', directions: ['pull', 'push'] }, pendingUp: 7 }));
    const offline = (at: number): SyncStatus =>
      status({
        phase: { state: 'offline', since: 1, nextRetryAt: null, cause: 'not-answering' },
        lastError: { reason: 'unreachable', message: 'request timed out', at },
      });
    write(offline(1));
    write(offline(2));
    write(offline(3));
    write(
      status({
        phase: { state: 'upToDate' },
        pendingUp: 0,
        notAccepted: { count: 3, reason: 'forbidden', ids: ['p-1', 'p-2', 'p-3'] },
        notStored: NO_ISSUES,
      }),
    );
    expect(log.lines.map((l) => [l.msg, l.fields?.state ?? l.fields?.reason])).toEqual([
      ['sync state', 'connecting'],
      ['sync state', 'syncing'],
      ['sync state', 'offline'],
      ['sync failure', 'unreachable'],
      ['sync state', 'upToDate'],
    ]);
    expect(log.lines[2]).toMatchObject({ level: 'warn', fields: { cause: 'not-answering' } });
    expect(log.lines[3]).toMatchObject({ fields: { message: 'request timed out' } });
    expect(log.lines[4]).toMatchObject({ fields: { notAccepted: 3, notStored: 0, pendingUp: 0 } });
    expect(JSON.stringify(log.lines)).not.toContain('p-1');
  });
});

describe('observed calls', () => {
  it('logs a slow call by name and duration, a failed one by its code, never input or message', async () => {
    const log = memoryLog();
    let clock = 0;
    const handlers = {
      'app.info': async () => ((clock += 1_500), { version: 'x' }),
      'records.get': async () => {
        clock += 10;
        throw new CallError('not-found', 'no patient Zebulon');
      },
      'records.save': async () => {
        clock += 10;
        throw new CallError('unavailable', 'the workstation is closing: Zebulon not saved');
      },
      'patients.search': async () => ((clock += 5), { total: 0, items: [] }),
    } as unknown as Handlers;
    const observed = observeCalls(handlers, log, 1_000, () => clock);
    await observed['app.info']({});
    await observed['patients.search']({ query: 'Zebulon', offset: 0, limit: 1 });
    // A record not found is the call's answer (a page may poll for one), not a failure to log.
    await expect(observed['records.get']({ id: 'x' })).rejects.toThrow('no patient');
    await expect(observed['records.save']({ doc: { type: 'patient' } } as never)).rejects.toThrow('closing');
    expect(log.lines).toEqual([
      { level: 'warn', msg: 'slow call', fields: { call: 'app.info', ms: 1_500 } },
      { level: 'warn', msg: 'call failed', fields: { call: 'records.save', ms: 10, error: 'unavailable' } },
    ]);
  });
});
