// The local changes feed read from a seq to its end, with bodies: far behind, in seq ranges side
// by side (leveldb serves reads on libuv's four threads), then the tail in order. The pipeline
// (changes.ts) delivers what this reads; the seq it reaches is set only once every change up to
// it was delivered.
import type { LocalDb } from './pouch';

export type RawChange = PouchDB.Core.ChangesResponseChange<Record<string, unknown>>;

// Small batches keep a full pass under the memory target at little cost in speed.
export const BATCH = 250;
/** Readers side by side far behind. */
export const READERS = 4;

export async function readFeed(
  db: LocalDb,
  from: number | string,
  emit: (change: RawChange) => void,
  progress: (n: number) => void,
  reached: (seq: number | string) => void,
): Promise<void> {
  let at = from;
  for (;;) {
    const end = (await db.info()).update_seq;
    if (typeof at !== 'number' || typeof end !== 'number' || end - at <= READERS * BATCH) break;
    const start = at;
    const step = Math.ceil((end - start) / READERS);
    await Promise.all(
      Array.from({ length: READERS }, (_, i) =>
        readRange(db, start + i * step, Math.min(end, start + (i + 1) * step), emit, progress),
      ),
    );
    reached((at = end));
  }
  for (;;) {
    const res = await db.changes({ since: at, limit: BATCH, include_docs: true, conflicts: true, style: 'all_docs' });
    for (const change of res.results) emit(change);
    reached((at = res.last_seq));
    progress(res.results.length);
    if (res.results.length < BATCH) return;
  }
}

/**
 * Delivers the changes with a seq in (from, to]. A document is in the feed once, at its latest
 * seq, so ranges hold different documents; one rewritten meanwhile moves past `to` and is left
 * to the pass that follows.
 */
async function readRange(
  db: LocalDb,
  from: number,
  to: number,
  emit: (change: RawChange) => void,
  progress: (n: number) => void,
): Promise<void> {
  let since = from;
  while (since < to) {
    // Each change uses at least one seq: this limit never reads far past `to`.
    const limit = Math.min(BATCH, to - since);
    const res = await db.changes({ since, limit, include_docs: true, conflicts: true, style: 'all_docs' });
    let applied = 0;
    for (const change of res.results) {
      if (Number(change.seq) > to) break;
      emit(change);
      applied++;
    }
    progress(applied);
    if (res.results.length < limit || Number(res.last_seq) >= to) return;
    since = Number(res.last_seq);
  }
}
