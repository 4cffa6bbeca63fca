// Three-way merge of N branches of one document against an optional common ancestor, as a plan
// of per-field choices with defaults. It decides nothing by itself: defaults only pre-fill the
// merge screen (one-sided changes, identical changes, iCure's min/max rules, set unions).
import { fieldUnion, isStampField, STAMP_FIELDS } from './diff';
import { deepEqual, isObject, notJsonAt, type Json, type JsonObject } from './json';
import { keyItems, listIdentity, mergeOrder, type ListIdentity } from './lists';
import { childPath, itemPath } from './paths';
import {
  RECORD_PATH,
  type BranchDoc,
  type BranchInfo,
  type ChangeStatus,
  type Choice,
  type DefaultReason,
  type Deletion,
  type FieldNode,
  type ItemNode,
  type ListNode,
  type MergeInput,
  type MergePlan,
  type Rev,
  type StampRow,
  type ValueNode,
} from './plan';

/** The input cannot be merged (not one document's leaves, not JSON …); nothing was changed. */
export class MergeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeInputError';
  }
}

/** Fields whose newly set value closes the record (iCure never hard-deletes clinical data). */
export const CLOSE_FIELDS = ['endOfLife', 'closingDate', 'deletionDate'] as const;

/** iCure's deterministic rules, used only to pre-fill a choice both sides changed. */
const RULES: Readonly<Record<string, 'min' | 'max'>> = { openingDate: 'min', endOfLife: 'min', closingDate: 'max' };

type Side = [Rev, Json | undefined];
type ObjSide = [Rev, JsonObject];

const byRev = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function mergePlan(input: MergeInput): MergePlan {
  const { winner, losers, ancestor } = checkInput(input);
  const all = [winner, ...[...losers].sort((a, b) => byRev(a._rev, b._rev))];
  const live: ObjSide[] = all
    .filter((b) => b._deleted !== true)
    .map((b): ObjSide => [b._rev, b])
    .sort((a, b) => byRev(a[0], b[0]));
  if (live.length === 0) throw new MergeInputError('every branch is deleted: there is nothing to merge');
  const hasAnc = ancestor !== undefined;

  const fields = fieldNodes('', ancestor, hasAnc, live, true);
  const deletions = findDeletions(all, live, ancestor);
  const deleted = deletions.filter((d) => d.how === 'deleted').map((d) => d.rev);
  const kind = deletions.some((d) => hasEdit(d.rev, live, ancestor)) ? 'delete-vs-edit' : 'edit';
  if (kind === 'delete-vs-edit') {
    // A pre-filled close is exactly what CouchDB would hide or keep silently: make it visible.
    for (const f of fields) if ((CLOSE_FIELDS as readonly string[]).includes(f.label)) f.confirm = true;
  }

  const plan: MergePlan = {
    docId: winner._id,
    winnerRev: winner._rev,
    branches: all.map((b) => branchInfo(b, b === winner)),
    kind,
    deletions,
    fields,
    stamps: stampRows(live, ancestor),
  };
  if (typeof winner.type === 'string') plan.docType = winner.type;
  if (ancestor)
    plan.ancestor = input.ancestorSource ? { body: ancestor, source: input.ancestorSource } : { body: ancestor };
  if (deleted.length > 0) {
    plan.record = {
      path: RECORD_PATH,
      deletedBy: deleted,
      options: [{ from: 'merge' }, ...deleted.map((rev): Choice => ({ from: 'branch', rev }))],
    };
  }
  return plan;
}

function checkInput(input: MergeInput): {
  winner: BranchDoc;
  losers: readonly BranchDoc[];
  ancestor: JsonObject | undefined;
} {
  const { winner, losers, ancestor } = input;
  if (!Array.isArray(losers) || losers.length === 0)
    throw new MergeInputError('a conflict needs at least one losing branch');
  const revs = new Set<string>();
  for (const [i, b] of [winner, ...losers].entries()) {
    const name = i === 0 ? 'the winner' : `losing branch ${i}`;
    if (!isObject(b)) throw new MergeInputError(`${name} is not a document`);
    if (typeof b._rev !== 'string' || b._rev === '') throw new MergeInputError(`${name} has no _rev`);
    if (b._id !== winner._id || typeof b._id !== 'string')
      throw new MergeInputError(`${name} (${b._rev}) is not a revision of ${String(winner._id)}`);
    if (revs.has(b._rev)) throw new MergeInputError(`revision ${b._rev} is given twice`);
    revs.add(b._rev);
    const bad = notJsonAt(b);
    if (bad !== undefined) throw new MergeInputError(`${name} (${b._rev}) is not JSON at ${bad}`);
  }
  if (ancestor !== undefined) {
    if (!isObject(ancestor)) throw new MergeInputError('the ancestor is not a document');
    const bad = notJsonAt(ancestor);
    if (bad !== undefined) throw new MergeInputError(`the ancestor is not JSON at ${bad}`);
  }
  return { winner, losers, ancestor };
}

function branchInfo(body: BranchDoc, isWinner: boolean): BranchInfo {
  const info: BranchInfo = {
    rev: body._rev,
    role: isWinner ? 'winner' : 'loser',
    deleted: body._deleted === true,
    body,
  };
  if (typeof body.author === 'string') info.author = body.author;
  if (typeof body.device === 'string') info.device = body.device;
  if (typeof body.modified === 'number') info.modified = body.modified;
  return info;
}

/** Who changed a value, and how the changes relate (values: one per side, undefined = absent). */
function classify(
  anc: Json | undefined,
  hasAnc: boolean,
  sides: readonly Side[],
): { status: ChangeStatus; changedBy: Rev[]; changed: Side[] } {
  if (!hasAnc) return { status: 'no-ancestor', changedBy: [], changed: [] };
  const changed = sides.filter(([, v]) => !deepEqual(v, anc));
  const distinct = changed.filter(([, v], i) => changed.findIndex(([, w]) => deepEqual(v, w)) === i);
  const status = distinct.length > 1 ? 'both-changed' : changed.length === sides.length ? 'same-change' : 'one-side';
  return { status, changedBy: changed.map(([r]) => r), changed };
}

function base(path: string, label: string, anc: Json | undefined, hasAnc: boolean, sides: readonly Side[]) {
  const values: Record<Rev, Json> = {};
  for (const [r, v] of sides) if (v !== undefined) values[r] = v;
  const { status, changedBy, changed } = classify(anc, hasAnc, sides);
  const node = {
    path,
    label,
    sides: sides.map(([r]) => r),
    values,
    hasAncestor: hasAnc,
    changedBy,
    status,
    confirm: false,
    options: [] as Choice[],
  };
  return { node: hasAnc && anc !== undefined ? { ...node, ancestor: anc } : node, changed };
}

function options(sides: readonly Side[], hasAnc: boolean, merge: boolean): Choice[] {
  const out: Choice[] = sides.map(([rev]) => ({ from: 'branch', rev }));
  if (hasAnc) out.push({ from: 'ancestor' });
  out.push({ from: 'value' });
  if (merge) out.push({ from: 'merge' });
  return out;
}

function setDefault(
  node: { default?: Choice; why?: DefaultReason; confirm: boolean },
  choice: Choice,
  why: DefaultReason,
  confirm = false,
) {
  node.default = choice;
  node.why = why;
  node.confirm = confirm;
}

/** Field nodes for every field the sides disagree on, or agree on against the ancestor. */
function fieldNodes(
  parent: string,
  anc: JsonObject | undefined,
  hasAnc: boolean,
  sides: readonly ObjSide[],
  top: boolean,
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const field of fieldUnion([...sides.map(([, b]) => b), anc], !top)) {
    if (top && isStampField(field)) continue;
    const values: Side[] = sides.map(([r, b]) => [r, b[field]]);
    const a = anc?.[field];
    const first = values[0]?.[1];
    if (values.every(([, v]) => deepEqual(v, first)) && (!hasAnc || deepEqual(a, first))) continue;
    out.push(fieldNode(childPath(parent, field), field, a, hasAnc, values, top));
  }
  return out;
}

function fieldNode(
  path: string,
  field: string,
  anc: Json | undefined,
  hasAnc: boolean,
  sides: readonly Side[],
  top: boolean,
): FieldNode {
  const identity = listIdentity([hasAnc ? anc : undefined, ...sides.map(([, v]) => v)]);
  if (identity) return listNode(path, field, identity, anc, hasAnc, sides);
  const { node, changed } = base(path, field, anc, hasAnc, sides);
  const v: ValueNode = { ...node, kind: 'value', options: options(sides, hasAnc, false) };
  if (v.status === 'one-side' || v.status === 'same-change') {
    setDefault(v, { from: 'branch', rev: v.changedBy[0] as Rev }, v.status);
  } else {
    const rule = top ? RULES[field] : undefined;
    // Without an ancestor every side's value competes; with one, only the changed ones do.
    const pool = v.status === 'no-ancestor' ? sides : changed;
    if (rule && pool.every(([, x]) => typeof x === 'number')) {
      const nums = pool.map(([, x]) => x as number);
      const target = rule === 'min' ? Math.min(...nums) : Math.max(...nums);
      const rev = pool.find(([, x]) => x === target)?.[0] as Rev;
      setDefault(v, { from: 'branch', rev }, rule === 'min' ? 'rule-min' : 'rule-max', true);
    }
  }
  return v;
}

function listNode(
  path: string,
  field: string,
  identity: ListIdentity,
  anc: Json | undefined,
  hasAnc: boolean,
  sides: readonly Side[],
): ListNode {
  const { node } = base(path, field, anc, hasAnc, sides);
  const l: ListNode = { ...node, kind: 'list', identity, items: [], options: options(sides, hasAnc, true) };
  if (l.status === 'one-side' || l.status === 'same-change')
    setDefault(l, { from: 'branch', rev: l.changedBy[0] as Rev }, l.status);
  else setDefault(l, { from: 'merge' }, 'items');

  const ancItems = hasAnc ? (keyItems(identity, (anc ?? []) as Json[]) as Map<string, Json>) : undefined;
  const sideItems = sides.map(([r, v]): [Rev, Map<string, Json>] => [
    r,
    keyItems(identity, (v ?? []) as Json[]) as Map<string, Json>,
  ]);
  const order = mergeOrder([[...(ancItems?.keys() ?? [])], ...sideItems.map(([, m]) => [...m.keys()])]);
  for (const key of order) {
    const itemSides: Side[] = sideItems.map(([r, m]) => [r, m.get(key)]);
    const a = ancItems?.get(key);
    const first = itemSides[0]?.[1];
    if (itemSides.every(([, v]) => deepEqual(v, first)) && (!hasAnc || deepEqual(a, first))) continue;
    l.items.push(itemNode(itemPath(path, key), key, identity, a, hasAnc, itemSides));
  }
  return l;
}

function itemNode(
  path: string,
  key: string,
  identity: ListIdentity,
  anc: Json | undefined,
  hasAnc: boolean,
  sides: readonly Side[],
): ItemNode {
  const { node, changed } = base(path, itemLabel(identity, key), anc, hasAnc, sides);
  const present = sides.filter((s): s is ObjSide => isObject(s[1]));
  const presentDiffer = present.some(([, v]) => !deepEqual(v, present[0]?.[1]));
  // Nested choices only when several branches hold different versions of the item.
  const fields =
    identity !== 'value' && present.length > 1 && presentDiffer
      ? fieldNodes(path, isObject(anc) ? anc : undefined, hasAnc && anc !== undefined, present, false)
      : [];
  const it: ItemNode = { ...node, kind: 'item', key, fields, options: options(sides, hasAnc, fields.length > 0) };
  const someLack = sides.some(([, v]) => v === undefined);
  if (it.status === 'one-side' || it.status === 'same-change') {
    const removed = changed[0]?.[1] === undefined;
    setDefault(it, { from: 'branch', rev: it.changedBy[0] as Rev }, removed ? 'removed' : it.status, removed);
  } else if (it.status === 'both-changed') {
    // Removed on one side and edited on another: the person decides; otherwise merge the edits.
    if (changed.every(([, v]) => v !== undefined) && fields.length > 0) setDefault(it, { from: 'merge' }, 'fields');
  } else if (!presentDiffer && present[0]) {
    setDefault(it, { from: 'branch', rev: present[0][0] }, 'union', someLack);
  } else if (fields.length > 0) {
    setDefault(it, { from: 'merge' }, 'fields', someLack);
  } else if (identity === 'value') {
    const holder = sides.find(([, v]) => v !== undefined);
    if (holder) setDefault(it, { from: 'branch', rev: holder[0] }, 'union', true);
  }
  return it;
}

function itemLabel(identity: ListIdentity, key: string): string {
  try {
    const k = JSON.parse(key) as Json;
    if (identity === 'code' && Array.isArray(k)) return k.filter((x) => x !== null).join(' ');
    return typeof k === 'string' ? k : key;
  } catch {
    return key;
  }
}

function findDeletions(all: readonly BranchDoc[], live: readonly ObjSide[], anc: JsonObject | undefined): Deletion[] {
  const out: Deletion[] = all.filter((b) => b._deleted === true).map((b) => ({ rev: b._rev, how: 'deleted' }));
  for (const [rev, body] of live) {
    for (const f of CLOSE_FIELDS) {
      if (body[f] === undefined || body[f] === null) continue;
      const newlySet = anc
        ? anc[f] === undefined || anc[f] === null
        : live.some(([, o]) => o[f] === undefined || o[f] === null);
      if (newlySet) out.push({ rev, how: f });
    }
  }
  return out;
}

/** Whether a live branch other than `rev` edited the record (any change without an ancestor). */
function hasEdit(rev: Rev, live: readonly ObjSide[], anc: JsonObject | undefined): boolean {
  return live.some(([r, body]) => {
    if (r === rev) return false;
    if (!anc) return true;
    return fieldUnion([body, anc]).some(
      (f) => !isStampField(f) && !(CLOSE_FIELDS as readonly string[]).includes(f) && !deepEqual(body[f], anc[f]),
    );
  });
}

function stampRows(live: readonly ObjSide[], anc: JsonObject | undefined): StampRow[] {
  const nums = (f: string, withAnc: boolean) =>
    [...live.map(([, b]) => b[f]), ...(withAnc && anc ? [anc[f]] : [])].filter(
      (x): x is number => typeof x === 'number',
    );
  // The latest edit (ties: the lowest rev) lends its author and device: independent of branch order.
  let latest: JsonObject | undefined;
  let latestAt = -Infinity;
  for (const [, b] of live) {
    const m = typeof b.modified === 'number' ? b.modified : -Infinity;
    if (latest === undefined || m > latestAt) [latest, latestAt] = [b, m];
  }
  const rows: StampRow[] = [];
  for (const field of STAMP_FIELDS) {
    const values: Record<Rev, Json> = {};
    for (const [r, b] of live) if (b[field] !== undefined) values[r] = b[field];
    const a = anc?.[field];
    if (Object.keys(values).length === 0 && a === undefined) continue;
    let merged: Json | undefined;
    if (field === 'created') merged = nums(field, true).length ? Math.min(...nums(field, true)) : undefined;
    else if (field === 'modified') merged = nums(field, false).length ? Math.max(...nums(field, false)) : undefined;
    else merged = latest?.[field];
    const row: StampRow = { field, values };
    if (a !== undefined) row.ancestor = a;
    if (merged !== undefined) row.merged = merged;
    rows.push(row);
  }
  return rows;
}
