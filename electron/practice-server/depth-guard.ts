// Documents nested thousands of levels deep. CouchDB 3 stores them (6,000 levels are 36 KB);
// PouchDB recurses over a document while writing it (JSON.stringify for its revision hash and in
// leveldb's value encoding), so how deep a document this server can store is set by the V8
// stack. Overflowing inside a leveldb write is worse than an error: the write never settles and
// every later write to that database queues behind it. So the dev server runs with a larger V8
// stack (--stack-size, inside the 8 MB main-thread stack), and refuses, cleanly and before
// PouchDB sees it, any document deeper than that stack can take.
import { readFileSync } from 'node:fs';

/** V8 stack for the dev server process, in KB (V8's default is 984); JSON.stringify reaches about 16,500 levels in it. */
export const SERVER_STACK_KB = 3_900;
const V8_DEFAULT_STACK_KB = 984;
// JSON.stringify takes about 240 bytes of stack a level (Node 20); counting 400 leaves room for
// the request's own frames and for PouchDB's other recursive steps.
const STACK_BYTES_PER_LEVEL = 400;

/** The main thread's stack in KB where it can be known (Linux: the soft RLIMIT_STACK). */
function mainThreadStackKb(): number {
  if (process.platform === 'darwin') return 8_192; // macOS gives the main thread 8 MB
  if (process.platform !== 'linux') return 0; // unknown here: keep V8's default
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max stack size'));
    const soft = line?.slice('Max stack size'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return Infinity;
    const bytes = Number(soft);
    return Number.isFinite(bytes) ? bytes / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The node flags the dev server process runs with: the larger V8 stack where the main thread's
 * stack has room for it with a wide margin (a V8 limit beyond the real stack would crash, not
 * throw), none elsewhere (deep documents are then refused earlier).
 */
export function serverNodeFlags(): string[] {
  return mainThreadStackKb() >= 2 * SERVER_STACK_KB ? [`--stack-size=${SERVER_STACK_KB}`] : [];
}

/** Whether this process was started with a V8 stack size of its own. */
export function hasStackSizeFlag(): boolean {
  return process.execArgv.some((a) => a.startsWith('--stack-size'));
}

/** This process's V8 stack limit in KB. */
function v8StackKb(): number {
  const flag = [...process.execArgv].reverse().find((a) => a.startsWith('--stack-size='));
  const kb = flag === undefined ? NaN : Number(flag.slice('--stack-size='.length));
  return Number.isFinite(kb) && kb > 0 ? kb : V8_DEFAULT_STACK_KB;
}

/** The deepest document this process stores (about 10,000 levels with SERVER_STACK_KB, 2,500 without). */
export function storableDepth(): number {
  return Math.floor((v8StackKb() * 1024) / STACK_BYTES_PER_LEVEL);
}

/**
 * Depth of nested objects and arrays (`{}` is 1), counted without recursion; stops once past
 * `limit`. Binary attachment data (Buffers) counts as a value, not as an object of bytes.
 */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    const level = d + 1;
    if (level > deepest) {
      deepest = level;
      if (deepest > limit) return deepest;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, level]);
    }
  }
  return deepest;
}

type Callback = (err: unknown, result?: unknown) => void;
type AdapterApi = {
  _bulkDocs: (req: { docs?: unknown }, opts: unknown, cb: Callback) => void;
  _putLocal: (doc: unknown, opts: unknown, cb?: Callback) => void;
};
type Adapter = ((this: AdapterApi, opts: unknown, cb: Callback) => void) & {
  valid?: unknown;
  use_prefix?: unknown;
  unguarded?: Adapter; // set on the guarded adapter: guarding again replaces the guard
};

function tooDeep(doc: unknown, maxDepth: number): Error {
  const id = typeof doc === 'object' && doc !== null ? (doc as { _id?: unknown })._id : undefined;
  return Object.assign(
    new Error(
      `Document ${typeof id === 'string' ? `${id} ` : ''}is nested more than ${maxDepth} levels deep: ` +
        'more than this dev server can store.',
    ),
    { status: 413, name: 'document_too_large', error: true },
  );
}

/**
 * Wraps PouchDB's leveldb adapter so that every database it opens checks each document's depth
 * before its write is queued: `_bulkDocs` (PUT, POST, _bulk_docs, attachments, replication) and
 * `_putLocal` (`_local` documents, `_security`). Call before any database is opened.
 */
export function guardDocumentDepth(PouchDB: { adapters: Record<string, Adapter | undefined> }, maxDepth: number): void {
  const current = PouchDB.adapters.leveldb;
  const original = current?.unguarded ?? current;
  if (!original) throw new Error('practice-server: PouchDB has no leveldb adapter to guard');
  const guarded: Adapter = function (this: AdapterApi, opts, cb) {
    original.call(this, opts, cb);
    const bulkDocs = this._bulkDocs;
    const putLocal = this._putLocal;
    this._bulkDocs = function (req, bulkOpts, done) {
      const docs = Array.isArray(req.docs) ? (req.docs as unknown[]) : [];
      const deep = docs.find((d) => depthOf(d, maxDepth) > maxDepth);
      if (deep !== undefined) return done(tooDeep(deep, maxDepth));
      bulkDocs.call(this, req, bulkOpts, done);
    };
    this._putLocal = function (doc, localOpts, done) {
      const callback = typeof localOpts === 'function' ? (localOpts as Callback) : done;
      if (callback && depthOf(doc, maxDepth) > maxDepth) return callback(tooDeep(doc, maxDepth));
      putLocal.call(this, doc, localOpts, done);
    };
  };
  guarded.valid = original.valid;
  guarded.use_prefix = original.use_prefix;
  guarded.unguarded = original;
  PouchDB.adapters.leveldb = guarded;
}
