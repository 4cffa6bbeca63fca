import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NO_ISSUES,
  initialSyncStatus,
  LOG_LIMIT,
  reduceSyncStatus,
  summarizeSyncStatus,
  SYNC_ERROR_REASONS,
  type SyncEvent,
  type SyncStatus,
} from './status';

const run = (events: SyncEvent[], from: SyncStatus = initialSyncStatus) => events.reduce(reduceSyncStatus, from);

describe('sync status reducer', () => {
  it('goes connecting → syncing → up to date, recording the last success', () => {
    const s = run([
      { type: 'started', at: 1 },
      { type: 'active', at: 2, direction: 'pull' },
      { type: 'active', at: 3, direction: 'push' },
    ]);
    expect(s.phase).toEqual({ state: 'syncing', directions: ['pull', 'push'] });
    const idle = run([{ type: 'idle', at: 4, direction: 'pull' }], s);
    // One direction done is not "up to date": only the engine's confirmation of both is.
    expect(idle.phase).toEqual({ state: 'syncing', directions: ['push'] });
    const done = run([{ type: 'up-to-date', at: 5 }], idle);
    expect(done.phase).toEqual({ state: 'upToDate' });
    expect(done.lastSuccessAt).toBe(5);
  });

  it('offline keeps its first time, records the error, and clears pull progress', () => {
    const s = run([
      { type: 'started', at: 1 },
      { type: 'pull-progress', at: 2, done: 10, total: 100 },
      { type: 'offline', at: 3, message: 'ECONNREFUSED', nextRetryAt: 4 },
      { type: 'offline', at: 5, message: 'ECONNREFUSED', nextRetryAt: 9 },
    ]);
    expect(s.phase).toEqual({ state: 'offline', since: 3, nextRetryAt: 9, cause: 'unreachable' });
    expect(s.pendingDown).toBeNull();
    expect(s.lastError).toEqual({ reason: 'unreachable', message: 'ECONNREFUSED', at: 5 });
    // The repeated offline event is logged once.
    expect(s.log.filter((e) => e.kind === 'offline')).toHaveLength(1);
  });

  it('pending counts are exact numbers the engine sets, not increments', () => {
    const s = run([
      { type: 'pending-up', at: 1, count: 200 },
      { type: 'pending-up', at: 2, count: 0 },
    ]);
    expect(s.pendingUp).toBe(0);
    expect(summarizeSyncStatus(run([{ type: 'pending-up', at: 3, count: 12 }], s))).toContain('12 waiting to go up');
  });

  it('a terminal error is not overwritten by later activity until started again', () => {
    const s = run([
      { type: 'started', at: 1 },
      { type: 'error', at: 2, reason: 'wrong-password', message: 'Name or password is incorrect.', retrying: false },
      { type: 'active', at: 3, direction: 'pull' },
      { type: 'connecting', at: 4 },
      { type: 'up-to-date', at: 5 },
    ]);
    expect(s.phase).toMatchObject({ state: 'error', reason: 'wrong-password', retrying: false });
    expect(run([{ type: 'started', at: 6 }], s).phase).toEqual({ state: 'connecting' });
  });

  it('paused stays paused until resumed', () => {
    const s = run([
      { type: 'started', at: 1 },
      { type: 'paused', at: 2 },
      { type: 'active', at: 3, direction: 'push' },
      { type: 'offline', at: 4, message: 'x', nextRetryAt: null },
      { type: 'up-to-date', at: 5 },
    ]);
    expect(s.phase).toEqual({ state: 'paused' });
    expect(run([{ type: 'resumed', at: 6 }], s).phase).toEqual({ state: 'connecting' });
  });

  it('takes the records with a problem as a whole, never adding up log events (one count everywhere)', () => {
    const issues = { count: 3, reason: 'author must be the writer', ids: ['a', 'b', 'c'] };
    const s = run([
      { type: 'docs-rejected', at: 1, count: 3, message: 'bad' },
      { type: 'issues', at: 2, notAccepted: issues, notStored: NO_ISSUES },
      { type: 'docs-rejected', at: 3, count: 3, message: 'bad again' },
      { type: 'issues', at: 4, notAccepted: issues, notStored: NO_ISSUES },
      { type: 'up-to-date', at: 5 },
    ]);
    expect(s.notAccepted.count).toBe(3);
    expect(s.phase.state).toBe('upToDate');
    expect(summarizeSyncStatus(s)).toBe('3 not accepted by the server');
  });

  it('stays offline while reconnection attempts run, and says when the server stopped answering', () => {
    const s = run([
      { type: 'up-to-date', at: 1 },
      { type: 'offline', at: 10, message: 'no answer', nextRetryAt: 20, cause: 'not-answering' },
      { type: 'connecting', at: 20 },
      { type: 'offline', at: 25, message: 'no answer', nextRetryAt: 40, cause: 'not-answering' },
    ]);
    expect(s.phase).toEqual({ state: 'offline', since: 10, nextRetryAt: 40, cause: 'not-answering' });
  });

  it('a restart brings back the last successful sync', () => {
    expect(run([{ type: 'restored', at: 9, lastSuccessAt: 5 }]).lastSuccessAt).toBe(5);
  });

  it('counts the sample records that stay here, as a whole, and still says up to date', () => {
    const s = run([
      { type: 'started', at: 1 },
      { type: 'local-only', at: 2, count: 12 },
      { type: 'local-only', at: 3, count: 31 },
      { type: 'up-to-date', at: 4 },
    ]);
    expect(s.localOnly).toBe(31);
    expect(s.phase.state).toBe('upToDate');
  });

  it('never throws, keeps the log bounded and ordered, for any event sequence', () => {
    const at = fc.integer({ min: 0, max: 1e12 });
    const dir = fc.constantFrom('push' as const, 'pull' as const);
    const event: fc.Arbitrary<SyncEvent> = fc.oneof(
      at.map((t) => ({ type: 'started' as const, at: t })),
      at.map((t) => ({ type: 'stopped' as const, at: t })),
      at.map((t) => ({ type: 'connecting' as const, at: t })),
      fc.tuple(at, dir).map(([t, d]) => ({ type: 'active' as const, at: t, direction: d })),
      fc.tuple(at, dir).map(([t, d]) => ({ type: 'idle' as const, at: t, direction: d })),
      fc
        .tuple(at, fc.nat(), fc.option(fc.nat(), { nil: null }))
        .map(([t, done, total]) => ({ type: 'pull-progress' as const, at: t, done, total })),
      fc.tuple(at, fc.nat()).map(([t, count]) => ({ type: 'pending-up' as const, at: t, count })),
      at.map((t) => ({ type: 'up-to-date' as const, at: t })),
      fc.tuple(at, fc.string()).map(([t, m]) => ({ type: 'offline' as const, at: t, message: m, nextRetryAt: null })),
      fc
        .tuple(at, fc.constantFrom(...SYNC_ERROR_REASONS), fc.string(), fc.boolean())
        .map(([t, reason, m, retrying]) => ({ type: 'error' as const, at: t, reason, message: m, retrying })),
      at.map((t) => ({ type: 'paused' as const, at: t })),
      at.map((t) => ({ type: 'resumed' as const, at: t })),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), (events) => {
        const s = run(events);
        expect(s.log.length).toBeLessThanOrEqual(LOG_LIMIT);
        expect(typeof summarizeSyncStatus(s)).toBe('string');
        const last = events[events.length - 1];
        if (last?.type === 'paused') expect(s.phase.state).toBe('paused');
        if (last?.type === 'stopped') expect(s.phase.state).toBe('disabled');
      }),
    );
  });
});
