// Turning a plan and the person's choices into the merged body, and saying what is still open.
import { fieldUnion, isStampField } from './diff';
import { isObject, notJsonAt, type Json, type JsonObject } from './json';
import { itemKey, keyItems, mergeOrder } from './lists';
import { childPath } from './paths';
import {
  RECORD_PATH,
  type Choice,
  type Choices,
  type ItemNode,
  type ListNode,
  type MergePlan,
  type PlanNode,
} from './plan';

/** A choice that does not fit the plan (unknown path, a rev the node lacks, a value that is not JSON). */
export class ChoiceError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ChoiceError';
  }
}

/** Every node of the plan by path, nested ones included. */
export function planNodes(plan: MergePlan): Map<string, PlanNode> {
  const out = new Map<string, PlanNode>();
  const visit = (n: PlanNode) => {
    out.set(n.path, n);
    if (n.kind === 'list') n.items.forEach(visit);
    if (n.kind === 'item') n.fields.forEach(visit);
  };
  plan.fields.forEach(visit);
  return out;
}

/** The pre-filled choices of every node that has one (what the screen shows first). */
export function defaultChoices(plan: MergePlan): Record<string, Choice> {
  const out: Record<string, Choice> = {};
  for (const [path, n] of planNodes(plan)) if (n.default) out[path] = n.default;
  return out;
}

/** Throws ChoiceError for the first choice that does not fit the plan. */
export function checkChoices(plan: MergePlan, choices: Choices): void {
  const nodes = planNodes(plan);
  for (const [path, c] of Object.entries(choices)) {
    if (!isObject(c as unknown)) throw new ChoiceError(path, 'not a choice');
    if (path === RECORD_PATH) {
      if (!plan.record) throw new ChoiceError(path, 'no branch deleted this record: there is no record-level choice');
      const ok = c.from === 'merge' || (c.from === 'branch' && plan.record.deletedBy.includes(c.rev));
      if (!ok) throw new ChoiceError(path, 'choose `merge` to keep the record or a deleted branch to delete it');
      continue;
    }
    const n = nodes.get(path);
    if (!n) throw new ChoiceError(path, 'no such field in this merge');
    switch (c.from) {
      case 'branch':
        if (!n.sides.includes(c.rev))
          throw new ChoiceError(path, `branch ${String(c.rev)} is not one of this field's branches`);
        break;
      case 'ancestor':
        if (!n.hasAncestor) throw new ChoiceError(path, 'there is no ancestor to take it from');
        break;
      case 'merge':
        if (n.kind === 'value' || (n.kind === 'item' && n.fields.length === 0))
          throw new ChoiceError(path, 'there is nothing to merge here: choose a side or type a value');
        break;
      case 'value': {
        const bad = c.value === undefined ? undefined : notJsonAt(c.value);
        if (bad !== undefined) throw new ChoiceError(path, `the typed value is not JSON (at ${bad})`);
        if (n.kind === 'item' && c.value !== undefined) checkTypedItem(nodes, n, c.value);
        break;
      }
      default:
        throw new ChoiceError(path, `unknown choice ${JSON.stringify((c as { from?: unknown }).from)}`);
    }
  }
}

/** A typed item must keep its identity, or the list would hold two items with one id. */
function checkTypedItem(nodes: Map<string, PlanNode>, n: ItemNode, value: Json) {
  const list = [...nodes.values()].find((l): l is ListNode => l.kind === 'list' && l.items.includes(n));
  if (!list) return;
  const ok = list.identity === 'value' ? value === null || typeof value !== 'object' : isObject(value);
  if (!ok || itemKey(list.identity, value) !== n.key)
    throw new ChoiceError(n.path, `a typed item must keep its identity ${n.key}`);
}

/** Whether the record is deleted by the choices (a `_deleted` branch chosen at RECORD_PATH). */
export function deletesRecord(plan: MergePlan, choices: Choices): boolean {
  return plan.record !== undefined && choices[RECORD_PATH]?.from === 'branch';
}

/**
 * The merged body: `_id`, the winner's `_rev` (the resolution is written on the winning branch),
 * every field as chosen (a node without choice takes its default; one with neither shows the
 * winner's value until decided — see `unresolved`), fields all branches agree on (unknown ones
 * included), and the stamps by iCure's rules (created min, modified max). A record deleted by
 * the choices is `{ _id, _rev, _deleted: true }`. Throws ChoiceError on a choice that does not fit.
 */
export function applyChoices(plan: MergePlan, choices: Choices): JsonObject {
  checkChoices(plan, choices);
  const out: JsonObject = { _id: plan.docId, _rev: plan.winnerRev };
  if (deletesRecord(plan, choices)) return { ...out, _deleted: true };

  const winner = plan.branches.find((b) => b.rev === plan.winnerRev);
  const live = plan.branches.filter((b) => !b.deleted).map((b) => b.body);
  const top = new Map(plan.fields.map((n) => [n.path, n]));
  const resolver = new Resolver(plan, choices);
  for (const field of fieldUnion([...live, plan.ancestor?.body])) {
    if (isStampField(field)) continue;
    const n = top.get(childPath('', field));
    const v = n ? resolver.resolve(n) : live[0]?.[field];
    if (v !== undefined) out[field] = v;
  }
  for (const s of plan.stamps) if (s.merged !== undefined) out[s.field] = s.merged;
  // Attachments are not merged: the winner's stubs keep them on the winning branch.
  if (winner && !winner.deleted && winner.body._attachments !== undefined) out._attachments = winner.body._attachments;
  return out;
}

class Resolver {
  constructor(
    private readonly plan: MergePlan,
    private readonly choices: Choices,
  ) {}

  resolve(n: PlanNode): Json | undefined {
    const c = this.choices[n.path] ?? n.default;
    if (!c)
      return n.sides.includes(this.plan.winnerRev) ? n.values[this.plan.winnerRev] : n.values[n.sides[0] as string];
    switch (c.from) {
      case 'branch':
        return n.values[c.rev];
      case 'ancestor':
        return n.ancestor;
      case 'value':
        return c.value;
      case 'merge':
        return n.kind === 'list' ? this.list(n) : n.kind === 'item' ? this.item(n) : undefined;
    }
  }

  private list(n: ListNode): Json[] {
    const anc = n.hasAncestor ? keyItems(n.identity, asList(n.ancestor)) : undefined;
    const sides = n.sides.map((r) => keyItems(n.identity, asList(n.values[r])) ?? new Map<string, Json>());
    const order = mergeOrder([[...(anc?.keys() ?? [])], ...sides.map((m) => [...m.keys()])]);
    const items = new Map(n.items.map((i) => [i.key, i]));
    const out: Json[] = [];
    for (const key of order) {
      const node = items.get(key);
      // An item without a node is the same on every branch (and in the ancestor).
      const v = node ? this.resolve(node) : sides.find((m) => m.has(key))?.get(key);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  private item(n: ItemNode): JsonObject {
    const present = n.sides.map((r) => n.values[r]).filter(isObject);
    const nested = new Map(n.fields.map((f) => [f.path, f]));
    const out: JsonObject = {};
    for (const field of fieldUnion([...present, isObject(n.ancestor) ? n.ancestor : undefined], true)) {
      const f = nested.get(childPath(n.path, field));
      const v = f ? this.resolve(f) : present[0]?.[field];
      if (v !== undefined) out[field] = v;
    }
    return out;
  }
}

const asList = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/**
 * Paths still needing a decision: nodes with neither a choice nor a default, only where they
 * matter (nested nodes count only under a `merge`); RECORD_PATH first when a branch was deleted
 * and keep/delete is not chosen yet. Empty: the merge can be saved (once it validates).
 */
export function unresolved(plan: MergePlan, choices: Choices): string[] {
  const out: string[] = [];
  if (plan.record) {
    const c = choices[RECORD_PATH];
    if (!c) out.push(RECORD_PATH);
    else if (c.from === 'branch') return [];
  }
  const visit = (n: PlanNode) => {
    const c = choices[n.path] ?? n.default;
    if (!c) out.push(n.path);
    else if (c.from === 'merge') {
      if (n.kind === 'list') n.items.forEach(visit);
      if (n.kind === 'item') n.fields.forEach(visit);
    }
  };
  plan.fields.forEach(visit);
  return out;
}

/**
 * The choices that shaped the merge, for the conflictResolution record (`choices`: path → side):
 * `branch:<rev>`, `ancestor`, `typed`, `merge`, or `default:` before any of these when the
 * person left the pre-filled choice.
 */
export function describeChoices(plan: MergePlan, choices: Choices): Record<string, string> {
  const out: Record<string, string> = {};
  const say = (c: Choice) => (c.from === 'branch' ? `branch:${c.rev}` : c.from === 'value' ? 'typed' : c.from);
  if (plan.record && choices[RECORD_PATH]) {
    out[RECORD_PATH] = say(choices[RECORD_PATH]);
    if (choices[RECORD_PATH].from === 'branch') return out;
  }
  const visit = (n: PlanNode) => {
    const chosen = choices[n.path];
    const c = chosen ?? n.default;
    if (!c) return;
    out[n.path] = chosen ? say(c) : `default:${say(c)}`;
    if (c.from === 'merge') {
      if (n.kind === 'list') n.items.forEach(visit);
      if (n.kind === 'item') n.fields.forEach(visit);
    }
  };
  plan.fields.forEach(visit);
  return out;
}
