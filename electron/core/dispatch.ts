// One place where every call from a renderer enters the core: the input is parsed with the
// call's schema, the handler runs, and the answer is a result envelope. Used by the Electron IPC
// handlers and by the browser host's WebSocket bridge alike.
import { calls, isCallName, type CallName, type CallOutput, type CallParsedInput } from '../../shared/contract/contract';
import { CallError, type Result } from '../../shared/contract/errors';
import { fieldErrors } from '../../shared/records/schemas';

export type Handlers = { [N in CallName]: (input: CallParsedInput<N>) => Promise<CallOutput<N>> };

export type Logger = { error(message: string, detail?: unknown): void };

export async function dispatch(handlers: Handlers, name: unknown, input: unknown, log?: Logger): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown-call', message: `no call named ${JSON.stringify(String(name)).slice(0, 100)}` } };
  }
  const parsed = calls[name].input.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: `invalid input for ${name}`, fields: recordRelative(fieldErrors(parsed.error)) },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    if (err instanceof CallError) return { ok: false, error: err.toJSON() };
    const e = err as { status?: number; name?: string; message?: string };
    if (e?.status === 409) return { ok: false, error: { code: 'conflict', message: 'the record changed since it was opened; reopen it and try again' } };
    if (e?.status === 404) return { ok: false, error: { code: 'not-found', message: 'no such record' } };
    if (/ENOSPC|No space left/i.test(String(e?.message))) {
      return { ok: false, error: { code: 'disk-full', message: 'the disk is full: nothing was saved' } };
    }
    log?.error(`call ${name} failed`, err);
    return { ok: false, error: { code: 'internal', message: `${name} failed: ${String(e?.message ?? err).slice(0, 300)}` } };
  }
}

/** Field paths of a record draft ("doc.firstName") are reported relative to the record ("firstName"). */
function recordRelative(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k.startsWith('doc.') ? k.slice(4) : k] = v;
  return out;
}
