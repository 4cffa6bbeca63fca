import { afterEach, describe, expect, it } from 'vitest';
import { initialSyncStatus, reduceSyncStatus, type SyncEvent, type SyncStatus } from '../../shared/sync/status';
import {
  announcement,
  headline,
  lastSyncText,
  localOnlyText,
  logText,
  needsPassword,
  needsTicking,
  pendingUpDetail,
  pendingUpText,
  pullText,
  serverRuleWords,
  notAcceptedText,
  notStoredText,
  testResultText,
  when,
} from './format';
import { setLanguage } from '../i18n';

// Local times, so HH:MM reads the same whatever the machine's time zone.
const at = (h: number, m: number, s = 0) => new Date(2026, 4, 12, h, m, s).getTime();
const fold = (events: SyncEvent[], from: SyncStatus = initialSyncStatus) => events.reduce(reduceSyncStatus, from);

describe('headline', () => {
  it('says offline since when, and counts down to the next retry', () => {
    const s = fold([
      { type: 'started', at: at(14, 0) },
      { type: 'offline', at: at(14, 5), message: 'ECONNREFUSED', nextRetryAt: at(14, 5, 8) },
    ]);
    expect(headline(s, at(14, 5, 1))).toEqual({
      text: 'Offline since 14:05 — retrying in 7s',
      icon: '⚠',
      tone: 'warn',
    });
    expect(headline(s, at(14, 5, 8)).text).toBe('Offline since 14:05 — retrying now');
    expect(needsTicking(s)).toBe(true);
    // Still offline on the next failure: "since" keeps the outage's start.
    const later = fold([{ type: 'offline', at: at(14, 9), message: 'ECONNREFUSED', nextRetryAt: null }], s);
    expect(headline(later, at(14, 9)).text).toBe('Offline since 14:05');
    expect(needsTicking(later)).toBe(false);
  });

  it('shows the directions being synced with arrows', () => {
    const up = fold([
      { type: 'started', at: 1 },
      { type: 'active', at: 2, direction: 'push' },
    ]);
    expect(headline(up, 3).text).toBe('Syncing ↑');
    const both = fold([{ type: 'active', at: 4, direction: 'pull' }], up);
    expect(headline(both, 5).text).toBe('Syncing ↑↓');
    const down = fold([{ type: 'idle', at: 6, direction: 'push' }], both);
    expect(headline(down, 7).text).toBe('Syncing ↓');
    expect(headline(fold([{ type: 'idle', at: 8, direction: 'pull' }], down), 9).text).toBe('Syncing…');
  });

  it('names each state and the error reason in words', () => {
    const start = fold([{ type: 'started', at: 1 }]);
    expect(headline(start, 2).text).toBe('Connecting…');
    expect(headline(fold([{ type: 'up-to-date', at: 2 }], start), 3)).toMatchObject({ text: 'Up to date', tone: 'ok' });
    expect(headline(fold([{ type: 'paused', at: 2 }], start), 3).text).toBe('Paused');
    const wrong = fold([{ type: 'error', at: 2, reason: 'wrong-password', message: '401', retrying: false }], start);
    expect(headline(wrong, 3)).toMatchObject({ text: 'Error: wrong password', tone: 'error' });
    const server = fold([{ type: 'error', at: 2, reason: 'server-error', message: '500', retrying: true }], start);
    expect(headline(server, 3).text).toBe('Error: server error — retrying');
    expect(headline(initialSyncStatus, 1, false).text).toBe('Sync: not set up');
    expect(headline(initialSyncStatus, 1, true).text).toBe('Sync off');
  });
});

describe('announcement (the polite live region)', () => {
  it('does not change with counters, progress or the countdown, only with the state', () => {
    const offline = fold([
      { type: 'started', at: 1 },
      { type: 'offline', at: at(14, 5), message: 'x', nextRetryAt: at(14, 5, 30) },
    ]);
    const busier = fold(
      [
        { type: 'pending-up', at: 3, count: 12 },
        { type: 'offline', at: at(14, 6), message: 'x', nextRetryAt: at(14, 6, 30) },
      ],
      offline,
    );
    expect(announcement(busier)).toBe(announcement(offline));
    expect(announcement(offline)).toBe('Sync: offline');
    const pulling = fold([{ type: 'active', at: 1, direction: 'pull' }], offline);
    const further = fold([{ type: 'pull-progress', at: 2, done: 500, total: 900 }], pulling);
    expect(announcement(further)).toBe(announcement(pulling));
    expect(
      announcement(fold([{ type: 'error', at: 2, reason: 'not-a-member', message: '403', retrying: false }], offline)),
    ).toBe('Sync error: not a member of the practice database');
  });
});

describe('counts and times', () => {
  it('says how many changes wait to go up, and that 0 means the server has them all', () => {
    expect(pendingUpText(12)).toBe('12 changes waiting to go up');
    expect(pendingUpText(1)).toBe('1 change waiting to go up');
    expect(pendingUpText(1200)).toBe('1,200 changes waiting to go up');
    expect(pendingUpText(0)).toBeUndefined();
    expect(pendingUpText(null)).toBeUndefined();
    expect(pendingUpDetail(0)).toBe('None: the server has every local change');
    expect(pendingUpDetail(null)).toBe('Not counted yet');
  });

  it('shows pull progress with thousands separators, with or without a known total', () => {
    expect(pullText({ done: 1200, total: 20000 })).toBe('Receiving 1,200 of 20,000');
    expect(pullText({ done: 1200, total: null })).toBe('Receiving 1,200');
    // An estimate the transfer has outgrown is not shown ("2,000 of 1,900" would be nonsense).
    expect(pullText({ done: 2000, total: 1900 })).toBe('Receiving 2,000');
    expect(pullText(null)).toBeUndefined();
  });

  it('gives the last sync as a time today and with its date otherwise', () => {
    expect(lastSyncText(null, at(9, 0))).toBe('Never synced');
    expect(lastSyncText(at(8, 7), at(9, 0))).toBe('Last sync 08:07');
    const yesterday = new Date(2026, 4, 11, 23, 59).getTime();
    expect(when(yesterday, at(0, 5))).toBe('11/05/2026 23:59');
  });

  it('says which records the server did not accept and why, and never "Up to date" while there are some', () => {
    const issues = { count: 3, reason: 'The author of a document must be the user writing it', ids: ['a', 'b', 'c'] };
    expect(notAcceptedText({ count: 0, reason: null, ids: [] })).toMatch(/^None/);
    expect(notAcceptedText(issues)).toMatch(/^3 records not accepted by the server: The author/);
    expect(notStoredText({ count: 1, reason: 'nested more than 100 levels deep', ids: ['x'] })).toMatch(
      /^1 document from the server could not be stored here: nested/,
    );
    const up = fold([
      { type: 'started', at: 1 },
      { type: 'up-to-date', at: 2 },
    ]);
    expect(headline(up, at(9, 0)).text).toBe('Up to date');
    const held = fold(
      [{ type: 'issues', at: 3, notAccepted: issues, notStored: { count: 0, reason: null, ids: [] } }],
      up,
    );
    expect(headline(held, at(9, 0))).toMatchObject({ text: '3 records not accepted by the server', tone: 'warn' });
  });

  it("words the practice server's own refusals in the user's language", async () => {
    const issues = { count: 2, reason: 'The author of a document must be the user writing it.', ids: ['a', 'b'] };
    expect(notAcceptedText(issues)).toMatch(
      /^2 records not accepted by the server: The author of a document must be the user writing it\. They stay/,
    );
    await setLanguage('fr');
    expect(notAcceptedText(issues)).toMatch(
      /^2 enregistrements refusés par le serveur : L'auteur d'un document doit être l'utilisateur qui l'écrit\. Ils restent/,
    );
    expect(serverRuleWords('Unknown or missing document type: "x".')).toBe('Type de document inconnu ou absent : "x".');
    expect(serverRuleWords('proxy said no')).toBe('proxy said no');
    await setLanguage('en');
  });

  it('says how many sample records stay on this workstation', async () => {
    const s = fold([{ type: 'local-only', at: 1, count: 1274 }]);
    expect(s.localOnly).toBe(1274);
    expect(localOnlyText(1274)).toBe('1,274 sample records stay on this workstation');
    expect(localOnlyText(1, true)).toBe('1 sample kept here');
    await setLanguage('fr');
    expect(localOnlyText(1274)).toBe("1\u202f274 enregistrements d'exemple restent sur ce poste");
    await setLanguage('nl');
    expect(localOnlyText(2, true)).toBe('2 voorbeelden blijven hier');
    await setLanguage('en');
  });

  it('names a black hole as the server not answering', () => {
    const s = fold([
      { type: 'offline', at: at(10, 42), message: 'no answer', nextRetryAt: null, cause: 'not-answering' },
    ]);
    expect(headline(s, at(10, 43)).text).toBe('Server not answering since 10:42');
  });
});

describe('connection test and password prompt', () => {
  it('reports the exact reason in plain words', () => {
    expect(
      testResultText({
        ok: false,
        reason: 'wrong-password',
        message: 'The server refused user "a" with this password.',
      }),
    ).toBe('Wrong password. The server refused this user name with this password.');
    expect(testResultText({ ok: false, reason: 'unreachable', message: 'x' })).toMatch(/^Server unreachable\. /);
    expect(testResultText({ ok: true, serverVersion: '3.3.3', user: 'alice' })).toBe(
      'Connection works: CouchDB 3.3.3, signed in as alice.',
    );
  });

  it('asks for the password only when the server refused it, never when offline', () => {
    const start = fold([{ type: 'started', at: 1 }]);
    expect(
      needsPassword(fold([{ type: 'error', at: 2, reason: 'wrong-password', message: '401', retrying: false }], start)),
    ).toBe(true);
    expect(needsPassword(fold([{ type: 'offline', at: 2, message: 'ECONNREFUSED', nextRetryAt: 5 }], start))).toBe(
      false,
    );
    expect(
      needsPassword(fold([{ type: 'error', at: 2, reason: 'not-a-member', message: '403', retrying: false }], start)),
    ).toBe(false);
    expect(needsPassword(start)).toBe(false);
    // A first refusal being confirmed does not ask yet.
    expect(
      needsPassword(fold([{ type: 'error', at: 2, reason: 'wrong-password', message: '401', retrying: true }], start)),
    ).toBe(false);
  });
});

describe('in French and Dutch', () => {
  afterEach(async () => {
    await setLanguage('en');
  });

  it('words the status, counts and dates as a Belgian reads them', async () => {
    const up = fold([
      { type: 'started', at: 1 },
      { type: 'up-to-date', at: 2 },
    ]);
    const yesterday = new Date(2026, 4, 11, 23, 59).getTime();
    await setLanguage('fr');
    expect(headline(up, 3).text).toBe('À jour');
    expect(pendingUpText(1200)).toBe("1\u202f200 modifications en attente d'envoi");
    expect(pendingUpText(1)).toBe("1 modification en attente d'envoi");
    expect(when(yesterday, at(0, 5))).toBe('11/05/2026 23:59');
    expect(announcement(up)).toBe('Synchro : à jour');
    await setLanguage('nl');
    expect(headline(up, 3).text).toBe('Bijgewerkt');
    expect(pendingUpText(1200)).toBe('1.200 wijzigingen wachten op verzending');
    expect(lastSyncText(at(8, 7), at(9, 0))).toBe('Laatste sync 08:07');
    expect(when(yesterday, at(0, 5))).toBe('11/05/2026 23:59');
  });

  it('keeps the technical detail of a log entry and translates the rest', async () => {
    const s = fold([
      { type: 'started', at: 1 },
      { type: 'offline', at: 2, message: 'ECONNREFUSED', nextRetryAt: null },
      { type: 'error', at: 3, reason: 'wrong-password', message: '401 Unauthorized', retrying: false },
      { type: 'docs-rejected', at: 4, count: 5, message: 'server refused: too deep' },
    ]);
    await setLanguage('nl');
    expect(s.log.map(logText)).toEqual([
      'Synchronisatie gestart',
      'Server onbereikbaar: ECONNREFUSED',
      'Fout (verkeerd wachtwoord): 401 Unauthorized',
      '5 documenten niet opgeslagen: geweigerd door de server: too deep',
    ]);
    await setLanguage('en');
    expect(s.log.map(logText)).toEqual(
      s.log
        .map((e) => e.message)
        .map((m) => m.replace('(wrong-password)', '(wrong password)').replace('document(s)', 'documents')),
    );
  });
});
