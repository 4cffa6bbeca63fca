import { describe, expect, it } from 'vitest';
import {
  FREE_ATTEMPTS,
  MAX_WAIT_MS,
  recordFailure,
  recordSuccess,
  waitAfter,
  waitLeft,
  type LockoutState,
} from './lockout';

describe('sign-in lockout', () => {
  it('gives five free attempts, counting down, then a wait of 30 s', () => {
    let state: LockoutState | undefined;
    const left: number[] = [];
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) {
      const f = recordFailure(state, 1000);
      state = f.state;
      left.push(f.attemptsLeft);
      expect(f.waitMs).toBe(0);
      expect(waitLeft(state, 1000)).toBe(0);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = recordFailure(state, 1000);
    expect(fifth).toMatchObject({ attemptsLeft: 0, waitMs: 30_000 });
    expect(waitLeft(fifth.state, 1000)).toBe(30_000);
    expect(waitLeft(fifth.state, 21_000)).toBe(10_000);
    expect(waitLeft(fifth.state, 31_000)).toBe(0);
  });

  it('doubles the wait with each further failure, up to the cap', () => {
    expect([5, 6, 7, 8].map(waitAfter)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(waitAfter(12)).toBe(MAX_WAIT_MS);
    expect(waitAfter(10_000)).toBe(MAX_WAIT_MS);
  });

  it('starts again after a success', () => {
    let state: LockoutState | undefined;
    for (let i = 0; i < 7; i++) state = recordFailure(state, 0).state;
    state = recordSuccess();
    expect(waitLeft(state, 0)).toBe(0);
    expect(recordFailure(state, 0)).toMatchObject({ attemptsLeft: 4, waitMs: 0 });
  });
});
