// The fast lane: a handful of documents copied at once, outside the checkpointed bulk
// replications, so a clinician's edit never waits behind a bulk transfer. It speaks the same
// replication protocol (revs_diff / _bulk_get / _bulk_docs with new_edits=false), so the bulk
// lane later sees these revisions as already present and skips them.
import { jsonLimitProblem } from '../../../shared/records/limits';
import { readWithHistory, storeAsIs, writeAsIs, type RevRef, type WriteResult } from '../store/pouch';
import type { KnownRevs } from './known-revs';
import { neverPushed } from './never-pushed';
import type { Db } from './types';

export type { RevRef } from '../store/pouch';
export { readWithHistory } from '../store/pouch';

/** Ids whose write was refused, with the reason (a validation rule, a forbidden write …). */
function failures(result: WriteResult[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of result) {
    if (r && typeof r === 'object' && r.error && typeof r.id === 'string') {
      out.set(r.id, String(r.reason ?? r.message ?? r.error));
    }
  }
  return out;
}

/** Of the refused ids, those waiting for their author's sign-in, with who (per-person.ts). */
function waitingOf(result: WriteResult[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of result as Array<WriteResult & { waitingFor?: unknown }>)
    if (r && typeof r.id === 'string' && typeof r.waitingFor === 'string') out.set(r.id, r.waitingFor);
  return out;
}

type Pushed = { pushed: number; refused: Map<string, string>; waiting: Map<string, string> };

/** Uploads documents read with their history; the ones the server acknowledged become known. */
export async function pushDocs(remote: Db, docs: Array<Record<string, unknown>>, known: KnownRevs): Promise<Pushed> {
  if (docs.length === 0) return { pushed: 0, refused: new Map(), waiting: new Map() };
  const result = await writeAsIs(remote, docs);
  const refused = failures(result);
  let pushed = 0;
  for (const d of docs) {
    const id = String(d._id);
    if (!refused.has(id)) {
      known.add(id, String(d._rev));
      pushed++;
    }
  }
  return { pushed, refused, waiting: waitingOf(result) };
}

/** Local → server, without asking first (a clinician's new revision cannot be there yet). */
export async function fastPush(local: Db, remote: Db, refs: RevRef[], known: KnownRevs): Promise<Pushed> {
  const todo = refs.filter((r) => !neverPushed(r.id) && !known.has(r.id, r.rev));
  if (todo.length === 0) return { pushed: 0, refused: new Map(), waiting: new Map() };
  return pushDocs(remote, await readWithHistory(local, todo), known);
}

/**
 * Documents from the server that may be written here, and the others with the reason: one nested
 * thousands of levels deep overflows leveldb's encoder inside a write that then never settles,
 * which would stop every later save. Known before written, so the local feed sees echoes.
 */
export function storable(
  docs: Array<Record<string, unknown>>,
  known: KnownRevs,
  withinLimits?: ReadonlySet<Record<string, unknown>>,
): { ok: Array<Record<string, unknown>>; skipped: Map<string, { rev: string; reason: string }> } {
  const ok: Array<Record<string, unknown>> = [];
  const skipped = new Map<string, { rev: string; reason: string }>();
  for (const d of docs) {
    // A document read from JSON text too small and shallow to break a limit need not be measured.
    const problem = withinLimits?.has(d) ? null : jsonLimitProblem(d);
    const id = typeof d._id === 'string' ? d._id : '';
    const rev = typeof d._rev === 'string' ? d._rev : '';
    if (problem || !id || !rev) skipped.set(id || '(no id)', { rev, reason: problem?.message ?? 'no _id or _rev' });
    else {
      known.add(id, rev);
      ok.push(d);
    }
  }
  return { ok, skipped };
}

/** Writes server documents locally (as the replicator would); what cannot be stored is returned. */
export async function writeLocal(
  local: Db,
  docs: Array<Record<string, unknown>>,
  known: KnownRevs,
  withinLimits?: ReadonlySet<Record<string, unknown>>,
): Promise<{ written: number; refused: Map<string, string> }> {
  const { ok, skipped } = storable(docs, known, withinLimits);
  const refused = new Map<string, string>();
  for (const [id, s] of skipped) refused.set(id, s.reason);
  if (ok.length > 0) for (const [id, reason] of failures(await storeAsIs(local, ok))) refused.set(id, reason);
  return { written: ok.length - (refused.size - skipped.size), refused };
}

/** Server → local, for changes the watcher just saw. Never throws on odd documents: they are counted. */
export async function fastPull(
  local: Db,
  remote: Db,
  changes: Array<{ id: string; revs: string[] }>,
  known: KnownRevs,
  /** The caller has just asked the local db which are missing (the watcher): not asked again. */
  missingHere = false,
): Promise<{ pulled: number; refused: Map<string, string> }> {
  const want: Record<string, string[]> = {};
  for (const c of changes) {
    const revs = c.revs.filter((rev) => !known.has(c.id, rev));
    if (revs.length) want[c.id] = revs;
  }
  if (Object.keys(want).length === 0) return { pulled: 0, refused: new Map() };
  const diff = missingHere
    ? Object.fromEntries(Object.entries(want).map(([id, missing]) => [id, { missing }]))
    : ((await local.revsDiff(want)) as Record<string, { missing?: string[] }>);
  const refs: RevRef[] = [];
  for (const [id, d] of Object.entries(diff)) for (const rev of d.missing ?? []) refs.push({ id, rev });
  if (refs.length === 0) return { pulled: 0, refused: new Map() };
  const { written, refused } = await writeLocal(local, await readWithHistory(remote, refs), known);
  return { pulled: written, refused };
}
