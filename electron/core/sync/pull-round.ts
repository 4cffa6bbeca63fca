// The pull round: the server's changes past the pull checkpoint come down through the replication
// protocol (the changes feed, revs_diff against the local database, `_bulk_get` with history,
// local `bulkDocs` with new_edits=false), in checkpointed batches. A document that cannot be
// stored here (nested too deep, too large) is recorded with its reason and skipped; the rest of
// the batch, and every later save, go on.
import { fastPull } from './fast-lane';
import { parseChanges } from './initial-load';
import { isSeq, seqParam, type Seq } from './seq';
import type { KnownRevs } from './known-revs';
import type { SyncState } from './sync-state';
import type { Transport } from './transport';
import type { Db } from './types';

export type PullContext = {
  local: Db;
  remote: Db;
  json: Transport['json'];
  dbUrl: string;
  state: SyncState;
  known: KnownRevs;
  batchSize: number;
  cancelled(): boolean;
  /** True while another reader brings the same changes down (the watcher during a burst): stop after this batch. */
  yieldNow?(): boolean;
  onBatch(progress: PullProgressInfo): void;
};

export type PullProgressInfo = { read: number; written: number; skipped: number; pending: number | null };

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

async function readFeed(ctx: PullContext, since: Seq) {
  const url = `${ctx.dbUrl}/_changes?style=all_docs&limit=${ctx.batchSize}&since=${seqParam(since)}`;
  const r = await ctx.json(url);
  if (r.status !== 200 || !isObj(r.body) || !Array.isArray(r.body.results) || !isSeq(r.body.last_seq)) {
    const reason =
      isObj(r.body) && typeof r.body.reason === 'string' ? r.body.reason : `changes feed answered ${r.status}`;
    throw Object.assign(new Error(reason), { status: r.status });
  }
  const pending = typeof r.body.pending === 'number' ? r.body.pending : null;
  return { results: r.body.results, lastSeq: r.body.last_seq, pending };
}

/** Records what could not be stored, and clears ids that were stored after all. */
export function recordStored(state: SyncState, ids: Iterable<string>, refused: Map<string, string>): void {
  const now = Date.now();
  for (const id of ids) if (!refused.has(id)) state.skipped.delete(id);
  for (const [id, reason] of refused) state.skipped.set(id, { revs: [], reason, at: now });
}

export async function pullRound(ctx: PullContext): Promise<PullProgressInfo> {
  const progress: PullProgressInfo = { read: 0, written: 0, skipped: 0, pending: null };
  for (;;) {
    if (ctx.cancelled()) throw new Error('replication cancelled');
    const page = await readFeed(ctx, ctx.state.pullSeq ?? 0);
    const changes = parseChanges(page.results);
    if (changes.length > 0) {
      const { pulled, refused } = await fastPull(ctx.local, ctx.remote, changes, ctx.known);
      recordStored(
        ctx.state,
        changes.map((c) => c.id),
        refused,
      );
      progress.written += pulled;
      progress.skipped += refused.size;
    }
    progress.read += page.results.length;
    progress.pending = page.pending;
    if (ctx.cancelled()) throw new Error('replication cancelled');
    ctx.state.pullSeq = page.lastSeq;
    await ctx.state.save();
    ctx.onBatch(progress);
    if (page.results.length < ctx.batchSize || page.pending === 0 || ctx.yieldNow?.()) return progress;
  }
}
