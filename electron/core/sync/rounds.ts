// One cycle of work while connected: the initial load (an empty workstation's first pull), a pull
// round, then a push round, as long as something asks for them. A push round always follows a
// pull, so the push checkpoint passes what came down at once and the pending count stays exact
// across a restart.
import { endRound, isLive, newRound, type EngineCtx } from './context';
import { feedWasRead, takeCovered } from './cover';
import { initialLoad } from './initial-load';
import { coverPage, coverStart } from './load-cover';
import { pullRound, recordStored } from './pull-round';
import { pushRound, retryRefused, skipAllKnown } from './push-round';
import { emitIssues, reportRefused } from './report';

const cancelled = (c: EngineCtx) => () => !isLive(c) || c.pendingFailure !== null;

/** What every round works with: both databases, the saved state, the known revisions. */
const sides = (c: EngineCtx) => ({
  local: c.local,
  remote: c.remote,
  state: c.state,
  known: c.known,
  cancelled: cancelled(c),
});

/** The records the server just refused, with its first reason, for the log. */
function rejected(c: EngineCtx, count: number): void {
  c.emit({
    type: 'docs-rejected',
    at: Date.now(),
    count,
    message: `server refused: ${c.state.refused.values().next().value?.reason ?? ''}`,
  });
}

async function maybeInitialLoad(c: EngineCtx): Promise<void> {
  const s = c.state;
  if (s.pullSeq !== null || s.loadDone) return;
  if (s.loadSeq === null && c.remoteDocs < c.t.initialLoadMinDocs) return;
  // The push checkpoint moves with each stored page (load-cover.ts).
  let cover = coverStart(c);
  c.emit({ type: 'active', at: Date.now(), direction: 'pull' });
  const info = newRound('pull');
  const readBefore = s.loadSeq === null ? 0 : s.loadRead;
  try {
    const res = await initialLoad({
      local: c.local,
      remote: c.remote,
      fetch: (url, init) => c.transport.fetch(url, init),
      dbUrl: c.dbUrl,
      since: s.loadSeq ?? 0,
      pageSize: c.t.initialLoadPageSize,
      requestSize: c.t.initialLoadRequestSize,
      known: c.known,
      cancelled: cancelled(c),
      onRefused: (refused) => {
        recordStored(s, [], refused);
        reportRefused(c, refused);
        emitIssues(c);
      },
      onPage: async (seq, read, written) => {
        s.loadSeq = seq;
        // Progress resumes where an interrupted load stopped, as the load itself does.
        s.loadRead = readBefore + read;
        info.docsRead = read;
        info.changesChecked++;
        const covered = await coverPage(c, cover, written);
        cover = covered.next;
        if (covered.settled) info.pagesSettled = (info.pagesSettled ?? 0) + 1;
        if (covered.refused > 0) rejected(c, covered.refused);
        await s.save();
        const done = s.loadRead;
        c.emit({ type: 'pull-progress', at: Date.now(), done, total: Math.max(done, c.remoteDocs) });
      },
    });
    info.docsWritten = res.direct + res.viaProtocol;
    info.writeFailures = res.refused;
    s.loadDone = true;
    if (s.pullSeq === null) s.pullSeq = s.loadSeq;
    info.ok = true;
    await s.save();
  } finally {
    endRound(c, info);
  }
}

async function pull(c: EngineCtx, readFeed: boolean): Promise<void> {
  c.emit({ type: 'active', at: Date.now(), direction: 'pull' });
  const info = newRound('pull');
  const startSeq = c.state.pullSeq;
  info.skippedTo = startSeq;
  try {
    // What the watcher saw from the checkpoint on is stored here already: no feed to read.
    const covered = readFeed ? null : await takeCovered(c);
    if (c.pendingFailure) throw c.pendingFailure;
    if (covered !== null) {
      // Saved by the push round that follows in this cycle: lost in a crash, the feed is read again.
      c.state.pullSeq = covered;
      info.skipBasis = 'watcher';
      info.ok = true;
      return;
    }
    const res = await pullRound({
      ...sides(c),
      json: (url) => c.transport.json(url),
      dbUrl: c.dbUrl,
      batchSize: c.t.pullBatchSize,
      yieldNow: () => c.watcherBurst,
      onBatch: (p) => {
        info.docsRead = p.read;
        info.changesChecked = p.read;
        if (p.pending !== null && p.read + p.pending > c.t.pullBatchSize)
          c.emit({ type: 'pull-progress', at: Date.now(), done: p.read, total: p.read + p.pending });
      },
    });
    feedWasRead(c);
    info.docsWritten = res.written;
    info.writeFailures = res.skipped;
    if (res.skipped > 0) emitIssues(c);
    info.ok = true;
  } finally {
    endRound(c, info);
  }
}

async function push(c: EngineCtx): Promise<void> {
  c.emit({ type: 'active', at: Date.now(), direction: 'push' });
  const info = newRound('push');
  try {
    // The clinician's saves the fast lane is sending are known once it is done: not asked about again.
    await c.upQueue?.settled();
    if (c.pendingFailure) throw c.pendingFailure;
    // An initial load has moved the checkpoint already (load-cover.ts): this reads from there.
    const skipped = await skipAllKnown({ ...sides(c), batchSize: c.t.pushBatchSize });
    if (skipped.moved !== null) {
      info.skippedTo = skipped.moved;
      info.skipBasis = 'known-revs';
    }
    // Every local change up to the checkpoint is on the server or recorded as refused, and each one
    // after it asks for another push (lanes.ts): the replicator (its `GET /` for an id, its own
    // checkpoint read and written, the feed read again) is only for more than a batch of unknown changes.
    const res = skipped.complete
      ? { checked: 0, pushed: 0, refused: 0 }
      : await pushRound({
          ...sides(c),
          batchSize: c.t.pushBatchSize,
          holdMs: () => c.bulkHoldUntil - Date.now(),
          partSize: () => (Date.now() - c.lastSaveUpAt < c.t.editWindowMs ? c.t.editPartSize : c.t.pushBatchSize),
          onBatch: (p) => {
            info.changesChecked = p.checked;
            info.docsWritten = p.pushed;
            info.writeFailures = p.refused;
          },
        });
    if (res.refused > 0) rejected(c, res.refused);
    // A person signed in again with a password the server took: what waited for them goes up now.
    if (c.retryFor.size > 0) {
      const who = new Set(c.retryFor);
      c.retryFor.clear();
      await retryRefused(c, (p) => p.waitingFor !== undefined && who.has(p.waitingFor));
    }
    // Refused records are offered again now and then: the server's rules may have changed.
    if (c.state.refused.size > 0 && Date.now() - c.lastRefusedRetryAt > c.t.refusedRetryMs) {
      c.lastRefusedRetryAt = Date.now();
      await retryRefused(c);
    }
    emitIssues(c);
    info.ok = true;
  } finally {
    endRound(c, info);
  }
}

/**
 * `fresh`: someone waits on this cycle (syncNow): its pull reads the server's feed, because the
 * watcher's last answer (cover.ts) may be older than the call, and the caller was promised what
 * the server held when they asked.
 */
export async function cycle(c: EngineCtx, fresh = false): Promise<void> {
  let readFeed = fresh;
  while ((c.pullRequested || c.pushRequested) && isLive(c)) {
    if (c.pendingFailure) throw c.pendingFailure;
    if (c.pullRequested) {
      c.pullRequested = false;
      c.where = 'pull';
      await maybeInitialLoad(c);
      await pull(c, readFeed);
      readFeed = false;
      c.pushRequested = true; // passes what came down, so the count is exact after a restart
    }
    if (c.pendingFailure) throw c.pendingFailure;
    if (c.pushRequested) {
      c.pushRequested = false;
      c.where = 'push';
      await push(c);
    }
  }
}
