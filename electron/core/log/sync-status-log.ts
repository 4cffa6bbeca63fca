// Turns the stream of sync statuses (progress included) into diagnostics lines: one when the
// state changes (with the counts, never the ids), one when a new failure appears.
import type { SyncStatus } from '../../../shared/sync/status';
import type { DiagnosticsLog, LogFields } from './diagnostics-log';

export function syncStatusLogger(log: DiagnosticsLog): (status: SyncStatus) => void {
  let lastState: string | undefined;
  let lastFailure: string | undefined;
  return (status) => {
    const p = status.phase;
    const fields: LogFields = {
      state: p.state,
      notAccepted: status.notAccepted.count,
      notStored: status.notStored.count,
    };
    if (p.state === 'error') {
      fields.reason = p.reason;
      fields.retrying = p.retrying;
    }
    if (p.state === 'offline') fields.cause = p.cause;
    // pendingUp is shown but is no change by itself: it counts down through every bulk push.
    const key = JSON.stringify(fields);
    if (key !== lastState) {
      lastState = key;
      const level = p.state === 'error' ? 'error' : p.state === 'offline' ? 'warn' : 'info';
      log[level]('sync state', { ...fields, pendingUp: status.pendingUp });
    }
    if (p.state === 'upToDate') lastFailure = undefined;
    const e = status.lastError;
    // Retries of the same failure (a probe every few seconds while offline) are one line.
    const failure = e ? `${e.reason}\n${e.message}` : undefined;
    if (e && failure !== lastFailure) {
      lastFailure = failure;
      log.warn('sync failure', { reason: e.reason, message: e.message });
    }
  };
}
