// Words for the sync status bar, panel and settings: pure, so the wording is tested without a
// browser. Times are local HH:MM; counts get thousands separators ("1,200").
import type { PullProgress, RecordIssues, SyncErrorReason, SyncStatus } from '../../shared/sync/status';

export type Tone = 'idle' | 'busy' | 'ok' | 'warn' | 'error';
export type Headline = { text: string; icon: string; tone: Tone };

const REASON_WORDS: Record<SyncErrorReason, string> = {
  'wrong-password': 'wrong password',
  'not-a-member': 'not a member of the practice database',
  'database-missing': 'the practice database does not exist',
  'server-error': 'server error',
  'disk-full': 'disk full',
  'not-couchdb': 'not a CouchDB server',
  unreachable: 'server unreachable',
  'local-error': 'local database error',
};

/** A reason in plain words, e.g. "wrong password". */
export function reasonWords(reason: SyncErrorReason): string {
  return REASON_WORDS[reason] ?? reason;
}

/** The same, capitalised to start a sentence: "Wrong password". */
export function reasonTitle(reason: SyncErrorReason): string {
  const w = reasonWords(reason);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

const p2 = (n: number) => String(n).padStart(2, '0');

export function clock(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** "14:30" today, "2026-05-01 14:30" on another day. */
export function when(ms: number, now: number): string {
  const d = new Date(ms);
  const n = new Date(now);
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  return sameDay ? clock(ms) : `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${clock(ms)}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

function retryIn(nextRetryAt: number | null, now: number): string {
  if (nextRetryAt === null) return '';
  const s = Math.ceil((nextRetryAt - now) / 1000);
  return s > 0 ? ` — retrying in ${s}s` : ' — retrying now';
}

/** The state in words with its icon and colour; `now` drives the retry countdown. */
export function headline(status: SyncStatus, now: number, configured = true): Headline {
  const p = status.phase;
  switch (p.state) {
    case 'disabled':
      return { text: configured ? 'Sync off' : 'Sync: not set up', icon: '○', tone: 'idle' };
    case 'connecting':
      return { text: 'Connecting…', icon: '◌', tone: 'busy' };
    case 'syncing': {
      const arrows = `${p.directions.includes('push') ? '↑' : ''}${p.directions.includes('pull') ? '↓' : ''}`;
      return { text: arrows ? `Syncing ${arrows}` : 'Syncing…', icon: '⟳', tone: 'busy' };
    }
    case 'upToDate':
      // Not "up to date" while the server holds back records it refused: they are a state of their own.
      if (status.notAccepted.count > 0)
        return { text: notAcceptedHead(status.notAccepted.count), icon: '⚠', tone: 'warn' };
      return { text: 'Up to date', icon: '✓', tone: 'ok' };
    case 'offline':
      return {
        text: `${p.cause === 'not-answering' ? 'Server not answering' : 'Offline'} since ${clock(p.since)}${retryIn(p.nextRetryAt, now)}`,
        icon: '⚠',
        tone: 'warn',
      };
    case 'paused':
      return { text: 'Paused', icon: '⏸', tone: 'idle' };
    case 'error':
      return { text: `Error: ${reasonWords(p.reason)}${p.retrying ? ' — retrying' : ''}`, icon: '✕', tone: 'error' };
  }
}

/**
 * What the polite live region says: the state only, without counters or countdowns, so a screen
 * reader hears "Sync: offline" once rather than every second.
 */
export function announcement(status: SyncStatus, configured = true): string {
  const p = status.phase;
  switch (p.state) {
    case 'disabled':
      return configured ? 'Sync off' : 'Sync not set up';
    case 'connecting':
      return 'Sync: connecting';
    case 'syncing':
      return 'Sync: syncing';
    case 'upToDate':
      return status.notAccepted.count > 0 ? `Sync: ${notAcceptedHead(status.notAccepted.count)}` : 'Sync: up to date';
    case 'offline':
      return 'Sync: offline';
    case 'paused':
      return 'Sync: paused';
    case 'error':
      return `Sync error: ${reasonWords(p.reason)}`;
  }
}

/** "12 changes waiting to go up"; undefined when there is nothing to say (0 in the bar). */
export function pendingUpText(n: number | null): string | undefined {
  if (n === null || n === 0) return undefined;
  return `${count(n)} ${n === 1 ? 'change' : 'changes'} waiting to go up`;
}

/** For the panel, where 0 is worth saying (it is exact: the server has everything). */
export function pendingUpDetail(n: number | null): string {
  if (n === null) return 'Not counted yet';
  return pendingUpText(n) ?? 'None: the server has every local change';
}

/** "Receiving 1,200 of 20,000" during a pull; undefined when no pull is transferring. */
export function pullText(p: PullProgress | null): string | undefined {
  if (!p) return undefined;
  return p.total !== null && p.total >= p.done
    ? `Receiving ${count(p.done)} of ${count(p.total)}`
    : `Receiving ${count(p.done)}`;
}

export function lastSyncText(lastSuccessAt: number | null, now: number): string {
  return lastSuccessAt === null ? 'Never synced' : `Last sync ${when(lastSuccessAt, now)}`;
}

function notAcceptedHead(n: number): string {
  return `${count(n)} ${n === 1 ? 'record' : 'records'} not accepted by the server`;
}

/** Local records the server refused: kept here, with why and which. */
export function notAcceptedText(i: RecordIssues): string {
  if (i.count === 0) return 'None: the server accepted every record';
  return `${notAcceptedHead(i.count)}: ${i.reason ?? 'refused'}. They stay on this workstation and are offered again when the connection settings, the user or the server's rules change.`;
}

/** Server documents this workstation could not store. */
export function notStoredText(i: RecordIssues): string {
  if (i.count === 0) return 'None';
  return `${count(i.count)} ${i.count === 1 ? 'document' : 'documents'} from the server could not be stored here: ${i.reason ?? 'refused'}. Skipped; everything else syncs.`;
}

/** The countdown needs a ticking clock only while a retry time is shown. */
export function needsTicking(status: SyncStatus): boolean {
  return status.phase.state === 'offline' && status.phase.nextRetryAt !== null;
}

export type TestResult =
  { ok: true; serverVersion: string; user: string } | { ok: false; reason: SyncErrorReason; message: string };

/** "Test connection"'s answer in plain words. */
export function testResultText(r: TestResult): string {
  if (r.ok) return `Connection works: CouchDB ${r.serverVersion}, signed in as ${r.user}.`;
  return `${reasonTitle(r.reason)}. ${r.message}`;
}

/** Stopped because the server refused the password: the one case where the app asks for it. */
export function needsPassword(status: SyncStatus): boolean {
  // Only once the refusal is confirmed: one 401 may be a server that has not caught up yet.
  return status.phase.state === 'error' && status.phase.reason === 'wrong-password' && !status.phase.retrying;
}
