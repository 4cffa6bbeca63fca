// The pull checkpoint moved without a pull round's feed read. Each of the watcher's answers lists
// every server change from the seq it asked from to the answer's `last_seq` (the same feed, in
// the same style, that a pull round reads). Once all of those changes are stored here (the fast
// lane brought them, or they were here already) that stretch is covered; answers in a row make
// one stretch. A pull round that finds the stretch starting at its checkpoint moves the checkpoint
// to the stretch's end without asking the server: what reading the feed would have found is here.
// Anything not stored (a document refused here, a fast lane that failed or dropped a change)
// breaks the stretch, and the round reads the feed as before. Seqs are compared for identity only.
//
// Why: with 20 workstations editing, every edit answered every other workstation's long-poll, and
// each answer was followed by a pull round (`_changes`) and a push round (the replicator's `GET /`)
// that found nothing new (bench/many.ts).
import type { EngineCtx } from './context';
import type { ChangeWithDoc } from './initial-load';
import type { Seq } from './seq';

function extend(c: EngineCtx, from: Seq, to: Seq): void {
  const cov = c.pullCovered;
  // A stretch from the checkpoint is the one a round can use: it starts afresh there.
  if (cov && cov.to === from && from !== c.state.pullSeq) c.pullCovered = { from: cov.from, to };
  else c.pullCovered = { from, to };
}

/**
 * Appends a step to the watcher's checks, in the order of its answers. A step of a watcher that
 * has since stopped (the link dropped) does nothing: the new watcher starts its own stretch.
 */
function then(c: EngineCtx, step: () => void | Promise<void>): void {
  const gen = c.watcherGen;
  c.coverChain = c.coverChain
    .then(() => (gen === c.watcherGen ? step() : undefined))
    .catch(() => {
      c.pullCovered = null;
    });
}

/** A new connection: what the last watcher saw is not built on (supervisor.ts). */
export function resetCover(c: EngineCtx): void {
  c.pullCovered = null;
  c.watcherResync = false;
}

/** An answer whose changes are all here already (none, or known revisions). */
export function coveredAlready(c: EngineCtx, from: Seq, to: Seq): void {
  then(c, () => extend(c, from, to));
}

/** An answer handled some other way (with documents, a burst): the round reads the feed. */
export function breakCover(c: EngineCtx): void {
  then(c, () => {
    c.pullCovered = null;
  });
}

async function allHere(c: EngineCtx, changes: ChangeWithDoc[]): Promise<boolean> {
  const ask: Record<string, string[]> = {};
  // Known and not recorded as refused here: the fast lane wrote it (fast-lane.ts storable), no need to ask.
  for (const x of changes) if (!c.known.hasAll(x.id, x.revs) || c.state.skipped.has(x.id)) ask[x.id] = x.revs;
  if (Object.keys(ask).length === 0) return true;
  const diff = (await c.local.revsDiff(ask)) as Record<string, { missing?: string[] }>;
  return Object.values(diff).every((d) => (d.missing ?? []).length === 0);
}

/**
 * An answer whose changes the fast lane was just given: a round as before, which waits for the
 * check (takeCovered); covered once the fast lane is done with them and they are all here.
 */
export function coverAfterFastLane(c: EngineCtx, from: Seq, to: Seq, changes: ChangeWithDoc[]): void {
  const sent = c.downQueue?.settled() ?? Promise.resolve();
  c.pullRequested = true;
  c.waker.pokeSoon();
  then(c, async () => {
    await sent;
    if (await allHere(c, changes).catch(() => false)) extend(c, from, to);
    else c.pullCovered = null;
  });
}

/**
 * For a pull round, once the watcher's checks so far are done (each waits at most for the fast
 * lane's request): the seq to move the checkpoint to without reading the feed, or null.
 */
export async function takeCovered(c: EngineCtx): Promise<Seq | null> {
  await c.coverChain;
  const cov = c.pullCovered;
  const pull = c.state.pullSeq;
  if (!cov || pull === null) return null;
  // The watcher's last answer ended at the checkpoint (a round read the feed meanwhile): as of that
  // answer there is nothing past it, and the watcher asks from there next.
  if (cov.to === pull) {
    c.pullCovered = null;
    return pull;
  }
  if (cov.from !== pull) return null;
  c.pullCovered = null;
  return cov.to;
}

/**
 * A pull round read the feed and moved the checkpoint: the watcher asks from there next. A stretch
 * the watcher saw meanwhile is kept: takeCovered uses it only if it starts or ends at the checkpoint.
 */
export function feedWasRead(c: EngineCtx): void {
  if (!c.watcherBurst) c.watcherResync = true;
}
