// A first build's full pass, read straight from the leveldb under PouchDB: the changes feed costs
// one metadata lookup per document (serialized, ~10,000 documents/s), this costs two sequential
// passes — the document store (every document's revision tree) and the sequence store (the
// bodies), keeping only the winners' bodies. What it delivers is what
// `changes({include_docs, conflicts, style: 'all_docs'})` delivers for each document (a test
// compares the two). Pinned to pouchdb-adapter-leveldb 9's layout: sublevel keys
// `ÿdocument-storeÿ<id>` (JSON metadata) and `ÿby-sequenceÿ<16-digit seq>` (JSON body). Anything
// unexpected throws RawLayoutError, and the caller reads through PouchDB instead.
import type { RawIterator, RawLevel } from './leveldb-handle';
import type { FeedChange, FeedDoc } from './feed-change';

const DOC_STORE = '\xffdocument-store\xff';
const BY_SEQ = '\xffby-sequence\xff';
/** Past every key of a sublevel: U+0100 encodes above the U+00FF separator. */
const END = '\u0100';
/** Bytes leveldown reads ahead per native call. */
const HIGH_WATER = 1 << 20;

export class RawLayoutError extends Error {}

type RevTreeNode = [string, { status?: string; deleted?: boolean }, RevTreeNode[]];
type Metadata = {
  id: string;
  seq: number;
  rev_tree: Array<{ pos: number; ids: RevTreeNode }>;
  rev_map: Record<string, number>;
  winningRev?: string;
  deleted?: boolean;
};
type Leaf = { rev: string; deleted: boolean };
/** What the second pass needs of a document beyond its winner's body (most documents: nothing). */
type Extra = { seq: number; leaves: string[]; conflicts: string[] };

/** Leaves as PouchDB's collectLeaves orders them: longest branch first, same visiting order. */
export function leavesOf(tree: Metadata['rev_tree']): Leaf[] {
  const out: Array<Leaf & { pos: number }> = [];
  const stack: Array<{ pos: number; node: RevTreeNode }> = tree.map((t) => ({ pos: t.pos, node: t.ids }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [id, opts, branches] = item.node;
    if (branches.length === 0) out.push({ rev: `${item.pos}-${id}`, deleted: opts.deleted === true, pos: item.pos });
    for (const b of branches) stack.push({ pos: item.pos + 1, node: b });
  }
  out.sort((a, b) => a.pos - b.pos).reverse();
  return out.map(({ rev, deleted }) => ({ rev, deleted }));
}

/** PouchDB's winning revision: live before deleted, then the longest branch, then the larger id. */
export function winnerOf(leaves: Leaf[]): Leaf {
  let win: Leaf | undefined;
  let winPos = 0;
  for (const l of leaves) {
    const pos = Number(l.rev.slice(0, l.rev.indexOf('-')));
    const id = l.rev.slice(l.rev.indexOf('-') + 1);
    const better =
      !win ||
      (win.deleted !== l.deleted
        ? win.deleted
        : winPos !== pos
          ? winPos < pos
          : win.rev.slice(win.rev.indexOf('-') + 1) < id);
    if (better) {
      win = l;
      winPos = pos;
    }
  }
  if (!win) throw new RawLayoutError('a document without leaves');
  return win;
}

type Simple = { seq: number; winSeq: number };

/**
 * Most documents have one leaf: their winner and its seq are read off the metadata's text without
 * parsing it (a third of the pass's time). PouchDB writes it as {id, rev_tree, rev, rev_map,
 * winningRev, deleted, seq}; its tree holds only revision hashes and {status, deleted}, so each
 * `[]` in it is a leaf's empty branch list. Anything else: undefined, and it is parsed.
 */
export function simpleMetadata(value: string): Simple | undefined {
  const tree = value.indexOf('"rev_tree":');
  const map = value.indexOf(',"rev_map":{', tree);
  const win = value.indexOf(',"winningRev":"', map);
  if (tree < 0 || map < 0 || win < 0) return undefined;
  const first = value.indexOf('[]', tree);
  const second = value.indexOf('[]', first + 2);
  if (first < 0 || first > map || (second >= 0 && second < map)) return undefined;
  const revStart = win + 15;
  const rev = value.slice(revStart, value.indexOf('"', revStart));
  const at = value.indexOf(`"${rev}":`, map);
  const seqAt = value.lastIndexOf(',"seq":');
  if (at < 0 || at > win || seqAt < win) return undefined;
  const winSeq = parseInt(value.slice(at + rev.length + 3), 10);
  const seq = parseInt(value.slice(seqAt + 7), 10);
  return Number.isInteger(winSeq) && Number.isInteger(seq) ? { seq, winSeq } : undefined;
}

function parseMetadata(value: string): Metadata {
  const m = JSON.parse(value) as Partial<Metadata>;
  if (
    typeof m.id !== 'string' ||
    typeof m.seq !== 'number' ||
    !Array.isArray(m.rev_tree) ||
    typeof m.rev_map !== 'object'
  )
    throw new RawLayoutError('unexpected document metadata');
  return m as Metadata;
}

function getValue(level: RawLevel, key: string): Promise<string> {
  return new Promise((resolve, reject) =>
    level.get(key, { asBuffer: false }, (err, value) =>
      err || typeof value !== 'string' ? reject(new RawLayoutError('a winner without a body')) : resolve(value),
    ),
  );
}

/** Calls `each` for every entry of [gte, lt), one native read per HIGH_WATER bytes. */
function walk(level: RawLevel, gte: string, lt: string, each: (key: string, value: string) => void): Promise<void> {
  const it: RawIterator = level.iterator({
    gte,
    lt,
    keyAsBuffer: false,
    valueAsBuffer: false,
    highWaterMark: HIGH_WATER,
  });
  return new Promise<void>((resolve, reject) => {
    const finish = (err?: unknown) =>
      it.end(() => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
    const step = (err: Error | null | undefined, key?: string, value?: string): void => {
      if (err) return finish(err);
      if (key === undefined || value === undefined) return finish();
      try {
        each(key, value);
      } catch (e) {
        return finish(e);
      }
      it.next(step);
    };
    it.next(step);
  });
}

/**
 * Delivers every document changed in (since, upTo] — its latest seq in that range, as the changes
 * feed since `since` would — with its winner's body, each once (in seq order within each half of
 * the range). `upTo` is the database's update_seq read before; a document written during the scan
 * may be delivered or not: the caller reads the feed from `upTo` after. Answers the number delivered.
 */
export async function rawScan(
  level: RawLevel,
  range: { since: number; upTo: number },
  deliver: (c: FeedChange) => void,
): Promise<number> {
  const { since, upTo } = range;
  // Pass 1: which seqs hold a winner to deliver (one byte per seq) and, for the few that need
  // it, the rest; winners older than `since` (a newer losing branch) are read one by one.
  const winner = new Uint8Array(upTo + 1);
  const extras = new Map<number, Extra>();
  const older: number[] = [];
  let expected = 0;
  const mark = (seq: number, winSeq: number, extra: Extra | undefined) => {
    if (seq <= since || seq > upTo) return;
    if (winSeq <= since) older.push(winSeq);
    winner[winSeq] = 1;
    expected++;
    if (extra) extras.set(winSeq, extra);
  };
  await walk(level, DOC_STORE, DOC_STORE + END, (key, value) => {
    const simple = simpleMetadata(value);
    if (simple) {
      if (key.startsWith('_local/', DOC_STORE.length)) return;
      const extra = simple.seq !== simple.winSeq ? { seq: simple.seq, leaves: [], conflicts: [] } : undefined;
      return mark(simple.seq, simple.winSeq, extra);
    }
    const m = parseMetadata(value);
    if (m.id.startsWith('_local/') || m.id !== key.slice(DOC_STORE.length)) return;
    const leaves = leavesOf(m.rev_tree);
    const win = m.winningRev ?? winnerOf(leaves).rev;
    const winSeq = m.rev_map[win];
    if (typeof winSeq !== 'number') throw new RawLayoutError('a winner without a seq');
    const conflicts = leaves.filter((l) => l.rev !== win && !l.deleted).map((l) => l.rev);
    const extra =
      m.seq !== winSeq || leaves.length > 1 ? { seq: m.seq, leaves: leaves.map((l) => l.rev), conflicts } : undefined;
    mark(m.seq, winSeq, extra);
  });
  // Pass 2: the winners' bodies, as the feed gives them.
  let delivered = 0;
  const seqKey = (n: number) => BY_SEQ + String(n).padStart(16, '0');
  const body = (key: string, value: string) => {
    const seq = Number(key.slice(BY_SEQ.length));
    if (!Number.isInteger(seq) || seq > upTo) throw new RawLayoutError('unexpected sequence key');
    if (winner[seq] !== 1) return;
    winner[seq] = 0;
    const doc = JSON.parse(value) as FeedDoc;
    if (typeof doc._id !== 'string' || typeof doc._rev !== 'string') throw new RawLayoutError('unexpected body');
    // The feed (without attachments: true) marks stored attachments as stubs.
    const files = doc._attachments;
    if (files && typeof files === 'object')
      for (const a of Object.values(files) as Array<{ stub?: boolean }>) a.stub = true;
    const extra = extras.get(seq);
    if (extra?.conflicts.length) doc._conflicts = extra.conflicts;
    const deleted = doc._deleted === true;
    const leaves = extra?.leaves.length ? extra.leaves : [doc._rev];
    deliver({ id: doc._id, seq: extra?.seq ?? seq, deleted, leaves, doc });
    delivered++;
  };
  for (const seq of older) body(seqKey(seq), await getValue(level, seqKey(seq)));
  // Two halves side by side: one's next block is read from disk while the other's is parsed.
  const half = since + Math.floor((upTo - since) / 2);
  await Promise.all([
    walk(level, seqKey(since + 1), seqKey(half + 1), body),
    walk(level, seqKey(half + 1), seqKey(upTo + 1), body),
  ]);
  // A winner's body missing (never expected: compaction keeps leaves): not a complete pass.
  if (delivered !== expected) throw new RawLayoutError(`${expected - delivered} winners without a body`);
  return delivered;
}
