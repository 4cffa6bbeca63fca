// The time left of a pull, from its pace so far: the documents read since the pull's first report
// over the time since then, applied to what the server said is left. A pace needs some time and
// some documents behind it; before that (or when the total is unknown) there is no estimate.

/** Where the pace is measured from: the pull's first report (a resumed pull starts past 0). */
export type PaceStart = { at: number; done: number };

/** No estimate before this much time and these many documents: the first pages are noise. */
export const ETA_MIN_MS = 1_000;
export const ETA_MIN_DOCS = 500;

/** Milliseconds left at the pace since `start`, or null when it cannot be said yet. */
export function estimateLeftMs(start: PaceStart, at: number, done: number, total: number | null): number | null {
  if (total === null) return null;
  const elapsed = at - start.at;
  const read = done - start.done;
  if (elapsed < ETA_MIN_MS || read < ETA_MIN_DOCS) return null;
  const left = Math.max(0, total - done);
  return Math.round((left / read) * elapsed);
}
