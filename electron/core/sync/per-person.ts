// Each person's documents go up with that person's own credential: the server's
// validate_doc_update accepts a document only from its author, and no one else's credential may
// ever carry it. Both push paths (PouchDB's replicator and the fast lane) write through the
// remote's bulkDocs, so the split is made there, on the documents as objects (nothing parsed): a
// batch wholly the sync settings' user's (or without author) is passed through untouched, so the
// common push costs no extra request. Another author's documents go in a request of their own with
// that person's stored credential. A person without one, or whose credential the server refuses,
// gets per-document refusals shaped like CouchDB's (the replicator and the fast lane record them as
// refused, as they do validate_doc_update's), marked `waitingFor` that person.
import { isObj } from './context';
import type { Transport } from './transport';
import type { Db } from './types';

/** The workstation's push credentials per person (only through the secret store). */
export type PushPeople = {
  /** The person's stored password, or undefined when the workstation holds none. */
  password(username: string): Promise<string | undefined>;
  /** The server answered 401 to this person's `password`: it was changed or the account removed. */
  refused(username: string, password: string): Promise<void>;
};

export type PerPersonOptions = {
  transport: Pick<Transport, 'json'>;
  dbUrl: string;
  /** The sync settings' user: their documents go through `remote` as before. */
  settingsUser: () => string;
  people: PushPeople;
};

type Row = Record<string, unknown>;
type Doc = Record<string, unknown>;
type BulkDocs = (docs: unknown, opts?: unknown) => Promise<unknown[]>;

/** A refusal row for a document that waits for its author's next sign-in. */
export function waitingRow(doc: Doc, username: string, reason: string): Row {
  return {
    id: doc._id,
    rev: doc._rev,
    error: 'forbidden',
    reason,
    // What PouchDB's http adapter adds to an error row (the replicator reads `name`).
    name: 'forbidden',
    status: 403,
    message: reason,
    waitingFor: username,
  };
}

/** The author whose credential a document needs, or '' for the settings' user's credential. */
function authorOf(doc: unknown, own: string): string {
  const author = isObj(doc) ? doc.author : undefined;
  return typeof author === 'string' && author !== '' && author !== own ? author : '';
}

/** A server row as PouchDB's http adapter would give it (generateErrorFromResponse). */
function asPouchRow(row: unknown): unknown {
  if (!isObj(row) || !row.error) return row;
  const name = String(row.error);
  const status = name === 'conflict' ? 409 : name === 'forbidden' ? 403 : name === 'unauthorized' ? 401 : 500;
  return { ...row, name, status, message: row.reason ?? name };
}

function httpError(status: number, body: unknown): Error {
  const reason = isObj(body) && typeof body.reason === 'string' ? body.reason : `server answered ${status}`;
  const name = isObj(body) && typeof body.error === 'string' ? body.error : 'unknown';
  return Object.assign(new Error(reason), { status, name, reason });
}

/** Attachments read as bytes travel as base64 in JSON (what PouchDB's http adapter does). */
function forJson(doc: Doc): Doc {
  const atts = doc._attachments;
  if (!isObj(atts)) return doc;
  const out: Record<string, unknown> = {};
  for (const [name, att] of Object.entries(atts))
    out[name] = isObj(att) && Buffer.isBuffer(att.data) ? { ...att, data: att.data.toString('base64') } : att;
  return { ...doc, _attachments: out };
}

/** One person's documents, with their own credential only. */
async function asPerson(o: PerPersonOptions, author: string, docs: Doc[], newEdits: boolean): Promise<unknown[]> {
  const password = await o.people.password(author);
  if (password === undefined)
    return docs.map((d) => waitingRow(d, author, `waiting for ${author} to sign in on this workstation`));
  const res = await o.transport.json(`${o.dbUrl}/_bulk_docs`, {
    method: 'POST',
    body: { docs: docs.map(forJson), new_edits: newEdits },
    credentials: { username: author, password },
  });
  if (Array.isArray(res.body)) return res.body.map(asPouchRow);
  if (res.status === 401) {
    await o.people.refused(author, password);
    return docs.map((d) => waitingRow(d, author, `the server no longer accepts ${author}'s password`));
  }
  // Known to the server but no longer a member: nothing this workstation can fix; wait for them.
  if (res.status === 403) return docs.map((d) => waitingRow(d, author, httpError(403, res.body).message));
  throw httpError(res.status, res.body);
}

/** Answers in the order of the documents when every part answered each of its own, else joined. */
function merge(parts: Array<{ idx: number[]; rows: unknown[] }>, n: number): unknown[] {
  if (!parts.every((p) => p.rows.length === p.idx.length)) return parts.flatMap((p) => p.rows);
  const out = new Array<unknown>(n);
  for (const p of parts) p.idx.forEach((i, k) => (out[i] = p.rows[k]));
  return out;
}

/** The remote, its bulkDocs split by author (see the top of this file); everything else as is. */
export function perPersonRemote(remote: Db, o: PerPersonOptions): Db {
  const base = (remote.bulkDocs as unknown as BulkDocs).bind(remote);
  const bulkDocs: BulkDocs = async (arg, opts) => {
    const req = Array.isArray(arg) ? { docs: arg as unknown[] } : isObj(arg) ? arg : {};
    const docs = Array.isArray(req.docs) ? (req.docs as Doc[]) : [];
    const own = o.settingsUser();
    const groups = new Map<string, number[]>();
    docs.forEach((d, i) => {
      const author = authorOf(d, own);
      const idx = groups.get(author);
      if (idx) idx.push(i);
      else groups.set(author, [i]);
    });
    if (groups.size === 0 || (groups.size === 1 && groups.has(''))) return base(arg, opts);
    const options = isObj(opts) ? opts : {};
    const newEdits = options.new_edits ?? req.new_edits ?? true;
    const parts = await Promise.all(
      [...groups].map(async ([author, idx]) => {
        const mine = idx.map((i) => docs[i] as Doc);
        const rows =
          author === ''
            ? await base(mine, { ...options, new_edits: newEdits })
            : await asPerson(o, author, mine, newEdits !== false);
        return { idx, rows };
      }),
    );
    return merge(parts, docs.length);
  };
  return new Proxy(remote, {
    get(target, prop) {
      if (prop === 'bulkDocs') return bulkDocs;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
