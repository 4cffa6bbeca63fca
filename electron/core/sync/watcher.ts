// The watcher: a long-poll on the server's `_changes` (with heartbeat) that triggers pulls and
// proves the link alive. A silent long-poll is followed by a probe, so a half-open link (a black
// hole) is noticed within two heartbeats and a probe, whether or not anyone edits.
import { classifyFailure } from './classify';
import { isLive, isObj, type EngineCtx } from './context';
import { breakCover, coverAfterFastLane, coveredAlready } from './cover';
import { writeChanges, parseChanges, type ChangeWithDoc } from './initial-load';
import { recordStored } from './pull-round';
import { isSeq, seqParam, type Seq } from './seq';
import { probe } from './connect';
import { reportRefused, emitIssues } from './report';

/** A dead link seen outside the supervisor: stop what is in flight so the supervisor sees it now. */
export function failConnection(c: EngineCtx, err: unknown): void {
  c.pendingFailure = err;
  c.transport.reset();
  c.waker.poke('work');
}

export function stopWatcher(c: EngineCtx): void {
  c.watcherGen++;
}

/** Writes what the watcher brought with documents; false when the pull round must do it again. */
async function writeDirect(c: EngineCtx, changes: ChangeWithDoc[]): Promise<boolean> {
  try {
    // The newest first: a person's edit amid someone's bulk write is most often the answer's last
    // change (their workstation holds its bulk push after a save), so it is readable here after a
    // handful of documents are written instead of after the hundreds before it.
    const cut = Math.max(0, changes.length - c.t.fastLaneMax);
    for (const part of cut > 0 ? [changes.slice(cut), changes.slice(0, cut)] : [changes]) {
      const written = await writeChanges(c.local, c.remote, part, c.known);
      c.watcherWrites += written.direct + written.viaProtocol;
      recordStored(
        c.state,
        part.map((x) => x.id),
        written.refused,
      );
      if (written.refused.size > 0) {
        reportRefused(c, written.refused);
        emitIssues(c);
      }
    }
    return true;
  } catch (err) {
    noteBackgroundFailure(c, err); // the pull round does the work again
    return false;
  }
}

/**
 * The changes whose revisions this workstation does not have. A workstation's own pushes come
 * back in the feed, often before the push has marked them known: without this check its watcher
 * took them for someone else's burst and read them back with their documents (in the bench, some
 * 20,000 of a 30,000-document push, on the server a clinician's edit waits behind).
 * What is here already is on the server too (the feed says so): known from now on.
 */
async function newHere(c: EngineCtx, all: ChangeWithDoc[]): Promise<ChangeWithDoc[]> {
  const unknown = all.filter((x) => !c.known.hasAll(x.id, x.revs));
  if (unknown.length === 0) return unknown;
  const ask: Record<string, string[]> = {};
  for (const x of unknown) ask[x.id] = x.revs;
  const diff = (await c.local.revsDiff(ask)) as Record<string, { missing?: string[] }>;
  return unknown.filter((x) => {
    const missing = diff[x.id]?.missing ?? [];
    for (const rev of x.revs) if (!missing.includes(rev)) c.known.add(x.id, rev);
    return missing.length > 0;
  });
}

async function settledWithin(c: EngineCtx, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([c.downQueue?.settled(), late]);
  clearTimeout(timer);
}

function requestPull(c: EngineCtx): void {
  c.pullRequested = true;
  c.waker.pokeSoon();
}

/** The bulk lane will retry the work; a dead link must still flip the status now. */
export function noteBackgroundFailure(c: EngineCtx, err: unknown): void {
  if (classifyFailure(err, false).kind === 'offline' && c.connected) failConnection(c, err);
}

function changesUrl(c: EngineCtx, since: Seq, withDocs: boolean): string {
  return (
    `${c.dbUrl}/_changes?feed=longpoll&style=all_docs&since=${seqParam(since)}` +
    `&timeout=${c.t.longpollMs}&heartbeat=${c.t.heartbeatMs}&limit=${c.t.watchLimit}${withDocs ? '&include_docs=true' : ''}`
  );
}

export async function watch(c: EngineCtx, gen: number): Promise<void> {
  try {
    await watchLoop(c, gen);
  } finally {
    c.watcherBurst = false;
  }
}

async function watchLoop(c: EngineCtx, gen: number): Promise<void> {
  let since: Seq = c.remoteSince ?? 'now';
  // While someone else bulk-writes, the watcher asks for the documents too and writes them at
  // once: an edit that lands amid such a burst then arrives with it, instead of waiting for the
  // pull round to work through the backlog. Off when quiet (a workstation's own pushes come back
  // in the feed, and their bodies are not worth the transfer).
  let withDocs = false;
  let lastBurstAt = 0;
  const silentMs = c.t.heartbeatMs * 2 + 1_000;
  while (gen === c.watcherGen && c.connected && isLive(c)) {
    // A pull round read the feed: asking from its checkpoint lines the answers up with it again.
    if (c.watcherResync && !withDocs && c.state.pullSeq !== null) since = c.state.pullSeq;
    c.watcherResync = false;
    const asked = since;
    try {
      const r = await c.transport.json(changesUrl(c, since, withDocs), { idleTimeoutMs: silentMs });
      if (gen !== c.watcherGen) return;
      if (r.status !== 200 || !isObj(r.body) || !Array.isArray(r.body.results)) {
        // e.g. 412 "nodedown" from a cluster losing a node: the server is not available, retried.
        throw Object.assign(new Error(`changes feed answered ${r.status}`), { status: r.status });
      }
      const changes = await newHere(c, parseChanges(r.body.results));
      if (gen !== c.watcherGen) return;
      const burst = changes.length > c.t.fastLaneMax;
      const docsCame = withDocs;
      if (burst) lastBurstAt = Date.now();
      withDocs = Date.now() - lastBurstAt < c.t.burstWindowMs;
      // During a burst the watcher is the puller: a pull round beside it would read the same
      // changes again (and fetch the same documents) from a server that is already the bottleneck.
      // The round runs once the burst is over, to move the checkpoint and catch anything the
      // watcher could not write.
      c.watcherBurst = withDocs;
      // A burst that came without documents: read the same changes again with them.
      // Meanwhile a round reads the feed as before (cover.ts): what it records is then true, and
      // the status says syncing, not a stale "up to date", while the burst comes down.
      if (burst && !docsCame && since !== 'now') {
        breakCover(c);
        requestPull(c);
        c.emit({ type: 'active', at: Date.now(), direction: 'pull' });
        continue;
      }
      if (isSeq(r.body.last_seq)) since = r.body.last_seq;
      if (changes.length === 0) {
        if (docsCame) breakCover(c);
        else coveredAlready(c, asked, since);
        if (docsCame && !withDocs) requestPull(c);
        continue;
      }
      // With documents in hand, write them now; else a few changes at once are someone's edits,
      // which the fast lane brings now (and a round only records, unless it could not: cover.ts).
      if (docsCame) {
        breakCover(c);
        if (!(await writeDirect(c, changes)) || !withDocs) requestPull(c);
      } else {
        for (const x of changes) c.downQueue?.add(x.id, x.revs);
        coverAfterFastLane(c, asked, since, changes);
        // Asked again once these are here: edits made meanwhile come in one answer and one
        // `_bulk_get` rather than one each (bench/many.ts). Bounded, so a stuck fetch never
        // keeps the watcher from noticing a dead link.
        await settledWithin(c, c.t.heartbeatMs);
      }
    } catch (err) {
      if (gen !== c.watcherGen) return;
      const f = classifyFailure(err, false);
      // A silent long-poll is a dead link or a server ignoring `timeout`: a quick probe tells.
      if (f.kind === 'offline' && (await probe(c))) continue;
      if (gen !== c.watcherGen) return;
      failConnection(c, err);
      return;
    }
  }
}
