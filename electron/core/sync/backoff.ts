// Capped, jittered exponential back-off between retries. Jitter spreads the workstations of a
// practice so they do not all hit the server at the same moment when it comes back.
export const MAX_BACKOFF_MS = 30_000;

/** Delay before retry number `attempt` (0-based): grows 1 s, 2 s, 4 s … never above the cap. */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 1_000,
  capMs = MAX_BACKOFF_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  // "Equal jitter": at least half the ceiling, so retries still slow down under a long outage.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
