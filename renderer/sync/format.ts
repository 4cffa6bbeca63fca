// Words for the sync status bar, panel and settings, in the user's language: pure (no React), so
// the wording is tested without a browser. Times and counts are formatted per locale.
import type { PullProgress, RecordIssues, SyncErrorReason, SyncLogEntry, SyncStatus } from '../../shared/sync/status';
import { fixedT } from '../i18n';
import { formatDate, formatNumber, formatTime } from '../i18n/format';

export type Tone = 'idle' | 'busy' | 'ok' | 'warn' | 'error';
export type Headline = { text: string; icon: string; tone: Tone };

const t = fixedT('sync');

/** A reason in plain words, e.g. "wrong password". */
export function reasonWords(reason: SyncErrorReason): string {
  return t(`reason.${reason}`, { defaultValue: reason });
}

/** The same, capitalised to start a sentence: "Wrong password". */
export function reasonTitle(reason: SyncErrorReason): string {
  const w = reasonWords(reason);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A time of day in the user's locale: "14:30". */
export function clock(ms: number): string {
  return formatTime(new Date(ms));
}

/** "14:30" today, "01/05/2026 14:30" (day/month/year) on another day. */
export function when(ms: number, now: number): string {
  const d = new Date(ms);
  const n = new Date(now);
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  return sameDay ? clock(ms) : `${formatDate(d)} ${clock(ms)}`;
}

/** A count in the user's locale: "1,200" (en), "1 200" (fr), "1.200" (nl). */
export function count(n: number): string {
  return formatNumber(n, 0);
}

function retryIn(nextRetryAt: number | null, now: number): string {
  if (nextRetryAt === null) return '';
  const s = Math.ceil((nextRetryAt - now) / 1000);
  return ` — ${s > 0 ? t('head.retryIn', { s }) : t('head.retryNow')}`;
}

/** The state in words with its icon and colour; `now` drives the retry countdown. */
export function headline(status: SyncStatus, now: number, configured = true): Headline {
  const p = status.phase;
  switch (p.state) {
    case 'disabled':
      return { text: configured ? t('head.off') : t('head.notSetUp'), icon: '○', tone: 'idle' };
    case 'connecting':
      return { text: t('head.connecting'), icon: '◌', tone: 'busy' };
    case 'syncing': {
      const arrows = `${p.directions.includes('push') ? '↑' : ''}${p.directions.includes('pull') ? '↓' : ''}`;
      return { text: arrows ? t('head.syncingArrows', { arrows }) : t('head.syncing'), icon: '⟳', tone: 'busy' };
    }
    case 'upToDate':
      // Not "up to date" while the server holds back records it refused: they are a state of their own.
      if (status.notAccepted.count > 0)
        return { text: notAcceptedHead(status.notAccepted.count), icon: '⚠', tone: 'warn' };
      return { text: t('head.upToDate'), icon: '✓', tone: 'ok' };
    case 'offline': {
      const time = clock(p.since);
      const head =
        p.cause === 'not-answering' ? t('head.notAnsweringSince', { time }) : t('head.offlineSince', { time });
      return { text: `${head}${retryIn(p.nextRetryAt, now)}`, icon: '⚠', tone: 'warn' };
    }
    case 'paused':
      return { text: t('head.paused'), icon: '⏸', tone: 'idle' };
    case 'error': {
      const head = t('head.error', { reason: reasonWords(p.reason) });
      return { text: p.retrying ? `${head} — ${t('head.retrying')}` : head, icon: '✕', tone: 'error' };
    }
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
      return configured ? t('announce.off') : t('announce.notSetUp');
    case 'connecting':
      return t('announce.connecting');
    case 'syncing':
      return t('announce.syncing');
    case 'upToDate':
      return status.notAccepted.count > 0
        ? t('announce.notAccepted', { text: notAcceptedHead(status.notAccepted.count) })
        : t('announce.upToDate');
    case 'offline':
      return t('announce.offline');
    case 'paused':
      return t('announce.paused');
    case 'error':
      return t('announce.error', { reason: reasonWords(p.reason) });
  }
}

/** "12 changes waiting to go up"; undefined when there is nothing to say (0 in the bar). */
export function pendingUpText(n: number | null): string | undefined {
  if (n === null || n === 0) return undefined;
  return t('pendingUp', { count: n, n: count(n) });
}

/** For the panel, where 0 is worth saying (it is exact: the server has everything). */
export function pendingUpDetail(n: number | null): string {
  if (n === null) return t('notCounted');
  return pendingUpText(n) ?? t('pendingNone');
}

/** "Receiving 1,200 of 20,000" during a pull; undefined when no pull is transferring. */
export function pullText(p: PullProgress | null): string | undefined {
  if (!p) return undefined;
  return p.total !== null && p.total >= p.done
    ? t('receivingOf', { done: count(p.done), total: count(p.total) })
    : t('receiving', { done: count(p.done) });
}

export function lastSyncText(lastSuccessAt: number | null, now: number): string {
  return lastSuccessAt === null ? t('neverSynced') : t('lastSync', { when: when(lastSuccessAt, now) });
}

function notAcceptedHead(n: number): string {
  return t('notAccepted', { count: n, n: count(n) });
}

/** Local records the server refused: kept here, with why and which. */
export function notAcceptedText(i: RecordIssues): string {
  if (i.count === 0) return t('notAcceptedNone');
  const reason = i.reason === null ? t('refused') : serverRuleWords(i.reason).replace(/\.$/, '');
  return t('notAcceptedDetail', { head: notAcceptedHead(i.count), reason });
}

/**
 * The practice server's own rules (electron/practice-server/setup.ts) in the user's language; a
 * reason from elsewhere (another server, a proxy) is shown as it came.
 */
export function serverRuleWords(reason: string): string {
  const type = /^Unknown or missing document type: (.*?)\.?$/.exec(reason);
  if (type) return t('serverRule.type', { type: type[1] });
  if (/^The author of a document must be the user writing it\.?$/.test(reason)) return t('serverRule.author');
  const refused = /^server refused: ([\s\S]*)$/.exec(reason);
  if (refused) return t('serverRule.refused', { reason: serverRuleWords(refused[1] ?? '') });
  return reason;
}

/** Server documents this workstation could not store. */
export function notStoredText(i: RecordIssues): string {
  if (i.count === 0) return t('notStoredNone');
  return t('notStored', { count: i.count, n: count(i.count), reason: i.reason ?? t('refused') });
}

/** Sample records that never go to the server: the panel's sentence and the bar's short form. */
export function localOnlyText(n: number, short = false): string {
  if (n === 0) return t('localOnlyNone');
  return short ? t('localOnlyShort', { count: n, n: count(n) }) : t('localOnly', { count: n, n: count(n) });
}

/**
 * A log entry in the user's language. The shared reducer writes English sentences; the kind says
 * which one, and the technical detail after the first ": " (a server's own words) is kept as is.
 */
export function logText(e: SyncLogEntry): string {
  const detail = e.message.includes(': ') ? e.message.slice(e.message.indexOf(': ') + 2) : e.message;
  switch (e.kind) {
    case 'started':
      return t('log.started');
    case 'stopped':
      return t('log.stopped');
    case 'connecting':
      return t('log.connecting');
    case 'paused':
      return t('log.paused');
    case 'resumed':
      return t('log.resumed');
    case 'up-to-date':
      return t('log.upToDate');
    case 'offline':
      return e.message.startsWith('Server not answering')
        ? t('log.notAnswering', { detail })
        : t('log.unreachable', { detail });
    case 'error': {
      const m = /^Error \(([\w-]+)\): ([\s\S]*)$/.exec(e.message);
      return m ? t('log.error', { reason: reasonWords(m[1] as SyncErrorReason), detail: m[2] }) : e.message;
    }
    case 'docs-rejected': {
      const m = /^(\d+) document\(s\) not stored: ([\s\S]*)$/.exec(e.message);
      if (!m) return e.message;
      const n = Number(m[1]);
      return t('log.docsRejected', { count: n, n: count(n), detail: serverRuleWords(m[2] ?? '') });
    }
    default:
      return e.message;
  }
}

/** The countdown needs a ticking clock only while a retry time is shown. */
export function needsTicking(status: SyncStatus): boolean {
  return status.phase.state === 'offline' && status.phase.nextRetryAt !== null;
}

export type TestResult =
  { ok: true; serverVersion: string; user: string } | { ok: false; reason: SyncErrorReason; message: string };

/** "Test connection"'s answer in plain words: "Wrong password. The server refused this user name …". */
export function testResultText(r: TestResult): string {
  if (r.ok) return t('testOk', { version: r.serverVersion, user: r.user });
  // The core's message is English and technical; the reason says the same in the user's words.
  return t('testFailed', { reason: reasonTitle(r.reason), help: t(`testHelp.${r.reason}`) });
}

/** Stopped because the server refused the password: the one case where the app asks for it. */
export function needsPassword(status: SyncStatus): boolean {
  // Only once the refusal is confirmed: one 401 may be a server that has not caught up yet.
  return status.phase.state === 'error' && status.phase.reason === 'wrong-password' && !status.phase.retrying;
}
