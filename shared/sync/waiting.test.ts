// Records waiting for a person's next sign-in: the status names them and never says "up to date"
// while any waits (up to date means the server holds every local change it would accept).
import { describe, expect, it } from 'vitest';
import { NO_ISSUES, initialSyncStatus, reduceSyncStatus, type SyncEvent, type SyncStatus } from './status';

const run = (events: SyncEvent[], from: SyncStatus = initialSyncStatus) => events.reduce(reduceSyncStatus, from);
const issues = (waitingForSignIn: Array<{ username: string; count: number }>): SyncEvent => ({
  type: 'issues',
  at: 10,
  notAccepted: NO_ISSUES,
  notStored: NO_ISSUES,
  waitingForSignIn,
});

describe('records waiting for a sign-in', () => {
  it('are named, keep the status from saying up to date, and once gone let it', () => {
    const upToDate = run([
      { type: 'started', at: 1 },
      { type: 'up-to-date', at: 2 },
    ]);
    expect(upToDate.phase.state).toBe('upToDate');
    const waiting = run([issues([{ username: 'bob', count: 3 }])], upToDate);
    expect(waiting.waitingForSignIn).toEqual([{ username: 'bob', count: 3 }]);
    expect(waiting.phase.state).not.toBe('upToDate');
    const still = run([{ type: 'up-to-date', at: 11 }], waiting);
    expect(still.phase.state).not.toBe('upToDate');
    expect(still.lastSuccessAt).toBe(2);
    const back = run([issues([]), { type: 'up-to-date', at: 12 }], still);
    expect(back.waitingForSignIn).toEqual([]);
    expect(back.phase.state).toBe('upToDate');
    expect(back.lastSuccessAt).toBe(12);
  });

  it('an issues event without the field means nobody is waited for', () => {
    const s = run([
      issues([{ username: 'bob', count: 1 }]),
      { type: 'issues', at: 3, notAccepted: NO_ISSUES, notStored: NO_ISSUES },
    ]);
    expect(s.waitingForSignIn).toEqual([]);
  });
});
