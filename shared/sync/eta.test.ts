import { describe, expect, it } from 'vitest';
import { estimateLeftMs } from './eta';
import { initialSyncStatus, reduceSyncStatus, type SyncEvent } from './status';

describe('time left of a pull', () => {
  it('divides what is left by the pace since the first report', () => {
    // 12,000 read in 10 s from 0: 1,200 docs/s, 42,000 left → 35 s.
    expect(estimateLeftMs({ at: 0, done: 0 }, 10_000, 12_000, 54_000)).toBe(35_000);
  });

  it('measures a resumed pull from where it resumed, not from 0', () => {
    // Resumed at 20,000: 10,000 more in 5 s is 2,000 docs/s; 24,000 left → 12 s.
    expect(estimateLeftMs({ at: 100_000, done: 20_000 }, 105_000, 30_000, 54_000)).toBe(12_000);
  });

  it('says nothing too early, with no total, or with no progress', () => {
    expect(estimateLeftMs({ at: 0, done: 0 }, 500, 5_000, 54_000)).toBeNull();
    expect(estimateLeftMs({ at: 0, done: 0 }, 5_000, 100, 54_000)).toBeNull();
    expect(estimateLeftMs({ at: 0, done: 0 }, 5_000, 5_000, null)).toBeNull();
  });

  it('never goes below 0 when the server said less than was read', () => {
    expect(estimateLeftMs({ at: 0, done: 0 }, 5_000, 6_000, 5_000)).toBe(0);
  });

  it('is carried by the status: the pace starts at the first report and ends with the pull', () => {
    const events: SyncEvent[] = [
      { type: 'active', at: 1_000, direction: 'pull' },
      { type: 'pull-progress', at: 2_000, done: 1_000, total: 54_000 },
      { type: 'pull-progress', at: 2_400, done: 1_600, total: 54_000 },
      { type: 'pull-progress', at: 12_000, done: 13_000, total: 54_000 },
    ];
    let s = initialSyncStatus;
    const seen: Array<number | null | undefined> = [];
    for (const e of events) {
      s = reduceSyncStatus(s, e);
      seen.push(s.pendingDown?.etaMs);
    }
    // 12,000 in 10 s since the first report: 41,000 left at 1,200 docs/s.
    expect(seen).toEqual([undefined, null, null, Math.round((41_000 / 12_000) * 10_000)]);
    s = reduceSyncStatus(s, { type: 'idle', at: 13_000, direction: 'pull' });
    expect(s.pendingDown).toBeNull();
    // A new pull measures its own pace.
    s = reduceSyncStatus(s, { type: 'pull-progress', at: 20_000, done: 100, total: 200 });
    expect(s.pendingDown?.since).toEqual({ at: 20_000, done: 100 });
  });
});
