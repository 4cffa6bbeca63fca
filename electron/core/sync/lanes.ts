// The fast lanes and the local side: a clinician's saves go up at once, a few server changes come
// down at once, and every local change asks for a push round (and a recount of what waits).
import { SAMPLE_ID_PREFIX } from '../../../shared/records/samples';
import { isLive, type EngineCtx } from './context';
import { fastPull, fastPush, type RevRef } from './fast-lane';
import { FastQueue } from './fast-queue';
import { recordStored } from './pull-round';
import { missingOnServer } from './push-round';
import { emitIssues, reportRefused } from './report';
import { recountPending } from './supervisor';
import type { LocalChange } from '../store/open';
import { noteBackgroundFailure } from './watcher';

/** The fast lanes: a clinician's saves up at once, a few server changes down at once. */
export function fastLanes(c: EngineCtx): void {
  c.upQueue = new FastQueue(c.t.fastLaneMax, 'priority', async (batch) => {
    if (!c.connected || !isLive(c) || c.pendingFailure !== null) return; // a dead link: the supervisor acts first
    const refsOf = (xs: typeof batch): RevRef[] => xs.flatMap((x) => x.revs.map((rev) => ({ id: x.id, rev })));
    try {
      // A clinician's save is a new revision: sent without asking. Any other local change (e.g.
      // the other leaf of a conflict pulled long ago, no longer known) may be on the server
      // already, and sent as ours it would be refused (its author is someone else): asked first.
      const others = refsOf(batch.filter((x) => !x.priority));
      const refs = [
        ...refsOf(batch.filter((x) => x.priority)),
        ...(others.length ? await missingOnServer(c.remote, c.known, others) : []),
      ];
      const { pushed, refused } = await fastPush(c.local, c.remote, refs, c.known);
      // The save is now the server's newest change: the bulk push waits a moment, so that every
      // other workstation's watcher finds it at the head of the feed, alone, rather than behind
      // the next batch of thousands.
      if (pushed > 0 && batch.some((x) => x.priority)) {
        c.lastSaveUpAt = Date.now();
        c.bulkHoldUntil = c.lastSaveUpAt + c.t.editHoldMs;
      }
      // Not final: the push round sends these again and records the outcome in the saved state.
      reportRefused(c, refused, 'server refused: ');
      if (refused.size > 0) {
        c.pushRequested = true;
        c.waker.pokeSoon();
      }
      recountSoon(c);
    } catch (err) {
      noteBackgroundFailure(c, err);
    }
  });
  c.downQueue = new FastQueue(c.t.fastLaneMax, 'newest', async (batch) => {
    if (!c.connected || !isLive(c) || c.pendingFailure !== null) return; // a dead link: the supervisor acts first
    try {
      // The watcher put only what it found missing here (watcher.ts newHere).
      const { refused } = await fastPull(c.local, c.remote, batch, c.known, true);
      recordStored(
        c.state,
        batch.map((x) => x.id),
        refused,
      );
      if (refused.size > 0) {
        reportRefused(c, refused);
        emitIssues(c);
      }
    } catch (err) {
      noteBackgroundFailure(c, err);
    }
  });
}

const recountTimers = new WeakMap<EngineCtx, NodeJS.Timeout>();
export function stopRecount(c: EngineCtx): void {
  const timer = recountTimers.get(c);
  if (timer) clearTimeout(timer);
  recountTimers.delete(c);
}
export function recountSoon(c: EngineCtx): void {
  if (recountTimers.has(c)) return;
  recountTimers.set(
    c,
    setTimeout(() => {
      recountTimers.delete(c);
      recountPending(c, false).catch(() => undefined);
    }, 100),
  );
}

function onLocalChange(c: EngineCtx, change: LocalChange): void {
  if (change.id.startsWith('_local/')) return;
  if (change.id.startsWith(SAMPLE_ID_PREFIX)) c.localOnlyStale = true;
  // At or below the push checkpoint: settled already (the shared feed may trail far behind a bulk
  // pull). Local seqs are numbers (leveldb); only the server's are opaque.
  const pushSeq = c.state.pushSeq;
  if (typeof change.seq === 'number' && typeof pushSeq === 'number' && change.seq <= pushSeq) return;
  const revs = change.changes.map((x) => x.rev);
  if (c.known.hasAll(change.id, revs)) return; // an echo of what we pulled (known before written)
  c.pushRequested = true;
  recountSoon(c);
  if (c.connected && !c.paused) c.upQueue?.add(change.id, revs);
  c.waker.pokeSoon();
}

export function localFeed(c: EngineCtx, shared: (listener: (change: LocalChange) => void) => () => void): () => void {
  return shared((change) => onLocalChange(c, change));
}
