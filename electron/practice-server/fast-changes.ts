// The normal (non-live) `_changes` feed, read straight from PouchDB's leveldb files and streamed.
// express-pouchdb answers it through PouchDB's changes(): one leveldb get per row, the whole
// answer held in memory, then one JSON.stringify of it (a first pull of 54,000 documents: 7-11 s).
// Here the same rows come out of the same stores in batches (one getMany of the document
// metadata per batch, the next batch read while this one is written) and each row is written as
// soon as it is built, with the logic of pouchdb-node 9.0.0's leveldb adapter (`api._changes`
// here, `processChange` and `filterChange` in fast-changes-rows.ts) copied step by step, so the
// body is byte for byte what express-pouchdb answers. Only the cases it
// answers exactly are taken (see planOf); everything else goes on to express-pouchdb.
// Mounted after the database gate (server.ts), so membership is checked before it runs.
import { createRequire } from 'node:module';
import type { NextFunction, Request, Response } from 'express';
import { rowText, storedOf, winningRev, type Metadata, type Stored } from './fast-changes-rows';

const require = createRequire(import.meta.url);
// The leveldown (and vuvuzela) pouchdb-node itself loads, not whatever a bare require finds.
const pouchRequire = createRequire(require.resolve('pouchdb-node'));

type Cb<T> = (err: unknown, value?: T) => void;
type Raw = string | Buffer;
type RawIterator = { next(cb: (err: unknown, key?: Raw, value?: Raw) => void): void; end(cb: Cb<void>): void };
type RawStore = {
  status: string;
  iterator(opts: object): RawIterator;
  get(key: string, opts: object, cb: Cb<Raw>): void;
  getMany(keys: string[], opts: object, cb: Cb<Array<Raw | undefined>>): void;
};
type LeveldownCtor = ((location: string) => RawStore) & Record<string, unknown>;
const leveldown = pouchRequire('leveldown') as LeveldownCtor;
// The store layout and the adapter logic below are pouchdb-node 9.0.0's: any other version
// leaves every request to express-pouchdb until this file is checked against it.
const PINNED = (require('pouchdb-node/package.json') as { version: string }).version === '9.0.0';
const vuvuzela = pouchRequire('vuvuzela') as { parse(s: string): unknown };

export type RawStores = {
  /** Pass as PouchDB's `db` option: opens databases as pouchdb-node would, and remembers them. */
  leveldown: LeveldownCtor;
  /** The open leveldb store behind a PouchDB database's location, if any. */
  find(location: string): RawStore | undefined;
};

export function rawStores(): RawStores {
  const open = new Map<string, RawStore>();
  // Named as leveldown's own constructor: pouchdb-node keys its cache of open stores by the name.
  const LevelDOWN = function LevelDOWN(location: string): RawStore {
    const store = leveldown(location);
    open.set(location, store);
    return store;
  } as LeveldownCtor;
  LevelDOWN.destroy = leveldown.destroy; // used by PouchDB's destroy()
  LevelDOWN.repair = leveldown.repair;
  return {
    leveldown: LevelDOWN,
    find: (location) => {
      const store = open.get(location);
      return store?.status === 'open' ? store : undefined;
    },
  };
}

// pouchdb-node 9.0.0's store layout: sublevel keys '\xff' + name + '\xff' + key, sequences as
// 16 digits, documents (by-sequence) as JSON, metadata (document-store) as JSON with vuvuzela
// as the fallback for what JSON.parse cannot take.
const BY_SEQ = '\xffby-sequence\xff';
const DOC_STORE = '\xffdocument-store\xff';
const formatSeq = (n: number): string => ('0000000000000000' + n).slice(-16);
const text = (v: Raw): string => (typeof v === 'string' ? v : v.toString('utf8'));
function safeJsonParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return vuvuzela.parse(s);
  }
}

export type Plan = {
  since: number;
  limit: number;
  includeDocs: boolean;
  allDocs: boolean;
  conflicts: boolean;
  descending: boolean;
};
const HANDLED = new Set(['since', 'limit', 'include_docs', 'style', 'conflicts', 'descending', 'feed']);
const isBool = (v: unknown): v is boolean | undefined => v === undefined || typeof v === 'boolean';

/**
 * The request as this fast path answers it, or null to leave it to express-pouchdb: only the
 * parameters above, with values as express-pouchdb's query normalization (JSON.parse) gives
 * them and PouchDB reads them the plain way (a non-negative integer `since`, an integer `limit`,
 * booleans, style all_docs or main_only). Anything else (since=now, filters, attachments,
 * malformed values) keeps express-pouchdb's answer, errors and quirks included.
 */
export function planOf(query: Record<string, unknown>): Plan | null {
  if (Object.keys(query).some((k) => !HANDLED.has(k))) return null;
  const { since = 0, limit, include_docs, style = 'main_only', conflicts, descending, feed = 'normal' } = query;
  if (feed !== 'normal' || (style !== 'all_docs' && style !== 'main_only')) return null;
  if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) return null;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit))) return null;
  if (!isBool(include_docs) || !isBool(conflicts) || !isBool(descending)) return null;
  return {
    since,
    limit: limit === undefined ? 0 : Math.max(1, limit), // express-pouchdb: limit < 1 → 1; 0 = none
    includeDocs: include_docs === true,
    allDocs: style === 'all_docs',
    conflicts: conflicts === true,
    descending: descending === true,
  };
}

const getRaw = (store: RawStore, key: string): Promise<Raw> =>
  new Promise((resolve, reject) => store.get(key, { asBuffer: false }, (err, v) => (err ? reject(err) : resolve(v!))));

const promised = <T>(fn: (cb: Cb<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))));

const BATCH_ROWS = 1000;

type Batch = { rows: Array<[number, Stored]>; metas: Array<Raw | undefined> };

/** Up to `n` by-sequence rows ([seq, document]) and the metadata of their documents. */
async function nextBatch(store: RawStore, it: RawIterator, n: number): Promise<Batch> {
  const rows = await new Promise<Array<[number, Stored]>>((resolve, reject) => {
    const out: Array<[number, Stored]> = [];
    const step = (): void =>
      it.next((err, k, v) => {
        if (err) return reject(err);
        if (k === undefined || v === undefined) return resolve(out);
        try {
          out.push([parseInt(text(k).slice(BY_SEQ.length), 10), storedOf(text(v))]);
        } catch (e) {
          return reject(e);
        }
        if (out.length < n) step();
        else resolve(out);
      });
    step();
  });
  if (rows.length === 0) return { rows, metas: [] };
  const keys = rows.map(([, doc]) => DOC_STORE + doc.id);
  const metas = await promised<Array<Raw | undefined>>((cb) =>
    store.getMany(keys, { asBuffer: false, fillCache: false }, cb),
  );
  return { rows, metas };
}

type Sink = { write(chunk: string): Promise<boolean> };

/** Writes the feed's rows to `sink` (comma-separated); answers last_seq. */
async function readFeed(store: RawStore, plan: Plan, sink: Sink): Promise<number> {
  const it = store.iterator({
    gte: plan.descending ? BY_SEQ : BY_SEQ + formatSeq(plan.since), // descending ignores since
    lt: BY_SEQ + '\xff',
    reverse: plan.descending,
    keyAsBuffer: false,
    valueAsBuffer: false,
  });
  let called = 0;
  let lastSeq = plan.since;
  const want = () => (plan.limit ? Math.min(BATCH_ROWS, Math.max(plan.limit - called, 16)) : BATCH_ROWS);
  // The next batch is read while this one is turned into JSON (leveldb works on other threads).
  let pending: Promise<Batch> | undefined = nextBatch(store, it, want());
  try {
    for (;;) {
      const { rows, metas } = await (pending ?? nextBatch(store, it, want()));
      pending = undefined;
      if (rows.length === 0) return lastSeq;
      if (!plan.limit || plan.limit - called > rows.length) {
        pending = nextBatch(store, it, want());
        pending.catch(() => undefined); // its error is taken when it is awaited, not as unhandled
      }
      let out = '';
      for (let i = 0; i < rows.length; i++) {
        if (plan.limit && called >= plan.limit) break;
        const [seq, doc] = rows[i]!;
        if (seq === plan.since && !plan.descending) continue;
        const raw = metas[i];
        if (raw === undefined) throw new Error(`fast _changes: no metadata for ${doc.id}`);
        const metadata = safeJsonParse(text(raw)) as Metadata;
        if (metadata.id.startsWith('_local/') || metadata.seq !== seq) continue; // a later seq holds it
        lastSeq = seq;
        const win = metadata.winningRev ?? winningRev(metadata);
        const winner =
          win === doc.rev ? doc : storedOf(text(await getRaw(store, BY_SEQ + formatSeq(metadata.rev_map[win]!))));
        out += (called ? ',' : '') + rowText(winner, metadata, plan);
        called++;
      }
      if (!(await sink.write(out))) return lastSeq; // the client went away
      if (plan.limit && called >= plan.limit) return lastSeq;
    }
  } finally {
    await pending?.catch(() => undefined); // the iterator must be idle before it ends
    await promised<void>((cb) => it.end(cb)).catch(() => undefined);
  }
}

/** Waits for the socket to take more; false once the response is gone. */
function responseSink(res: Response): Sink {
  return {
    write: (chunk) => {
      if (res.destroyed) return Promise.resolve(false);
      if (chunk === '' || res.write(chunk)) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean) => () => {
          res.off('drain', onDrain).off('close', onClose);
          resolve(ok);
        };
        const onDrain = done(true);
        const onClose = done(false);
        res.on('drain', onDrain).on('close', onClose);
      });
    },
  };
}

type PouchDb = { name: string; __opts?: { name?: unknown } };

/** Express middleware: answers GET /{db}/_changes when planOf takes it, else next(). */
export function fastChanges(stores: RawStores) {
  return function fastChangesRoute(req: Request, res: Response, next: NextFunction): void {
    const db = (req as unknown as { db?: PouchDb }).db;
    const parts = req.path.split('/');
    if (req.method !== 'GET' || !db || parts.length !== 3 || parts[0] !== '' || parts[2] !== '_changes') return next();
    // A fractional limit makes PouchDB throw inside its stream: express-pouchdb would never answer.
    const limit = (req.query as Record<string, unknown>).limit;
    if (typeof limit === 'number' && !Number.isInteger(limit)) {
      res.status(400).json({ error: 'query_parse_error', reason: `Invalid value for integer: "${limit}"` });
      return;
    }
    const location = db.__opts?.name;
    const store = typeof location === 'string' ? stores.find(location) : undefined;
    const plan = planOf(req.query as Record<string, unknown>);
    // System databases (_users, _replicator) keep express-pouchdb's wrappers around changes().
    if (!PINNED || !store || !plan || db.name.startsWith('_')) return next();
    // The content type express-pouchdb answers with (utils.setJsonOrPlaintext).
    if (req.accepts(['text', 'json']) === 'json') res.setHeader('Content-Type', 'application/json');
    else res.type('text/plain');
    res.status(200);
    const sink = responseSink(res);
    void sink
      .write('{"results":[')
      .then(() => readFeed(store, plan, sink))
      .then((lastSeq) => {
        if (!res.destroyed) res.end(`],"last_seq":${JSON.stringify(lastSeq)}}\n`);
      })
      .catch((err: unknown) => {
        // Half an answer must not pass for a whole one: cut the connection.
        process.stderr.write(
          `practice-server: fast _changes failed: ${err instanceof Error ? err.stack : String(err)}\n`,
        );
        res.destroy();
      });
  };
}
