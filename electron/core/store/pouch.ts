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
