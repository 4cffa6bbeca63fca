// The core's PouchDB types, and typed wrappers for the calls whose options and answers PouchDB's
// typings leave loose (changes with every leaf, documents with their history, open_revs, writes
// that keep the revision as it came). One place where the untyped edges are crossed.
import type PouchDB from 'pouchdb-node';
import type { JsonObject } from '../../../shared/conflicts/json';
import type { Seq } from '../sync/seq';

export type Body = Record<string, unknown>;

/** Any PouchDB database the core talks to: the local one, or the practice server's over HTTP. */
export type AnyDb = PouchDB.Database<Body>;

/** The workstation's own database on disk; only openLocalDb (store/open.ts) makes one. */
export type LocalDb = AnyDb & { readonly __localDb: true };

/** A document as stored, with the metadata the sync and merge code reads. */
export type StoredDoc = Body & {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _conflicts?: string[];
  _revisions?: { start: number; ids: string[] };
};

/** One entry of a changes feed read with style=all_docs: every leaf revision of the document. */
export type Change = { id: string; seq: Seq; changes: Array<{ rev: string }>; deleted?: boolean };

export type RevRef = { id: string; rev: string };

/** A write's per-document answer: `error` set when refused. */
export type WriteResult = { id?: string; rev?: string; error?: unknown; reason?: unknown; message?: unknown };

/** The changes after `since`, every leaf revision of each, at most `limit`. */
export async function changesSince(
  db: AnyDb,
  since: Seq,
  limit?: number,
): Promise<{ results: Change[]; lastSeq: Seq }> {
  const res = await db.changes({ since, style: 'all_docs', return_docs: true, ...(limit ? { limit } : {}) });
  const results = res.results.map((r) => ({
    id: r.id,
    seq: r.seq,
    changes: r.changes,
    ...(r.deleted ? { deleted: true } : {}),
  }));
  return { results, lastSeq: res.last_seq };
}

/** These revisions with their history and attachments, as the replication protocol sends them. */
export async function readWithHistory(db: AnyDb, refs: RevRef[]): Promise<StoredDoc[]> {
  const got = await db.bulkGet({ docs: refs.map((r) => ({ id: r.id, rev: r.rev })), revs: true, attachments: true });
  const docs: StoredDoc[] = [];
  for (const r of got.results) for (const d of r.docs) if ('ok' in d) docs.push(d.ok as StoredDoc);
  return docs;
}

/** Every leaf of a document (deleted ones included), optionally with each one's history. */
export async function leavesOf(db: AnyDb, id: string, revs = false): Promise<StoredDoc[]> {
  const res = await db.get(id, { open_revs: 'all', revs });
  return res.flatMap((l) => ('ok' in l ? [l.ok as StoredDoc] : []));
}

/** A body read from the database is JSON by construction (it was stored as JSON). */
export function jsonBody(doc: Body): JsonObject {
  return doc as JsonObject;
}

/** Writes revisions exactly as they came (new_edits=false), as replication does. */
export async function writeAsIs(db: AnyDb, docs: Body[]): Promise<WriteResult[]> {
  const res = await db.bulkDocs(docs as Array<PouchDB.Core.PutDocument<Body>>, { new_edits: false });
  return res as WriteResult[];
}

/** What storeAsIs reads of PouchDB 9's own fields (pinned in package-lock; store-as-is.test.ts). */
type Internals = {
  adapter?: unknown;
  _closed?: boolean;
  _destroyed?: boolean;
  taskqueue?: { isReady?: boolean };
  _bulkDocs?: (
    req: { docs: Body[] },
    opts: { new_edits: false },
    cb: (err: unknown, res?: WriteResult[]) => void,
  ) => void;
};

const VALID_REV = /^\d+-[^-]*$/;

/**
 * writeAsIs for documents handed over (read from the server, used for nothing else after): the
 * same write to the local leveldb without the deep copy PouchDB makes of every call's arguments
 * (a first pull of 54,031 documents: 6.95 -> 5.76 s, bench/first-pull.ts). PouchDB then marks the documents up (its
 * `_rev_tree`), so they must not be reused. Anything unusual takes PouchDB's own path: a database
 * not open and ready, attachments (PouchDB's API trims their fields), an odd document or revision
 * (its API answers with the error).
 */
export async function storeAsIs(db: AnyDb, docs: Body[]): Promise<WriteResult[]> {
  const p = db as unknown as Internals;
  const plain =
    p.adapter === 'leveldb' &&
    !p._closed &&
    !p._destroyed &&
    p.taskqueue?.isReady === true &&
    typeof p._bulkDocs === 'function' &&
    docs.every(
      (d) =>
        typeof d === 'object' &&
        d !== null &&
        !Array.isArray(d) &&
        d._attachments === undefined &&
        typeof d._rev === 'string' &&
        VALID_REV.test(d._rev),
    );
  if (!plain || docs.length === 0) return writeAsIs(db, docs);
  // As PouchDB's bulkDocs: the revisions of one document in order of their history (#2935).
  const sorted = docs.slice().sort(byIdThenRevisions);
  const ids = sorted.map((d) => d._id);
  const res = await new Promise<WriteResult[]>((resolve, reject) => {
    try {
      p._bulkDocs!.call(db, { docs: sorted }, { new_edits: false }, (err, out) =>
        err ? reject(err) : resolve(out ?? []),
      );
    } catch (err) {
      reject(err); // PouchDB's own path turns a throw into a refused promise too
    }
  });
  // As PouchDB's bulkDocs answers a new_edits=false write: the refusals only, each with its id.
  const out: WriteResult[] = [];
  res.forEach((r, i) => {
    const id = r?.id ?? ids[i];
    if (r?.error) out.push(typeof id === 'string' ? { ...r, id } : r);
  });
  return out;
}

function byIdThenRevisions(a: Body, b: Body): number {
  if (a._id === b._id) return startOf(a) - startOf(b);
  return String(a._id) < String(b._id) ? -1 : 1;
}

const startOf = (d: Body): number => {
  const r = d._revisions as { start?: unknown } | undefined;
  return typeof r?.start === 'number' ? r.start : 0;
};
