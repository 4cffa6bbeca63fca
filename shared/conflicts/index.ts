/**
 * Conflict merge logic: pure TypeScript, run by the core and the renderer alike.
 *
 * 1. `mergePlan({ winner, losers, ancestor?, ancestorSource? })` → `MergePlan`
 *    - `winner`/`losers`: leaf bodies as `get(id, { open_revs })` gives them (`_id`, `_rev`;
 *      deleted leaves carry `_deleted: true`). `ancestor`: the common ancestor's body from
 *      `_revisions` or the base copy; leave it out when neither has it (`plan.ancestor` is then
 *      absent: say "no ancestor" on screen; every differing field needs a choice).
 *    - `plan.fields`: one node per top-level field that differs (`ValueNode` or `ListNode`);
 *      lists of items with `id`/`serviceId`, CodeStubs (type+code+version) and primitive sets
 *      hold `items` (`ItemNode`), and an item changed on several branches holds nested `fields`.
 *      Every node: `values` per branch rev (a missing key = absent), `ancestor`, `changedBy`,
 *      `status` (one-side | same-change | both-changed | no-ancestor), `default` (absent = the
 *      person must choose), `why`, `confirm` (pre-filled but to be looked at: removals, rules,
 *      closes) and `options` for the control.
 *    - `plan.kind`: 'delete-vs-edit' when a branch is `_deleted` or newly set `endOfLife` /
 *      `closingDate` / `deletionDate` while another edited; `plan.deletions` says who and how;
 *      `plan.record` (only with a `_deleted` branch) asks keep (`merge`) or delete (that branch).
 *    - `plan.stamps`: created/modified/author/device per branch and merged — shown, not chosen.
 *    - `plan.branches`: winner first, then losers by rev (`branchLabel` names them by that order,
 *      for logs; screens name a version by its author and device).
 *    Throws `MergeInputError` for input that is not one document's leaves.
 * 2. Choices are `{ [path]: Choice }`, `Choice` = `{from:'branch',rev}` | `{from:'ancestor'}` |
 *    `{from:'value', value?}` (no value = remove) | `{from:'merge'}` (item by item / field by
 *    field). Start from `defaultChoices(plan)` or from `{}` (nodes left out take their default).
 * 3. `applyChoices(plan, choices)` → merged body (winner's `_rev`, unknown fields kept, stamps by
 *    iCure: created min, modified max); `unresolved(plan, choices)` → paths still to decide;
 *    `checkChoices` throws `ChoiceError` for a choice that does not fit the plan.
 * 4. `validateMerged(body)` → errors keyed by plan path; `nodeForPath(plan, path)` finds where to
 *    show one; `previewMerge(plan, choices)` → `{ body, unresolved, validation, canSave }`.
 * 5. `describeChoices(plan, choices)` → `{ path: 'branch:<rev>' | 'ancestor' | 'typed' | 'merge' }`
 *    for the conflictResolution record's `choices`. `diffFields(before, after)` → what changed
 *    between two revisions (history view).
 */
export type { Json, JsonObject } from './json';
export { deepEqual, canonical } from './json';
export { diffFields, fieldUnion, isMetaField, isStampField, STAMP_FIELDS, type FieldChange } from './diff';
export { listIdentity, itemKey, type ListIdentity } from './lists';
export { formatPath, childPath, itemPath, isWithin, type PathSegment } from './paths';
export {
  RECORD_PATH,
  type AncestorSource,
  type BranchDoc,
  type BranchInfo,
  type ChangeStatus,
  type Choice,
  type Choices,
  type DefaultReason,
  type Deletion,
  type FieldNode,
  type ItemNode,
  type ListNode,
  type MergeInput,
  type MergePlan,
  type PlanNode,
  type RecordNode,
  type Rev,
  type StampRow,
  type ValueNode,
} from './plan';
export { mergePlan, MergeInputError, CLOSE_FIELDS } from './merge';
export {
  applyChoices,
  checkChoices,
  ChoiceError,
  defaultChoices,
  deletesRecord,
  describeChoices,
  planNodes,
  unresolved,
} from './apply';
export { validateMerged, nodeForPath, previewMerge, type MergePreview, type MergeValidation } from './validate';
export { branchLabel } from './labels';
