// The shape of a merge plan: everything a merge screen shows and everything applyChoices needs.
// Plain JSON (absent values are absent keys), so a plan can cross the IPC boundary as it is.
import type { Json, JsonObject } from './json';
import type { ListIdentity } from './lists';

export type Rev = string;

/** A leaf revision as PouchDB returns it from `get(id, { open_revs })`: a body with `_id` and `_rev`. */
export type BranchDoc = JsonObject & { _id: string; _rev: string };

export type AncestorSource = 'revisions' | 'base-copy';

export type MergeInput = {
  /** the revision CouchDB picked ("mine" on screen) */
  winner: BranchDoc;
  /** every other leaf ("theirs"), deleted leaves (`_deleted: true`) included */
  losers: readonly BranchDoc[];
  /** the common ancestor's body, when `_revisions` or the base copy still has it */
  ancestor?: JsonObject | undefined;
  /** where the ancestor came from, to say so on screen */
  ancestorSource?: AncestorSource;
};

/**
 * A choice for one node:
 * - `branch`: that branch's value (an item absent there, or a field it lacks, is dropped);
 * - `ancestor`: the common ancestor's value;
 * - `value`: a value typed by hand; no `value` key removes the field or item;
 * - `merge`: lists item by item, items field by field, with the nested nodes' choices.
 */
export type Choice =
  { from: 'branch'; rev: Rev } | { from: 'ancestor' } | { from: 'value'; value?: Json } | { from: 'merge' };

/** Choices by node path; nodes left out take their default. */
export type Choices = Readonly<Record<string, Choice>>;

/** Path of the record-level choice when a branch was deleted: `merge` keeps the record, `branch` deletes it. */
export const RECORD_PATH = '$record';

/**
 * - `one-side`: one value differs from the ancestor (one branch, or several the same way and
 *   at least one left it alone) — pre-selected;
 * - `same-change`: every branch made the same change — pre-selected, nothing to decide;
 * - `both-changed`: branches changed it differently — the person chooses (a rule may pre-fill);
 * - `no-ancestor`: the branches differ and nothing says who changed what.
 */
export type ChangeStatus = 'one-side' | 'same-change' | 'both-changed' | 'no-ancestor';

/** Why a default was pre-filled. */
export type DefaultReason =
  | 'one-side' // the only change wins
  | 'same-change'
  | 'removed' // removed on one side, unchanged elsewhere: pre-selected, confirm it
  | 'union' // present on some branches only, no ancestor to say it was removed: kept
  | 'items' // the list is merged item by item
  | 'fields' // the item changed on several branches is merged field by field
  | 'rule-min' // iCure: openingDate, endOfLife take the earliest
  | 'rule-max'; // iCure: closingDate takes the latest

type NodeBase = {
  /** key in Choices, e.g. `addresses["a1"].city` */
  path: string;
  /** short name for the screen: the field name, or the item's key */
  label: string;
  /** branches holding this node (for nested nodes: the branches where the item exists) */
  sides: Rev[];
  /** value per branch; a missing key means absent on that branch */
  values: Record<Rev, Json>;
  /** false when there is no ancestor to compare with (then `ancestor` is meaningless) */
  hasAncestor: boolean;
  /** the ancestor's value; absent when the ancestor lacks it */
  ancestor?: Json;
  /** branches whose value differs from the ancestor's (empty without an ancestor) */
  changedBy: Rev[];
  status: ChangeStatus;
  /** pre-filled choice; absent: the person must choose */
  default?: Choice;
  why?: DefaultReason;
  /** pre-filled but worth a look (a removal, a rule, a record being closed) */
  confirm: boolean;
  /** what the choice control offers */
  options: Choice[];
};

export type ValueNode = NodeBase & { kind: 'value' };
export type ListNode = NodeBase & {
  kind: 'list';
  identity: ListIdentity;
  /** items that differ between branches or from the ancestor; others pass through */
  items: ItemNode[];
};
export type ItemNode = NodeBase & {
  kind: 'item';
  /** the item's identity key (canonical JSON) */
  key: string;
  /** nested field nodes when several branches changed the item (choice `merge`) */
  fields: FieldNode[];
};
export type FieldNode = ValueNode | ListNode;
export type PlanNode = FieldNode | ItemNode;

/** Why a branch counts as deleting the record. */
export type Deletion = { rev: Rev; how: 'deleted' | 'endOfLife' | 'closingDate' | 'deletionDate' };

export type BranchInfo = {
  rev: Rev;
  role: 'winner' | 'loser';
  deleted: boolean;
  body: BranchDoc;
  author?: string;
  device?: string;
  modified?: number;
};

export type StampRow = {
  field: string;
  values: Record<Rev, Json>;
  ancestor?: Json;
  /** what the merged body carries: created min, modified max, author/device of the latest edit */
  merged?: Json;
};

export type RecordNode = {
  path: typeof RECORD_PATH;
  /** the `_deleted` branches */
  deletedBy: Rev[];
  /** `merge` keeps the record (the edits win); `branch` of a deleted rev deletes it */
  options: Choice[];
};

export type MergePlan = {
  docId: string;
  docType?: string;
  winnerRev: Rev;
  /** every branch: the winner first, then the losers by rev */
  branches: BranchInfo[];
  /** absent: no ancestor — say so on screen; every differing field then needs a choice */
  ancestor?: { body: JsonObject; source?: AncestorSource };
  kind: 'edit' | 'delete-vs-edit';
  deletions: Deletion[];
  /** present when a branch is `_deleted`: keep or delete the record, no default */
  record?: RecordNode;
  /** top-level fields that differ, in document order */
  fields: FieldNode[];
  stamps: StampRow[];
};
