// One place where every call from a renderer enters the core: the input is parsed with the
// call's schema, the handler runs, and the answer is a result envelope. Used by the Electron IPC
// handlers and by the browser host's WebSocket bridge alike. Whatever arrives (a hostile page can
// send any JSON), dispatch answers an envelope and never throws or rejects.
import {
  calls,
  isCallName,
  type CallName,
  type CallOutput,
  type CallParsedInput,
} from '../../shared/contract/contract';
import { CallError, type Result } from '../../shared/contract/errors';
import { jsonLimitProblem } from '../../shared/records/limits';
import { fieldErrors } from '../../shared/records/schemas';

export type Handlers = { [N in CallName]: (input: CallParsedInput<N>) => Promise<CallOutput<N>> };

export type Logger = { error(message: string, detail?: unknown): void };

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  input: unknown,
  log?: Logger,
): Promise<Result<unknown>> {
  try {
    return await dispatchCall(handlers, name, input, log);
  } catch (err) {
    // Only reached if reading the input or building the answer threw (a getter, a broken logger).
    safeLog(log, 'dispatch failed', err);
    return { ok: false, error: { code: 'internal', message: 'the call failed' } };
  }
}

async function dispatchCall(handlers: Handlers, name: unknown, input: unknown, log?: Logger): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name).slice(0, 100) : `(a ${typeof name})`;
    return { ok: false, error: { code: 'unknown-call', message: `no call named ${shown}` } };
  }
  // Before the schema: zod recurses, and a deep enough value overflows its stack (or PouchDB's).
  const problem = jsonLimitProblem(input);
  if (problem)
    return { ok: false, error: { code: 'invalid-input', message: `invalid input for ${name}: ${problem.message}` } };
  const parsed = calls[name].input.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `invalid input for ${name}`,
        fields: recordRelative(fieldErrors(parsed.error)),
      },
    };
  }
  let value: unknown;
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    value = await handler(parsed.data);
  } catch (err) {
    return failure(name, err, log);
  }
  if (checkingOutputs()) {
    const mismatch = outputMismatch(name, value);
    if (mismatch !== undefined) {
      const message = `answer of ${name} does not match the contract: ${mismatch}`;
      safeLog(log ?? console, message, undefined);
      return { ok: false, error: { code: 'internal', message } };
    }
  }
  // The handler's value as it is (never the parsed copy): what is checked is what is sent.
  return { ok: true, value };
}

/**
 * Answers are checked against the call's output schema under test (vitest and the e2e hosts set
 * NODE_ENV=test) and with CW_CHECK_OUTPUTS=1 (development); never in production, where a full
 * parse of every answer would cost for nothing.
 */
function checkingOutputs(): boolean {
  return process.env.NODE_ENV === 'test' || process.env.CW_CHECK_OUTPUTS === '1';
}

/** Where an answer leaves its call's output schema ("items[0].doc._rev: …"), or undefined when it fits. */
function outputMismatch(name: CallName, value: unknown): string | undefined {
  let result;
  try {
    result = calls[name].output.safeParse(value);
  } catch (err) {
    // A getter that throws, a cycle that overflows the stack: not an answer either.
    return `the answer could not be checked (${err instanceof Error ? err.message : 'unknown error'})`;
  }
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  if (!issue) return 'invalid answer';
  const at = issue.path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
  return `${at || '(the answer)'}: ${issue.message}`;
}

/** A handler's failure as an envelope; `err` may be anything a handler can throw, null included. */
function failure(name: CallName, err: unknown, log?: Logger): Result<never> {
  if (err instanceof CallError) return { ok: false, error: err.toJSON() };
  const e = typeof err === 'object' && err !== null ? (err as { status?: unknown; message?: unknown }) : {};
  if (e.status === 409)
    return {
      ok: false,
      error: { code: 'conflict', message: 'the record changed since it was opened; reopen it and try again' },
    };
  if (e.status === 404) return { ok: false, error: { code: 'not-found', message: 'no such record' } };
  const message = typeof e.message === 'string' ? e.message : typeof err === 'string' ? err : '';
  if (/ENOSPC|No space left/i.test(message)) {
    return { ok: false, error: { code: 'disk-full', message: 'the disk is full: nothing was saved' } };
  }
  safeLog(log, `call ${name} failed`, err);
  return {
    ok: false,
    error: { code: 'internal', message: `${name} failed: ${message.slice(0, 300) || 'unknown error'}` },
  };
}

function safeLog(log: Logger | undefined, message: string, detail: unknown): void {
  try {
    log?.error(message, detail);
  } catch {
    // A logger that throws must not turn an answer into a rejection.
  }
}

/** Field paths of a record draft ("doc.firstName") are reported relative to the record ("firstName"). */
function recordRelative(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k.startsWith('doc.') ? k.slice(4) : k] = v;
  return out;
}
