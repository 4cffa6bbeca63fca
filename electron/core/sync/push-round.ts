// The push round: every local change past the push checkpoint goes up through the replication
// protocol (revs_diff, then the missing revisions with their history, `_bulk_docs` with
// new_edits=false). The checkpoint only moves past a change once the server acknowledged it or
// refused it; a refused record is kept in the state with the server's reason, and offered again
// later (retryRefused), so nothing is ever passed over in silence ("stranded").
import { changesSince, leavesOf, readWithHistory, type RevRef } from '../store/pouch';
import { neverPushed } from './never-pushed';
import type { Seq } from './seq';
import { pushDocs } from './fast-lane';
import type { KnownRevs } from './known-revs';
import type { Problem, SyncState } from './sync-state';
import type { Db } from './types';

export type PushContext = {
  local: Db;
  remote: Db;
  state: SyncState;
  known: KnownRevs;
  /** Documents per batch (a batch holds the server's write lock while a clinician's edit waits). */
  batchSize: number;
  cancelled(): boolean;
  /** How long the next batch must still wait (a clinician's save just went up alone: see lanes.ts). */
  holdMs?(): number;
  /**
   * Documents per upload request now: fewer while someone saves, as their save waits on the server
   * behind whatever upload is being written (a batch of 250 took ~100 ms on the dev server).
   */
  partSize?(): number;
  /** After each batch: what the round did so far. */
  onBatch(progress: PushProgress): void;
};

export type PushProgress = { checked: number; pushed: number; refused: number };

export { neverPushed } from './never-pushed';

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
    const { refused, waiting } = await pushDocs(ctx.remote, docs, ctx.known);
    const now = Date.now();
    for (const [id, reason] of refused) {
      const revs = missing.filter((r) => r.id === id).map((r) => r.rev);
      const waitingFor = waiting.get(id);
      ctx.state.refused.set(id, { revs, reason, at: now, ...(waitingFor === undefined ? {} : { waitingFor }) });
      ids.delete(id);
      refusedCount++;
    }
    pushed = docs.length - refused.size;
  }
  // Every other id of the batch is now wholly on the server.
  for (const id of ids) ctx.state.refused.delete(id);
  return { pushed, refused: refusedCount };
}

/** Local changes read at a time by skipKnown. */
const SKIP_PAGE = 2_000;

/**
 * After a pull, the local feed past the push checkpoint is full of what just came down. When
 * those changes are revisions the server is known to hold, with at most a batch of others (a
 * clinician's saves, sent here and recorded as a round would), the checkpoint moves past them
 * without asking the server about each: a 30,000-document pull would otherwise be followed by
 * 30,000 revs_diff entries, and a clinician's edit elsewhere waits behind them on the server.
 * Any doubt (more unknown changes than a batch): no skip, the round does the work.
 */
export async function skipKnown(
  ctx: Pick<PushContext, 'local' | 'remote' | 'state' | 'known' | 'batchSize'>,
): Promise<Seq | null> {
  return (await skipAllKnown(ctx)).moved;
}

/**
 * skipKnown, and whether it reached the end of the local feed (`complete`): then every local
 * change it read is on the server or recorded as refused, and the replicator has nothing to do.
 */
export async function skipAllKnown(
  ctx: Pick<PushContext, 'local' | 'remote' | 'state' | 'known' | 'batchSize'>,
): Promise<{ moved: Seq | null; complete: boolean }> {
  let moved: Seq | null = null;
  for (;;) {
    const from = ctx.state.pushSeq ?? 0;
    const page = await changesSince(ctx.local, from, SKIP_PAGE);
    if (page.results.length === 0 || page.lastSeq === from) break;
    const unknown: RevRef[] = [];
    for (const r of page.results) {
      if (neverPushed(r.id)) continue;
      for (const c of r.changes) if (!ctx.known.has(r.id, c.rev)) unknown.push({ id: r.id, rev: c.rev });
      if (unknown.length > ctx.batchSize) return { moved, complete: false };
    }
    if (unknown.length > 0) await pushAndRecord(ctx, unknown);
    ctx.state.pushSeq = moved = page.lastSeq;
    await ctx.state.save();
    if (page.results.length < SKIP_PAGE) break;
  }
  return { moved, complete: true };
}

type RepChange = {
  docs?: Array<{ _id?: unknown; _rev?: unknown }>;
  errors?: unknown[];
  last_seq?: unknown;
  docs_read?: number;
};
type Replication = PromiseLike<{ status?: string; last_seq?: unknown; errors?: unknown[] }> & {
  cancel(): void;
  on(event: 'change', fn: (info: RepChange) => void): unknown;
};

/** The server as the replicator sees it: each batch's write waits while a hold is on. */
function held(ctx: PushContext): PushContext['remote'] {
  const { holdMs, partSize } = ctx;
  if (!holdMs) return ctx.remote;
  const send = ctx.remote.bulkDocs.bind(ctx.remote) as (body: unknown, opts?: unknown) => Promise<unknown>;
  const bulkDocs = async (body: { docs?: unknown[] }, opts?: unknown) => {
    // One wait per batch at most: saves in quick succession slow the bulk push, never stop it.
    const ms = holdMs();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const docs = Array.isArray(body?.docs) ? body.docs : [];
    const size = Math.max(1, partSize?.() ?? docs.length);
    if (docs.length <= size) return send(body, opts);
    // In parts, one after the other: the answers (refusals) of all of them, as one request's.
    const out: unknown[] = [];
    for (let i = 0; i < docs.length; i += size) {
      const part = await send({ ...body, docs: docs.slice(i, i + size) }, opts);
      if (Array.isArray(part)) out.push(...(part as unknown[]));
    }
    return out;
  };
  return new Proxy(ctx.remote, {
    get(target, prop) {
      if (prop === 'bulkDocs') return bulkDocs;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * The bulk push, by PouchDB's replicator (measured: an edit pushed through the fast lane beside
 * it reaches the other workstations several times sooner than beside a push written here, p50
 * ~70 ms against ~400 ms during a 30,000-document push). Its own checkpoint is not used: the
 * round starts at the state's push checkpoint and moves it after each batch only once the batch
 * is recorded, every refused document listed with its reason, so no change is ever passed over
 * in silence.
 */
export async function pushRound(ctx: PushContext): Promise<PushProgress> {
  const progress: PushProgress = { checked: 0, pushed: 0, refused: 0 };
  const rep = ctx.local.replicate.to(held(ctx), {
    batch_size: ctx.batchSize,
    batches_limit: 4,
    retry: false,
    // Sample records never leave: told by their id (the local feed holds each document anyway).
    // Local documents are not in the feed, and the server's design documents came from the
    // server, so revs_diff finds nothing to send.
    filter: (doc: { _id: string }) => !neverPushed(doc._id),
    since: ctx.state.pushSeq ?? 0,
    // The state's checkpoint is the one that counts. The replicator's own is kept on this side only:
    // written to the server after every batch, a cancelled round would wait on a server that does
    // not answer. (With `checkpoint: false` PouchDB ignores `since` and reads the whole feed.)
    checkpoint: 'source',
  } as never) as unknown as Replication;
  let errorsSeen = 0;
  // The replicator's errors are cumulative; a batch with only refusals emits no 'change'.
  const recordRefused = (errors: unknown[], at: number) => {
    for (const e of errors.slice(errorsSeen)) {
      const row = e as {
        id?: unknown;
        rev?: unknown;
        reason?: unknown;
        message?: unknown;
        error?: unknown;
        waitingFor?: unknown;
      };
      if (typeof row.id !== 'string') continue;
      const reason = String(row.reason ?? row.message ?? row.error ?? 'refused');
      const revs = typeof row.rev === 'string' ? [row.rev] : [];
      const waiting = typeof row.waitingFor === 'string' ? { waitingFor: row.waitingFor } : {};
      ctx.state.refused.set(row.id, { revs, reason, at, ...waiting });
      progress.refused++;
    }
    errorsSeen = Math.max(errorsSeen, errors.length);
  };
  let saving: Promise<void> = Promise.resolve();
  const timer = setInterval(() => ctx.cancelled() && rep.cancel(), 100);
  rep.on('change', (info) => {
    const now = Date.now();
    for (const d of info.docs ?? []) {
      if (typeof d._id !== 'string' || typeof d._rev !== 'string') continue;
      ctx.known.add(d._id, d._rev);
      ctx.state.refused.delete(d._id);
      progress.pushed++;
    }
    recordRefused(info.errors ?? [], now);
    progress.checked = info.docs_read ?? progress.checked;
    // Only now, with the batch acknowledged or its refusals recorded, may the checkpoint pass it.
    if (typeof info.last_seq === 'number' || typeof info.last_seq === 'string') ctx.state.pushSeq = info.last_seq;
    saving = saving.then(() => ctx.state.save()).catch(() => undefined);
    ctx.onBatch(progress);
  });
  try {
    const result = await rep;
    if (result.status === 'cancelled') throw new Error('replication cancelled');
    recordRefused(result.errors ?? [], Date.now());
    if (typeof result.last_seq === 'number' || typeof result.last_seq === 'string') ctx.state.pushSeq = result.last_seq;
  } finally {
    clearInterval(timer);
    await saving;
  }
  await ctx.state.save();
  return progress;
}

/**
 * Tries the refused records again (the credentials, the user or the server's rules may have
 * changed), or only those `only` picks: each one's current leaf revisions go up; those accepted
 * leave the list.
 */
export async function retryRefused(
  ctx: Pick<PushContext, 'local' | 'remote' | 'state' | 'known'>,
  only: (p: Problem) => boolean = () => true,
): Promise<number> {
  const ids = [...ctx.state.refused].filter(([, p]) => only(p)).map(([id]) => id);
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
