// The sign-in lockout policy, pure: counted per person, five free attempts, then a wait that
// doubles with each further failure (30 s, 1 min, 2 min … capped at 15 min) and is returned so the
// screen can show it. A success resets the count. No clock of its own: the caller passes `now`.

export const FREE_ATTEMPTS = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;

/** What is kept per person between attempts (and across restarts, so a restart does not reset it). */
export type LockoutState = { failures: number; waitUntil: number };

export const NO_FAILURES: LockoutState = { failures: 0, waitUntil: 0 };

/** How long the person must still wait before the next attempt (0: they may try now). */
export function waitLeft(state: LockoutState | undefined, now: number): number {
  return Math.max(0, (state?.waitUntil ?? 0) - now);
}

/** The wait that follows the n-th consecutive failure (n counted from 1). */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  const doublings = failures - FREE_ATTEMPTS;
  // 2^20 × 30 s is far past the cap: stop doubling there so the number stays small.
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(doublings, 20));
}

export type Failure = {
  state: LockoutState;
  /** Attempts before a wait begins (0 once waits have begun). */
  attemptsLeft: number;
  /** The wait this failure started (0 while free attempts remain). */
  waitMs: number;
};

/** One more wrong password. Call only when waitLeft() was 0: an attempt during a wait is not checked. */
export function recordFailure(state: LockoutState | undefined, now: number): Failure {
  const failures = (state?.failures ?? 0) + 1;
  const waitMs = waitAfter(failures);
  return {
    state: { failures, waitUntil: waitMs ? now + waitMs : 0 },
    attemptsLeft: Math.max(0, FREE_ATTEMPTS - failures),
    waitMs,
  };
}

/** A right password: the count starts again. */
export function recordSuccess(): LockoutState {
  return { ...NO_FAILURES };
}
