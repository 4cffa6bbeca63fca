// The push round: every local change past the push checkpoint goes up through the replication
// protocol (revs_diff, then the missing revisions with their history, `_bulk_docs` with
// new_edits=false). Unlike PouchDB's replicator, the checkpoint only moves past a change once the
// server acknowledged it or refused it; a refused record is kept in the state with the server's
// reason, so nothing is ever passed over in silence ("stranded").
import { changesSince, leavesOf, readWithHistory, type RevRef } from '../store/pouch';
import { pushDocs } from './fast-lane';
import type { KnownRevs } from './known-revs';
import type { SyncState } from './sync-state';
import type { Db } from './types';

export type PushContext = {
  local: Db;
  remote: Db;
  state: SyncState;
  known: KnownRevs;
  /** Changes read from the local feed at once; revs_diff and uploads go in `batchSize` pieces. */
  readSize: number;
  batchSize: number;
  cancelled(): boolean;
  /** After each batch: what the round did so far. */
  onBatch(progress: PushProgress): void;
};

export type PushProgress = { checked: number; pushed: number; refused: number };

/** Local documents that are never pushed: the server admin's design documents, local-only ones. */
export function neverPushed(id: string): boolean {
  return id.startsWith('_design/') || id.startsWith('_local/');
}

/**
 * Of these revisions, the ones the server is missing: those it is known to hold are left out
 * without asking; the server is asked about the rest.
 */
export async function missingOnServer(remote: Db, known: KnownRevs, refs: RevRef[]): Promise<RevRef[]> {
  const ask: Record<string, string[]> = {};
  for (const r of refs) if (!known.has(r.id, r.rev)) (ask[r.id] ??= []).push(r.rev);
  if (Object.keys(ask).length === 0) return [];
  const diff = (await remote.revsDiff(ask)) as Record<string, { missing?: string[] }>;
  const missing: RevRef[] = [];
  for (const [id, revs] of Object.entries(ask)) {
    const gone = new Set(diff[id]?.missing ?? []);
    for (const rev of revs) {
      if (gone.has(rev)) missing.push({ id, rev });
      else known.add(id, rev);
    }
  }
  return missing;
}

/**
 * Uploads these revisions (when the server lacks them) and records the outcome in the state: an
 * acknowledged record leaves the refused list, a refused one enters it with the reason.
 */
export async function pushAndRecord(
  ctx: Pick<PushContext, 'local' | 'remote' | 'state' | 'known'>,
  refs: RevRef[],
): Promise<{ pushed: number; refused: number }> {
  const missing = await missingOnServer(ctx.remote, ctx.known, refs);
  const ids = new Set(refs.map((r) => r.id));
  let pushed = 0;
  let refusedCount = 0;
  if (missing.length > 0) {
    const docs = await readWithHistory(ctx.local, missing);
    const { refused } = await pushDocs(ctx.remote, docs, ctx.known);
    const now = Date.now();
    for (const [id, reason] of refused) {
      ctx.state.refused.set(id, { revs: missing.filter((r) => r.id === id).map((r) => r.rev), reason, at: now });
      ids.delete(id);
      refusedCount++;
    }
    pushed = docs.length - refused.size;
  }
  // Every other id of the batch is now wholly on the server.
  for (const id of ids) ctx.state.refused.delete(id);
  return { pushed, refused: refusedCount };
}

export async function pushRound(ctx: PushContext): Promise<PushProgress> {
  const progress: PushProgress = { checked: 0, pushed: 0, refused: 0 };
  for (;;) {
    if (ctx.cancelled()) throw new Error('replication cancelled');
    const res = await changesSince(ctx.local, ctx.state.pushSeq ?? 0, ctx.readSize);
    if (res.results.length === 0) return progress;
    for (let i = 0; i < res.results.length; i += ctx.batchSize) {
      const slice = res.results.slice(i, i + ctx.batchSize);
      const refs: RevRef[] = [];
      for (const c of slice) {
        if (neverPushed(c.id)) continue;
        for (const { rev } of c.changes) refs.push({ id: c.id, rev });
      }
      const { pushed, refused } = await pushAndRecord(ctx, refs);
      progress.checked += slice.length;
      progress.pushed += pushed;
      progress.refused += refused;
      // Only now, with every change of the slice acknowledged or recorded as refused.
      const last = slice[slice.length - 1];
      if (last) ctx.state.pushSeq = last.seq;
      await ctx.state.save();
      ctx.onBatch(progress);
      if (ctx.cancelled()) throw new Error('replication cancelled');
    }
    if (res.results.length < ctx.readSize) return progress;
  }
}

/**
 * Tries the refused records again (the credentials, the user or the server's rules may have
 * changed): each one's current leaf revisions go up; those accepted leave the list.
 */
export async function retryRefused(ctx: Pick<PushContext, 'local' | 'remote' | 'state' | 'known'>): Promise<number> {
  const ids = [...ctx.state.refused.keys()];
  let accepted = 0;
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const refs: RevRef[] = [];
    for (const id of chunk) {
      const leaves = await leavesOf(ctx.local, id).catch(() => []);
      for (const l of leaves) refs.push({ id, rev: l._rev });
      if (leaves.length === 0) ctx.state.refused.delete(id); // gone locally: nothing left to send
    }
    const before = ctx.state.refused.size;
    await pushAndRecord(ctx, refs);
    accepted += before - ctx.state.refused.size;
  }
  await ctx.state.save();
  return accepted;
}
