// The sync status the user sees, as a discriminated union, and the pure reducer that derives it
// from the sync engine's events. Pure: no clock reads (events carry their time), no I/O, so the
// same function runs in the core and in renderer tests.
import { estimateLeftMs, type PaceStart } from './eta';

export const SYNC_ERROR_REASONS = [
  'wrong-password', // the server refused the credentials: no retry until they change
  'not-a-member', // valid user, not admitted to the practice database: no retry
  'database-missing', // the practice database does not exist on the server
  'server-error', // 5xx or a malformed answer: retried with back-off
  'disk-full', // the local disk refused a write: retried with back-off
  'not-couchdb', // something answers at the URL, but not CouchDB
  'unreachable', // only as lastError's reason; the phase is 'offline'
  'local-error', // the local database failed otherwise
] as const;
export type SyncErrorReason = (typeof SYNC_ERROR_REASONS)[number];

/** Reasons that retrying cannot fix: the engine stops until the settings change. */
export const TERMINAL_REASONS: readonly SyncErrorReason[] = ['wrong-password', 'not-a-member', 'database-missing'];

export type SyncDirection = 'push' | 'pull';

export type SyncPhase =
  | { state: 'disabled' } // no server configured, or the engine is stopped
  | { state: 'connecting' }
  | { state: 'syncing'; directions: SyncDirection[] }
  | { state: 'upToDate' }
  // 'not-answering': requests time out (a black hole); 'unreachable': connections are refused or reset.
  | { state: 'offline'; since: number; nextRetryAt: number | null; cause: OfflineCause }
  | { state: 'paused' }
  | { state: 'error'; reason: SyncErrorReason; message: string; retrying: boolean };

export type OfflineCause = 'unreachable' | 'not-answering';

/** A set of records with a problem: the exact count, the commonest reason, the first few ids. */
export type RecordIssues = { count: number; reason: string | null; ids: string[] };

export const NO_ISSUES: RecordIssues = { count: 0, reason: null, ids: [] };

/** A person whose records wait for their next sign-in (the server no longer takes their credential). */
export type WaitingForSignIn = { username: string; count: number };

export type SyncLogEntry = { at: number; kind: SyncEvent['type']; message: string };

export type PullProgress = {
  /** Documents read from the server in the current pull. */
  done: number;
  /** Best estimate of the total for this pull, when the server tells us (null: unknown). */
  total: number | null;
  /** This pull's first report: the pace is measured from there (eta.ts). */
  since?: PaceStart | undefined;
  /** Estimated milliseconds left at the pace so far (null: too early to say, or no total). */
  etaMs?: number | null | undefined;
};

export type SyncStatus = {
  phase: SyncPhase;
  /** Local documents whose revisions the server does not have yet (null until first counted). */
  pendingUp: number | null;
  /** Set while a pull is transferring documents. */
  pendingDown: PullProgress | null;
  lastSuccessAt: number | null;
  lastError: { reason: SyncErrorReason; message: string; at: number } | null;
  /**
   * Local records the server did not accept (its rules refused them): kept here with the reason,
   * never counted as synced, retried when what caused it may have changed.
   */
  notAccepted: RecordIssues;
  /** Server documents that could not be stored on this workstation (too deep, too large …). */
  notStored: RecordIssues;
  /**
   * Local records that go up only with their author's own credential, which the server refused or
   * the workstation does not hold: they wait for that person's next sign-in (counted in pendingUp).
   */
  waitingForSignIn: WaitingForSignIn[];
  /** Sample records (synthetic patients) on this workstation: never sent to a server. */
  localOnly: number;
  /** Recent events, newest last, at most LOG_LIMIT. */
  log: SyncLogEntry[];
};

export const LOG_LIMIT = 50;

/** What the engine reports. Every event carries its own time so the reducer stays pure. */
export type SyncEvent =
  | { type: 'started'; at: number }
  | { type: 'stopped'; at: number }
  | { type: 'connecting'; at: number }
  | { type: 'active'; at: number; direction: SyncDirection }
  | { type: 'idle'; at: number; direction: SyncDirection }
  | { type: 'pull-progress'; at: number; done: number; total: number | null }
  | { type: 'pending-up'; at: number; count: number }
  | { type: 'up-to-date'; at: number }
  | { type: 'offline'; at: number; message: string; nextRetryAt: number | null; cause?: OfflineCause }
  | { type: 'error'; at: number; reason: SyncErrorReason; message: string; retrying: boolean }
  | { type: 'paused'; at: number }
  | { type: 'resumed'; at: number }
  | { type: 'docs-rejected'; at: number; count: number; message: string }
  /** The records with a problem, as a whole (not a delta: one count everywhere). */
  | {
      type: 'issues';
      at: number;
      notAccepted: RecordIssues;
      notStored: RecordIssues;
      /** Absent: nobody is waited for. */
      waitingForSignIn?: WaitingForSignIn[];
    }
  /** How many sample records stay on this workstation (never sent). */
  | { type: 'local-only'; at: number; count: number }
  /** What a restart brings back from the saved state. */
  | { type: 'restored'; at: number; lastSuccessAt: number | null };

export const initialSyncStatus: SyncStatus = {
  phase: { state: 'disabled' },
  pendingUp: null,
  pendingDown: null,
  lastSuccessAt: null,
  lastError: null,
  notAccepted: NO_ISSUES,
  notStored: NO_ISSUES,
  waitingForSignIn: [],
  localOnly: 0,
  log: [],
};

function describe(event: SyncEvent): string | null {
  switch (event.type) {
    case 'started':
      return 'Sync started';
    case 'stopped':
      return 'Sync stopped';
    case 'connecting':
      return 'Connecting to the practice server';
    case 'offline':
      return event.cause === 'not-answering'
        ? `Server not answering: ${event.message}`
        : `Server unreachable: ${event.message}`;
    case 'error':
      return `Error (${event.reason}): ${event.message}`;
    case 'paused':
      return 'Paused by the user';
    case 'resumed':
      return 'Resumed';
    case 'up-to-date':
      return 'Up to date';
    case 'docs-rejected':
      return `${event.count} document(s) not stored: ${event.message}`;
    // Frequent, low-value events stay out of the log so it keeps what a person needs to see.
    case 'issues':
    case 'local-only':
    case 'restored':
    case 'active':
    case 'idle':
    case 'pull-progress':
    case 'pending-up':
      return null;
  }
}

function appendLog(log: SyncLogEntry[], event: SyncEvent, message: string): SyncLogEntry[] {
  const last = log[log.length - 1];
  // Repeats (e.g. "up to date" after every round) would push out the entries that matter.
  if (last && last.kind === event.type && last.message === message) return log;
  const next = [...log, { at: event.at, kind: event.type, message }];
  return next.length > LOG_LIMIT ? next.slice(next.length - LOG_LIMIT) : next;
}

export function reduceSyncStatus(status: SyncStatus, event: SyncEvent): SyncStatus {
  const message = describe(event);
  const log = message === null ? status.log : appendLog(status.log, event, message);
  const paused = status.phase.state === 'paused';
  const stoppedByError = status.phase.state === 'error' && !status.phase.retrying;
  switch (event.type) {
    case 'started':
      return { ...status, phase: { state: 'connecting' }, log };
    case 'stopped':
      return { ...status, phase: { state: 'disabled' }, pendingDown: null, log };
    case 'connecting':
      // A reconnection attempt during an outage does not hide the outage: it stays "offline".
      if (paused || stoppedByError || status.phase.state === 'offline') return { ...status, log };
      return { ...status, phase: { state: 'connecting' }, log };
    case 'active': {
      if (paused || stoppedByError) return status;
      const current = status.phase.state === 'syncing' ? status.phase.directions : [];
      const directions = current.includes(event.direction) ? current : [...current, event.direction].sort();
      return { ...status, phase: { state: 'syncing', directions }, log };
    }
    case 'idle': {
      if (status.phase.state !== 'syncing')
        return event.direction === 'pull' ? { ...status, pendingDown: null } : status;
      const directions = status.phase.directions.filter((d) => d !== event.direction);
      const pendingDown = event.direction === 'pull' ? null : status.pendingDown;
      // With nothing left running, stay 'syncing' until the engine says 'up-to-date' (both directions confirmed).
      return { ...status, phase: { state: 'syncing', directions }, pendingDown, log };
    }
    case 'pull-progress': {
      const since = status.pendingDown?.since ?? { at: event.at, done: event.done };
      const etaMs = estimateLeftMs(since, event.at, event.done, event.total);
      return { ...status, pendingDown: { done: event.done, total: event.total, since, etaMs } };
    }
    case 'pending-up':
      return { ...status, pendingUp: event.count };
    case 'up-to-date':
      // Up to date means the server holds every local change it would accept: not while some wait.
      if (status.waitingForSignIn.length > 0) return status;
      if (paused || stoppedByError) return { ...status, lastSuccessAt: event.at, log };
      return { ...status, phase: { state: 'upToDate' }, pendingDown: null, lastSuccessAt: event.at, log };
    case 'offline':
      if (paused) return { ...status, log };
      return {
        ...status,
        phase: {
          state: 'offline',
          since: status.phase.state === 'offline' ? status.phase.since : event.at,
          nextRetryAt: event.nextRetryAt,
          cause: event.cause ?? 'unreachable',
        },
        pendingDown: null,
        lastError: { reason: 'unreachable', message: event.message, at: event.at },
        log,
      };
    case 'error':
      return {
        ...status,
        phase: paused
          ? status.phase
          : { state: 'error', reason: event.reason, message: event.message, retrying: event.retrying },
        pendingDown: null,
        lastError: { reason: event.reason, message: event.message, at: event.at },
        log,
      };
    case 'paused':
      return { ...status, phase: { state: 'paused' }, pendingDown: null, log };
    case 'resumed':
      return { ...status, phase: { state: 'connecting' }, log };
    case 'docs-rejected':
      return { ...status, log };
    case 'issues': {
      const waitingForSignIn = event.waitingForSignIn ?? [];
      const phase: SyncPhase =
        waitingForSignIn.length > 0 && status.phase.state === 'upToDate'
          ? { state: 'syncing', directions: [] }
          : status.phase;
      return { ...status, phase, notAccepted: event.notAccepted, notStored: event.notStored, waitingForSignIn };
    }
    case 'local-only':
      return { ...status, localOnly: event.count };
    case 'restored':
      return { ...status, lastSuccessAt: status.lastSuccessAt ?? event.lastSuccessAt };
  }
}

/** One line for a status bar, e.g. "Offline · 12 waiting to go up". */
export function summarizeSyncStatus(status: SyncStatus): string {
  const p = status.phase;
  const head =
    p.state === 'disabled'
      ? 'Sync off'
      : p.state === 'connecting'
        ? 'Connecting…'
        : p.state === 'syncing'
          ? 'Syncing…'
          : p.state === 'upToDate'
            ? status.notAccepted.count > 0
              ? `${status.notAccepted.count} not accepted by the server`
              : 'Up to date'
            : p.state === 'offline'
              ? 'Offline'
              : p.state === 'paused'
                ? 'Paused'
                : `Error: ${p.reason}`;
  const parts = [head];
  if (status.pendingUp) parts.push(`${status.pendingUp} waiting to go up`);
  if (status.pendingDown) {
    const { done, total } = status.pendingDown;
    parts.push(total !== null ? `${done}/${total} coming down` : `${done} coming down`);
  }
  return parts.join(' · ');
}
