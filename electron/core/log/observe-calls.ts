// Times every call the core answers (whichever transport dispatched it): a slow one is logged
// with its name and duration, a failed one with its error code. Never the input, the answer or
// an error's message, which may quote a record.
import { CallError } from '../../../shared/contract/errors';
import type { Handlers } from '../dispatch';
import type { DiagnosticsLog } from './diagnostics-log';

export const SLOW_CALL_MS = 1000;

/** Refusals that are the call's ordinary answer, not a failure of the workstation. */
const ANSWERS: ReadonlySet<string> = new Set(['not-found', 'validation', 'conflict', 'invalid-input']);

export function observeCalls(
  handlers: Handlers,
  log: DiagnosticsLog,
  slowMs = SLOW_CALL_MS,
  now: () => number = () => performance.now(),
): Handlers {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [call, fn] of Object.entries(handlers) as Array<[string, (input: never) => Promise<unknown>]>) {
    out[call] = async (input) => {
      const started = now();
      try {
        const value = await fn(input);
        const ms = Math.round(now() - started);
        if (ms >= slowMs) log.warn('slow call', { call, ms });
        return value;
      } catch (err) {
        // A record not found, a form to correct, a record changed meanwhile: answers, not faults
        // (a page waiting for a record asks many times a second; logging each would flood the log).
        if (!(err instanceof CallError && ANSWERS.has(err.code)))
          log.warn('call failed', { call, ms: Math.round(now() - started), error: errorCode(err) });
        throw err;
      }
    };
  }
  return out as Handlers;
}

/** What kind of failure, in a word: a CallError's code, an HTTP status, a Node error code, a class name. */
function errorCode(err: unknown): string {
  if (err instanceof CallError) return err.code;
  if (typeof err !== 'object' || err === null) return `a thrown ${err === null ? 'null' : typeof err}`;
  const e = err as { status?: unknown; code?: unknown; name?: unknown };
  if (typeof e.status === 'number') return `status ${e.status}`;
  if (typeof e.code === 'string' && /^[A-Z_]{2,40}$/.test(e.code)) return e.code;
  return typeof e.name === 'string' ? e.name.slice(0, 60) : 'error';
}
