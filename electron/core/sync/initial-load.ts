// The initial load: an empty workstation's first pull, faster than PouchDB's replicator.
//
// The replicator spends most of a first pull asking questions whose answer is known: revs_diff
// for revisions the empty side cannot have, then _bulk_get for each document. Here the server's
// `_changes?include_docs=true&style=all_docs` is streamed in a few large requests and cut into
// pages as it arrives (load-reader.ts): page N is written while page N+1 is on the wire, parsed
// once, never re-serialised. A document whose whole revision tree is its one first revision
// (a single leaf "1-…", not deleted, no attachments) is written as it came with
// `bulkDocs(new_edits: false)`: that is exactly the tree the replicator would build. Anything
// else (history, conflicts, deletions, attachments, design documents) goes through the
// replication protocol (revs_diff + _bulk_get with revs) so its tree stays identical too.
//
// Documents changed on the server during the load move to a later seq of the feed, so a later
// page brings them again. The caller stores each page's seq (a restart resumes there) and then
// starts normal replication at the seq reached. Refusals stay: a document too deep or too large
// is measured (limits.ts) unless its row was too small and shallow to be either.
import { fastPull, writeLocal } from './fast-lane';
import type { KnownRevs } from './known-revs';
import { changeOf, readFeed, type ChangeWithDoc, type Page } from './load-reader';
import type { Seq } from './seq';
import type { Transport } from './transport';
import type { Db } from './types';

export type { ChangeWithDoc } from './load-reader';

export type InitialLoadOptions = {
  local: Db;
  remote: Db;
  fetch: Transport['fetch'];
  /** The practice database's URL (no credentials). */
  dbUrl: string;
  since: Seq;
  /** Rows per write (and per stored checkpoint). */
  pageSize: number;
  /** Rows asked for per request. */
  requestSize: number;
  known: KnownRevs;
  /** A page is written (`written` revisions, each a local seq): store `seq` so a restart resumes there. */
  onPage(seq: Seq, read: number, written: number): Promise<void>;
  /** Documents that could not be stored here, with the reason. */
  onRefused(refused: Map<string, string>): void;
  cancelled(): boolean;
};

export type InitialLoadResult = { lastSeq: Seq; read: number; direct: number; viaProtocol: number; refused: number };

const PROTOCOL_CHUNK = 100;
/**
 * Pages read ahead of the writer: a whole request's worth and one more, so the next request is
 * asked for (and the server prepares it) while this one's pages are written; at most AHEAD_ROWS
 * parsed documents, so memory does not grow with the request size.
 */
const AHEAD_ROWS = 24_000;
const ahead = (o: InitialLoadOptions) =>
  Math.max(2, Math.ceil(Math.min(o.requestSize + o.pageSize, AHEAD_ROWS) / o.pageSize));

/** The rows of a changes feed answer (odd rows left out: the next round's replication sees them). */
export function parseChanges(results: unknown[]): ChangeWithDoc[] {
  const changes: ChangeWithDoc[] = [];
  for (const r of results) {
    const c = changeOf(r);
    if (c) changes.push({ id: c.id, revs: c.revs, deleted: c.deleted, doc: c.doc });
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
  const small = new Set<Record<string, unknown>>();
  const other: Array<{ id: string; revs: string[] }> = [];
  for (const c of changes) {
    if (writableAsIs(c)) {
      direct.push(c.doc!);
      if (c.withinLimits) small.add(c.doc!);
    } else if (c.revs.length > 0) other.push({ id: c.id, revs: c.revs });
  }
  if (direct.length > 0) {
    const { written, refused } = await writeLocal(local, direct, known, small);
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

/** Writes a page; the revisions written. Those known here already (the fast lanes, the watcher)
 * are left out: written again they would take no seq, and the count would hide another writer's. */
async function writePage(o: InitialLoadOptions, page: Page, res: InitialLoadResult): Promise<number> {
  const todo = page.changes.filter((x) => !o.known.hasAll(x.id, x.revs));
  const { direct, viaProtocol, refused } = await writeChanges(o.local, o.remote, todo, o.known);
  res.direct += direct;
  res.viaProtocol += viaProtocol;
  if (refused.size) {
    res.refused += refused.size;
    o.onRefused(refused);
  }
  return direct + viaProtocol;
}

export async function initialLoad(o: InitialLoadOptions): Promise<InitialLoadResult> {
  const res: InitialLoadResult = { lastSeq: o.since, read: 0, direct: 0, viaProtocol: 0, refused: 0 };
  const feed = readFeed({ ...o, ahead: ahead(o) });
  // Time the writer waited for the feed, and spent writing: which side sets the pace.
  const spent = { waiting: 0, writing: 0 };
  let t = performance.now();
  const lap = (k: keyof typeof spent) => {
    const now = performance.now();
    spent[k] += now - t;
    t = now;
  };
  try {
    for (let page = await feed.take(); page; page = await feed.take()) {
      lap('waiting');
      if (o.cancelled()) throw new Error('replication cancelled');
      const written = await writePage(o, page, res);
      res.read += page.rows;
      res.lastSeq = page.lastSeq;
      await o.onPage(page.lastSeq, res.read, written);
      lap('writing');
    }
  } finally {
    feed.stop(); // a failed write or a cancel: the reader lets go of its socket
    if (process.env.CW_SYNC_TRACE)
      console.log(
        `[trace] initial load: ${res.read} rows, waited ${Math.round(spent.waiting)} ms, wrote ${Math.round(spent.writing)} ms`,
      );
  }
  return res;
}
