// The push checkpoint moves with the initial load, page by page, so what the load brought down is
// never asked about again: not by the first push, not by the pending count, not after a kill -9 in
// the middle of a million-document load (before, the restarted workstation had lost which
// revisions the server holds and read its whole local feed back, asking the server about each).
//
// Fast path: the local seqs a page used are exactly the revisions it wrote, and the checkpoint
// stood at the page's start. PouchDB gives every document it writes one seq (the same id twice
// in a batch: two) and none to a revision it holds already; the load leaves out revisions known
// here (see initial-load.ts) and the protocol part writes only what the local revs_diff says is
// missing, so any other writer (a clinician's save, an access log, a side door) shows as seqs
// beyond the count. Then, or on any doubt (a resumed load whose last page was written but not
// stored), the local changes since the checkpoint are settled as a push round settles them:
// known revisions pass, the server is asked about the others, what it lacks goes up.
import { changesSince, type RevRef } from '../store/pouch';
import { neverPushed } from './never-pushed';
import { pushAndRecord } from './push-round';
import type { KnownRevs } from './known-revs';
import type { SyncState } from './sync-state';
import type { Db } from './types';

export type LoadCoverCtx = { local: Db; remote: Db; state: SyncState; known: KnownRevs };

/** Local changes read at a time while settling. */
const SETTLE_PAGE = 2_000;

/** Where the checkpoint must stand for the next page's fast path, and the known-revisions mark. */
export type CoverStart = { seq: number | null; mark: number };

export function coverStart(ctx: LoadCoverCtx): CoverStart {
  const seq = ctx.state.pushSeq ?? 0;
  return { seq: typeof seq === 'number' ? seq : null, mark: ctx.known.mark() };
}

/** Moves the push checkpoint past every local change that needs no push; the refused count. */
export async function settleLocal(ctx: LoadCoverCtx): Promise<{ refused: number }> {
  let refused = 0;
  for (;;) {
    const from = ctx.state.pushSeq ?? 0;
    const page = await changesSince(ctx.local, from, SETTLE_PAGE);
    if (page.results.length === 0 || page.lastSeq === from) break;
    const unknown: RevRef[] = [];
    for (const r of page.results) {
      if (neverPushed(r.id)) continue;
      for (const c of r.changes) if (!ctx.known.has(r.id, c.rev)) unknown.push({ id: r.id, rev: c.rev });
    }
    if (unknown.length > 0) refused += (await pushAndRecord(ctx, unknown)).refused;
    ctx.state.pushSeq = page.lastSeq;
    if (page.results.length < SETTLE_PAGE) break;
  }
  return { refused };
}

/**
 * After a stored page that wrote `written` revisions: the checkpoint moves to the local seq now
 * (fast path) or through settleLocal. Known revisions behind the checkpoint are forgotten (the
 * local feed's listener passes changes at or below it by their seq), so memory does not grow with
 * the load. Returns the next page's start, whether the local feed had to be read, and how many
 * records the server refused.
 */
export async function coverPage(
  ctx: LoadCoverCtx,
  start: CoverStart,
  written: number,
): Promise<{ next: CoverStart; settled: boolean; refused: number }> {
  const seqNow = (await ctx.local.info()).update_seq;
  let refused = 0;
  const atStart = ctx.state.pushSeq ?? 0;
  const exact =
    typeof seqNow === 'number' && start.seq !== null && atStart === start.seq && seqNow - start.seq === written;
  if (exact) ctx.state.pushSeq = seqNow;
  else refused = (await settleLocal(ctx)).refused;
  // What was known before this page began is behind the checkpoint now, or soon passed by seq.
  ctx.known.retainOnly(new Set(), start.mark);
  return { next: coverStart(ctx), settled: !exact, refused };
}
