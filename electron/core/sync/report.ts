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
  const res = await changesSince(c.local, c.state.pushSeq ?? 0);
  const ids = new Set<string>();
  let unknown: Record<string, string[]> = {};
  for (const r of res.results) {
    if (neverPushed(r.id)) continue;
    ids.add(r.id);
    const revs = r.changes.map((x) => x.rev);
    if (!c.known.hasAll(r.id, revs)) unknown[r.id] = revs;
  }
  c.known.retainOnly(ids, mark);
  if (askServer && c.connected && isLive(c) && Object.keys(unknown).length > 0) {
    const entries = Object.entries(unknown);
    const stillMissing: Record<string, string[]> = {};
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = Object.fromEntries(entries.slice(i, i + 500));
      const diff = (await c.remote.revsDiff(chunk)) as Record<string, { missing?: string[] }>;
      for (const [id, revs] of Object.entries(chunk)) {
        const missing = new Set(diff[id]?.missing ?? []);
        for (const rev of revs) if (!missing.has(rev)) c.known.add(id, rev);
        if (missing.size > 0) stillMissing[id] = [...missing];
      }
    }
    unknown = stillMissing;
  }
  await countLocalOnly(c);
  const waiting = [...c.state.refused].filter(([id, p]) => p.waitingFor !== undefined && !(id in unknown));
  const count = Object.keys(unknown).length + waiting.length;
  if (count !== c.lastPending) {
    c.lastPending = count;
    c.emit({ type: 'pending-up', at: Date.now(), count });
  }
  return count;
}

/** Sample records on this workstation (they stay here): a key range, no documents read. */
async function countLocalOnly(c: EngineCtx): Promise<void> {
  const res = await c.local.allDocs({ startkey: SAMPLE_ID_PREFIX, endkey: `${SAMPLE_ID_PREFIX}\uffff` });
  if (res.rows.length !== c.status.localOnly) c.emit({ type: 'local-only', at: Date.now(), count: res.rows.length });
}
