// Which calls are accesses: after a chart, a record, a merge screen or a history was answered,
// the access is queued (not awaited: the answer goes out at once). A refused call logs nothing.
import type { CallName } from '../../../shared/contract/contract';
import type { Handlers } from '../dispatch';
import type { AccessLogService } from './service';

type Doc = { _id?: unknown; type?: unknown; patientId?: unknown };
/** Records whose viewing is an access to a patient's file. */
const PATIENT_RECORDS: readonly unknown[] = ['patient', 'contact', 'healthElement'];

type Hook = (log: AccessLogService, input: Record<string, unknown>, output: unknown) => void;

const HOOKS: Partial<Record<CallName, Hook>> = {
  'chart.open': (log, input) => log.record('chart.open', String(input.patientId), String(input.patientId)),
  'records.get': (log, input, output) => {
    const doc = (output as { doc?: Doc }).doc;
    if (!doc || !PATIENT_RECORDS.includes(doc.type)) return;
    const patientId = doc.type === 'patient' ? String(input.id) : doc.patientId;
    if (typeof patientId === 'string') log.record('record.view', String(input.id), patientId);
  },
  // The record's patient is read when the batch is written.
  'records.history': (log, input) => log.record('history.view', String(input.id)),
  'conflicts.open': (log, input, output) => {
    const patientId = (output as { entry?: { patientId?: unknown } }).entry?.patientId;
    log.record('merge.open', String(input.id), typeof patientId === 'string' ? patientId : undefined);
  },
};

export function logAccesses(handlers: Handlers, log: AccessLogService): Handlers {
  const out: Record<string, (input: never) => Promise<unknown>> = { ...handlers };
  for (const [name, hook] of Object.entries(HOOKS)) {
    const fn = out[name];
    if (!fn) continue;
    out[name] = async (input) => {
      const answer = await fn(input);
      try {
        hook(log, input as Record<string, unknown>, answer);
      } catch {
        // Logging must never fail the call it follows.
      }
      return answer;
    };
  }
  return out as Handlers;
}
