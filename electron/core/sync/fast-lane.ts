// The fast lane: a handful of documents copied at once, outside the checkpointed bulk
// replications, so a clinician's edit never waits behind a bulk transfer. It speaks the same
// replication protocol (revs_diff / _bulk_get / _bulk_docs with new_edits=false), so the bulk
// lane later sees these revisions as already present and skips them.
import type { KnownRevs } from './known-revs';
import type { Db } from './types';

export type RevRef = { id: string; rev: string };

type BulkGetResult = { results: Array<{ id: string; docs: Array<{ ok?: Record<string, unknown>; error?: unknown }> }> };
type WriteResult = Array<{ id?: string; rev?: string; error?: unknown; reason?: unknown; message?: unknown }>;

async function readWithHistory(from: Db, refs: RevRef[]): Promise<Array<Record<string, unknown>>> {
  const got = (await from.bulkGet({ docs: refs, revs: true, attachments: true } as never)) as unknown as BulkGetResult;
  const docs: Array<Record<string, unknown>> = [];
  for (const r of got.results) for (const d of r.docs) if (d.ok) docs.push(d.ok);
  return docs;
}

/** Ids whose write was refused, with the reason (a validation rule, a forbidden write …). */
function failures(result: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(result)) return out;
  for (const r of result as WriteResult) {
    if (r && typeof r === 'object' && r.error && typeof r.id === 'string') {
      out.set(r.id, String(r.reason ?? r.message ?? r.error));
    }
  }
  return out;
}

/** Local → server. Returns the refs now known to be on the server and the refused ones. */
export async function fastPush(
  local: Db,
  remote: Db,
  refs: RevRef[],
  known: KnownRevs,
): Promise<{ pushed: number; refused: Map<string, string> }> {
  const todo = refs.filter((r) => !r.id.startsWith('_design/') && !known.has(r.id, r.rev));
  if (todo.length === 0) return { pushed: 0, refused: new Map() };
  const docs = await readWithHistory(local, todo);
  if (docs.length === 0) return { pushed: 0, refused: new Map() };
  const refused = failures(await remote.bulkDocs(docs as never, { new_edits: false }));
  let pushed = 0;
  for (const d of docs) {
    const id = String(d._id);
    if (!refused.has(id)) {
      known.add(id, String(d._rev));
      pushed++;
    }
  }
  return { pushed, refused };
}

/** Server → local, for changes the watcher just saw. Never throws on odd documents: they are counted. */
export async function fastPull(
  local: Db,
  remote: Db,
  changes: Array<{ id: string; revs: string[] }>,
  known: KnownRevs,
): Promise<{ pulled: number; refused: Map<string, string> }> {
  const want: Record<string, string[]> = {};
  for (const c of changes) {
    const revs = c.revs.filter((rev) => !known.has(c.id, rev));
    if (revs.length) want[c.id] = revs;
  }
  if (Object.keys(want).length === 0) return { pulled: 0, refused: new Map() };
  const diff = (await local.revsDiff(want)) as Record<string, { missing?: string[] }>;
  const refs: RevRef[] = [];
  for (const [id, d] of Object.entries(diff)) for (const rev of d.missing ?? []) refs.push({ id, rev });
  if (refs.length === 0) return { pulled: 0, refused: new Map() };
  const docs = await readWithHistory(remote, refs);
  const refused = failures(await local.bulkDocs(docs as never, { new_edits: false }));
  let pulled = 0;
  for (const d of docs) {
    const id = String(d._id);
    if (!refused.has(id)) {
      known.add(id, String(d._rev));
      pulled++;
    }
  }
  return { pulled, refused };
}
