// The initial load: an empty workstation's first pull, faster than PouchDB's replicator.
//
// The replicator spends most of a first pull asking questions whose answer is known: revs_diff
// for revisions the empty side cannot have, then _bulk_get for each document. Here the server's
// `_changes?include_docs=true&style=all_docs` is read in pages (the next page is fetched while
// this one is written), and a document whose whole revision tree is its one first revision
// (a single leaf "1-…", not deleted, no attachments) is written as it came with
// `bulkDocs(new_edits: false)`: that is exactly the tree the replicator would build. Anything
// else (history, conflicts, deletions, attachments, design documents) goes through the
// replication protocol (revs_diff + _bulk_get with revs) so its tree stays identical too.
//
// Documents changed on the server during the load move to a later seq of the feed, so a later
// page brings them again. The caller stores each page's seq (a restart resumes there) and then
// starts normal replication at the seq reached.
import { fastPull, writeLocal } from './fast-lane';
import type { KnownRevs } from './known-revs';
import { isSeq, seqParam, type Seq } from './seq';
import type { Transport } from './transport';
import type { Db } from './types';

export type InitialLoadOptions = {
  local: Db;
  remote: Db;
  json: Transport['json'];
  /** The practice database's URL (no credentials). */
  dbUrl: string;
  since: Seq;
  pageSize: number;
  known: KnownRevs;
  /** A page is written: store `seq` so a restart resumes there. */
  onPage(seq: Seq, read: number): Promise<void>;
  /** Documents that could not be stored here, with the reason. */
  onRefused(refused: Map<string, string>): void;
  cancelled(): boolean;
};

export type InitialLoadResult = { lastSeq: Seq; read: number; direct: number; viaProtocol: number; refused: number };

/** A row of `_changes?style=all_docs&include_docs=true`. */
export type ChangeWithDoc = { id: string; revs: string[]; deleted: boolean; doc: Record<string, unknown> | null };
type Page = { changes: ChangeWithDoc[]; lastSeq: Seq; rows: number };

const PROTOCOL_CHUNK = 100;

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

async function fetchPage(o: InitialLoadOptions, since: Seq): Promise<Page> {
  const url = `${o.dbUrl}/_changes?style=all_docs&include_docs=true&limit=${o.pageSize}&since=${seqParam(since)}`;
  const r = await o.json(url);
  if (r.status !== 200 || !isObj(r.body) || !Array.isArray(r.body.results) || !isSeq(r.body.last_seq)) {
    const reason =
      isObj(r.body) && typeof r.body.reason === 'string' ? r.body.reason : `changes feed answered ${r.status}`;
    throw Object.assign(new Error(reason), { status: r.status });
  }
  return { changes: parseChanges(r.body.results), lastSeq: r.body.last_seq, rows: r.body.results.length };
}

/** The rows of a changes feed answer (odd rows left out: the next round's replication sees them). */
export function parseChanges(results: unknown[]): ChangeWithDoc[] {
  const changes: ChangeWithDoc[] = [];
  for (const c of results) {
    if (!isObj(c) || typeof c.id !== 'string' || !Array.isArray(c.changes)) continue;
    const revs = (c.changes as unknown[]).flatMap((x) => (isObj(x) && typeof x.rev === 'string' ? [x.rev] : []));
    changes.push({ id: c.id, revs, deleted: c.deleted === true, doc: isObj(c.doc) ? c.doc : null });
  }
  return changes;
}

/** True when the document as it came is its whole revision tree. */
function writableAsIs(c: ChangeWithDoc): boolean {
  const rev = c.revs[0];
  return (
    c.revs.length === 1 &&
    rev !== undefined &&
    rev.startsWith('1-') &&
    !c.deleted &&
    !c.id.startsWith('_design/') &&
    c.doc !== null &&
    c.doc._rev === rev &&
    c.doc._attachments === undefined
  );
}

/**
 * Writes changes read with their documents: a document that is its whole revision tree as it
 * came, the rest through the replication protocol. Used by the initial load and by the watcher
 * for a burst of changes (a bulk write elsewhere).
 */
export async function writeChanges(
  local: Db,
  remote: Db,
  changes: ChangeWithDoc[],
  known: KnownRevs,
): Promise<{ direct: number; viaProtocol: number; refused: Map<string, string> }> {
  const out = { direct: 0, viaProtocol: 0, refused: new Map<string, string>() };
  const direct: Array<Record<string, unknown>> = [];
  const other: Array<{ id: string; revs: string[] }> = [];
  for (const c of changes) {
    if (writableAsIs(c)) direct.push(c.doc!);
    else if (c.revs.length > 0) other.push({ id: c.id, revs: c.revs });
  }
  if (direct.length > 0) {
    const { written, refused } = await writeLocal(local, direct, known);
    out.direct += written;
    for (const [id, reason] of refused) out.refused.set(id, reason);
  }
  for (let i = 0; i < other.length; i += PROTOCOL_CHUNK) {
    const { pulled, refused } = await fastPull(local, remote, other.slice(i, i + PROTOCOL_CHUNK), known);
    out.viaProtocol += pulled;
    for (const [id, reason] of refused) out.refused.set(id, reason);
  }
  return out;
}

async function writePage(o: InitialLoadOptions, page: Page, res: InitialLoadResult): Promise<void> {
  const { direct, viaProtocol, refused } = await writeChanges(o.local, o.remote, page.changes, o.known);
  res.direct += direct;
  res.viaProtocol += viaProtocol;
  if (refused.size) {
    res.refused += refused.size;
    o.onRefused(refused);
  }
}

export async function initialLoad(o: InitialLoadOptions): Promise<InitialLoadResult> {
  const res: InitialLoadResult = { lastSeq: o.since, read: 0, direct: 0, viaProtocol: 0, refused: 0 };
  let next: Promise<Page> | null = fetchPage(o, o.since);
  try {
    while (next) {
      const page: Page = await next;
      next = null;
      if (o.cancelled()) throw new Error('replication cancelled');
      // A short page is the end of the feed as it stood; later changes are normal replication's.
      if (page.rows >= o.pageSize) {
        next = fetchPage(o, page.lastSeq);
        next.catch(() => undefined); // awaited on the next turn; a failure while writing must not go unhandled
      }
      await writePage(o, page, res);
      res.read += page.rows;
      res.lastSeq = page.lastSeq;
      await o.onPage(page.lastSeq, res.read);
    }
  } finally {
    // Let an abandoned prefetch finish quietly.
    if (next) (next as Promise<Page>).catch(() => undefined);
  }
  return res;
}
