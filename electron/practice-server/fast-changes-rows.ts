// One row of the fast `_changes` feed (fast-changes.ts), as JSON text, built the way
// pouchdb-node 9.0.0's leveldb adapter builds it (processChange + filterChange) and
// express-pouchdb writes it (JSON.stringify). A stored document is JSON.stringify's own output,
// so JSON.stringify(JSON.parse(stored)) === stored: it goes into the row as it is, without a
// parse and a stringify, unless the row must change it (_conflicts, attachment stubs).

type RevNode = [string, { deleted?: boolean }, RevNode[]];
export type Metadata = {
  id: string;
  seq: number;
  rev_tree: Array<{ pos: number; ids: RevNode }>;
  rev_map: Record<string, number>;
  winningRev?: string;
};
export type Doc = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _attachments?: Record<string, Record<string, unknown>>;
};
/** A stored document: its text, and its _id and _rev when headOf could read them. */
export type Stored = { text: string; id: string; rev: string; doc?: Doc; plain: boolean };

// The revision-tree helpers, as pouchdb-node 9.0.0 has them.
export function winningRev(metadata: Metadata): string {
  let winningId: string | undefined;
  let winningPos = 0;
  let winningDeleted = false;
  const toVisit: Array<{ pos: number; ids: RevNode }> = metadata.rev_tree.slice();
  let node;
  while ((node = toVisit.pop())) {
    const [id, opts, branches] = node.ids;
    if (branches.length) {
      for (const b of branches) toVisit.push({ pos: node.pos + 1, ids: b });
      continue;
    }
    const deleted = !!opts.deleted;
    const wins =
      winningDeleted !== deleted ? winningDeleted : winningPos !== node.pos ? winningPos < node.pos : winningId! < id;
    if (!winningId || wins) {
      winningId = id;
      winningPos = node.pos;
      winningDeleted = deleted;
    }
  }
  return `${winningPos}-${winningId}`;
}
function collectLeaves(revs: Metadata['rev_tree']): Array<{ rev: string; opts: RevNode[1] }> {
  const leaves: Array<{ rev: string; pos?: number; opts: RevNode[1] }> = [];
  const toVisit = revs.slice();
  let node;
  while ((node = toVisit.pop())) {
    const [id, opts, branches] = node.ids;
    if (branches.length === 0) leaves.push({ rev: `${node.pos}-${id}`, pos: node.pos, opts });
    for (const b of branches) toVisit.push({ pos: node.pos + 1, ids: b });
  }
  leaves.sort((a, b) => a.pos! - b.pos!).reverse();
  for (const leaf of leaves) delete leaf.pos;
  return leaves;
}
function collectConflicts(metadata: Metadata): string[] {
  const win = winningRev(metadata);
  return collectLeaves(metadata.rev_tree)
    .filter((l) => l.rev !== win && !l.opts.deleted)
    .map((l) => l.rev);
}
function isDeleted(metadata: Metadata, rev: string): boolean | undefined {
  const id = rev.substring(rev.indexOf('-') + 1);
  let toVisit = metadata.rev_tree.map((t) => t.ids);
  let tree;
  while ((tree = toVisit.pop())) {
    if (tree[0] === id) return !!tree[1].deleted;
    toVisit = toVisit.concat(tree[2]);
  }
  return undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;
/** Index just past the JSON string opening at `i`. */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}
/** Index just past the JSON value starting at `i` (compact JSON, as JSON.stringify writes it). */
function valueEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"') {
      j = stringEnd(s, j) - 1;
      if (j < 0) return -1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return j; // the end of the enclosing object: a scalar ended here
      depth--;
    } else if (c === ',' && depth === 0) return j;
    if (depth === 0 && (c === '"' || c === '}' || c === ']')) return j + 1;
  }
  return -1;
}

/**
 * A stored document's top-level _id and _rev, read without parsing the rest. `plain` is false
 * when it has a top-level _attachments or _conflicts (rows change those) or anything unexpected.
 */
export function headOf(text: string): Stored | null {
  if (text[0] !== '{' || text[text.length - 1] !== '}') return null;
  let id: unknown;
  let rev: unknown;
  let plain = true;
  let i = 1;
  while (i < text.length - 1) {
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0 || text[keyEnd] !== ':') return null;
    const key = text.slice(i + 1, keyEnd - 1); // these keys are written without escapes
    const end = valueEnd(text, keyEnd + 1);
    if (end < 0) return null;
    if (key === '_id') id = JSON.parse(text.slice(keyEnd + 1, end));
    else if (key === '_rev') rev = JSON.parse(text.slice(keyEnd + 1, end));
    else if (key === '_attachments' || key === '_conflicts') plain = false;
    if (text[end] === ',') i = end + 1;
    else if (end === text.length - 1) break;
    else return null;
  }
  return typeof id === 'string' && typeof rev === 'string' ? { text, id, rev, plain } : null;
}

/** The stored document as headOf reads it, or parsed when it cannot. */
export function storedOf(text: string): Stored {
  const head = headOf(text);
  if (head) return head;
  const doc = JSON.parse(text) as Doc;
  return { text, id: doc._id, rev: doc._rev, doc, plain: false };
}

export type RowShape = { includeDocs: boolean; allDocs: boolean; conflicts: boolean };

/** The document as the row carries it: with _conflicts (conflicts=true) and attachment stubs. */
function docText(w: Stored, metadata: Metadata, shape: RowShape): string {
  if (w.plain) {
    const conflicts = shape.conflicts ? collectConflicts(metadata) : [];
    // PouchDB adds _conflicts as the document's last member when there are any.
    return conflicts.length ? `${w.text.slice(0, -1)},"_conflicts":${JSON.stringify(conflicts)}}` : w.text;
  }
  const doc = w.doc ?? (JSON.parse(w.text) as Doc);
  if (shape.conflicts) {
    doc._conflicts = collectConflicts(metadata);
    if (!(doc._conflicts as string[]).length) delete doc._conflicts;
  }
  for (const att in doc._attachments)
    if (Object.prototype.hasOwnProperty.call(doc._attachments, att)) doc._attachments[att]!.stub = true;
  return JSON.stringify(doc);
}

/** The row's JSON: {id, changes, doc?, deleted?, seq}, the members in PouchDB's order. */
export function rowText(winner: Stored, metadata: Metadata, shape: RowShape): string {
  const changes = shape.allDocs ? collectLeaves(metadata.rev_tree).map((x) => ({ rev: x.rev })) : [{ rev: winner.rev }];
  const doc = shape.includeDocs ? `,"doc":${docText(winner, metadata, shape)}` : '';
  const deleted = isDeleted(metadata, winner.rev) ? ',"deleted":true' : '';
  return `{"id":${JSON.stringify(metadata.id)},"changes":${JSON.stringify(changes)}${doc}${deleted},"seq":${JSON.stringify(metadata.seq)}}`;
}
