// What the engine tells the user about its work: the exact pending-up count, the records the
// server did not accept and the ones that could not be stored here (one count everywhere, from the
// saved state), and log lines for refusals.
import { changesSince } from '../store/pouch';
import { isLive, type EngineCtx } from './context';
import { SAMPLE_ID_PREFIX } from '../../../shared/records/samples';
import { neverPushed } from './never-pushed';
import { summarize, waitingSummary } from './sync-state';

/** A log line for documents a lane could not write (the other side's rules, or the local limits). */
export function reportRefused(c: EngineCtx, refused: Map<string, string>, prefix = ''): void {
  if (refused.size)
    c.emit({
      type: 'docs-rejected',
      at: Date.now(),
      count: refused.size,
      message: `${prefix}${[...refused.values()][0] ?? ''}`,
    });
}

/** The records with a problem, when they changed. */
export function emitIssues(c: EngineCtx): void {
  const notAccepted = summarize(c.state.refused);
  const notStored = summarize(c.state.skipped);
  const waitingForSignIn = waitingSummary(c.state.refused);
  const key = JSON.stringify([notAccepted, notStored, waitingForSignIn]);
  if (c.issuesKey === key) return;
  c.issuesKey = key;
  c.emit({ type: 'issues', at: Date.now(), notAccepted, notStored, waitingForSignIn });
}

/**
 * Local records with a revision the server is not known to hold, past the push checkpoint
 * (everything before it is on the server or in the refused list). Exact offline too: the
 * checkpoint is saved, and it passes pulled documents as soon as a push round runs. Records waiting
 * for their author's sign-in are counted too: the server would accept them, it does not hold them.
 */
export async function countPending(c: EngineCtx, askServer: boolean): Promise<number> {
  const mark = c.known.mark();
  const ids = new Set<string>();
  const unknown = new Map<string, string[]>();
  // In pages: far behind (a store from before the load moved the checkpoint), the whole feed at
  // once held a million changes and their revs_diff answers in memory together.
  for (let since = c.state.pushSeq ?? 0; ;) {
    const page = await changesSince(c.local, since, COUNT_PAGE);
    const ask: Record<string, string[]> = {};
    for (const r of page.results) {
      if (neverPushed(r.id)) continue;
      ids.add(r.id);
      const revs = r.changes.map((x) => x.rev);
      if (c.known.hasAll(r.id, revs)) unknown.delete(r.id);
      else if (askServer && c.connected && isLive(c)) ask[r.id] = revs;
      else unknown.set(r.id, revs);
    }
    for (const [id, revs] of await missingIn(c, ask)) unknown.set(id, revs);
    if (page.results.length < COUNT_PAGE || page.lastSeq === since) break;
    since = page.lastSeq as typeof since;
  }
  c.known.retainOnly(ids, mark);
  await countLocalOnly(c);
  const waiting = [...c.state.refused].filter(([id, p]) => p.waitingFor !== undefined && !unknown.has(id));
  const count = unknown.size + waiting.length;
  if (count !== c.lastPending) {
    c.lastPending = count;
    c.emit({ type: 'pending-up', at: Date.now(), count });
  }
  return count;
}

const COUNT_PAGE = 5_000;

/** Of these revisions, those the server lacks, by id; the ones it holds become known. */
async function missingIn(c: EngineCtx, ask: Record<string, string[]>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const entries = Object.entries(ask);
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = Object.fromEntries(entries.slice(i, i + 500));
    const diff = (await c.remote.revsDiff(chunk)) as Record<string, { missing?: string[] }>;
    for (const [id, revs] of Object.entries(chunk)) {
      const missing = new Set(diff[id]?.missing ?? []);
      for (const rev of revs) if (!missing.has(rev)) c.known.add(id, rev);
      if (missing.size > 0) out.set(id, [...missing]);
    }
  }
  return out;
}

/**
 * Sample records on this workstation (they stay here): a key range, no documents read; again only
 * once one of them changed (lanes.ts), not at every recount.
 */
async function countLocalOnly(c: EngineCtx): Promise<void> {
  if (!c.localOnlyStale) return;
  c.localOnlyStale = false; // a change during the query flags it again
  const res = await c.local
    .allDocs({ startkey: SAMPLE_ID_PREFIX, endkey: `${SAMPLE_ID_PREFIX}\uffff` })
    .catch((err: unknown) => {
      c.localOnlyStale = true;
      throw err;
    });
  if (res.rows.length !== c.status.localOnly) c.emit({ type: 'local-only', at: Date.now(), count: res.rows.length });
}
