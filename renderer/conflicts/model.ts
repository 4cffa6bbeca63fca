// The merge screen's logic, apart from React: what each control selects, which nodes are on
// screen, where validation errors go, why Save is disabled, and every part in words.
import {
  RECORD_PATH,
  isWithin,
  nodeForPath,
  planNodes,
  previewMerge,
  type Choice,
  type MergePlan,
  type MergePreview,
  type PlanNode,
} from '../../shared/conflicts';
import { fieldLabel, showItemShort, showValue } from './format';
import { t } from './tr';
import { buildChoices, type Picks } from './typed';
import { shortName, type VersionNames } from './versions';

export type { Picks } from './typed';

/** A stable string for a choice, used as a radio's value. */
export function choiceKey(c: Choice | undefined): string {
  if (!c) return '';
  return c.from === 'branch' ? `branch:${c.rev}` : c.from;
}

/** The choice a node's control shows: the person's pick, else the pre-filled default. */
export function shownChoice(node: { path: string; default?: Choice }, picks: Picks): Choice | undefined {
  return picks[node.path] ?? node.default;
}

/** The nodes from the top down to `path` (each one that contains it). */
function chain(plan: MergePlan, path: string): PlanNode[] {
  return [...planNodes(plan).values()]
    .filter((n) => isWithin(path, n.path))
    .sort((a, b) => a.path.length - b.path.length);
}

/** Whether a node is on screen: every node above it is being merged part by part. */
export function isShown(plan: MergePlan, picks: Picks, path: string): boolean {
  const above = chain(plan, path).filter((n) => n.path !== path);
  return above.every((n) => shownChoice(n, picks)?.from === 'merge');
}

/** The deepest node on screen at or above `path`, where a message about `path` is shown. */
export function shownNodeFor(plan: MergePlan, picks: Picks, path: string): PlanNode | undefined {
  const deepest = nodeForPath(plan, path);
  if (!deepest) return undefined;
  let out: PlanNode | undefined;
  for (const n of chain(plan, deepest.path)) {
    out = n;
    if (shownChoice(n, picks)?.from !== 'merge') break;
  }
  return out;
}

/** A list item in words, from whichever version holds it: "Home: Rue Haute 5, 9000 Gent — mobile …". */
export function itemTitle(plan: MergePlan, node: PlanNode, short = false): string {
  const v = node.values[plan.winnerRev] ?? Object.values(node.values)[0] ?? node.ancestor;
  const words = v === undefined ? '' : short ? showItemShort(v) : showValue(v);
  if (words && words !== t('conflicts:value.entry')) return words;
  const list = chain(plan, node.path)
    .filter((n) => n.kind === 'list')
    .at(-1);
  return t('conflicts:item.of', { list: list ? fieldLabel(list.label) : t('conflicts:item.list') });
}

/** "Home: Rue Haute 5, Gent › mobile +32 470… › Number": a node path in words, lists named by their items. */
export function pathInWords(plan: MergePlan, path: string): string {
  if (path === RECORD_PATH) return t('conflicts:path.record');
  const nodes = chain(plan, path);
  if (nodes.length === 0) return path === '(record)' ? t('conflicts:path.theRecord') : fieldLabel(path);
  return nodes
    .filter((n, i) => !(n.kind === 'list' && nodes[i + 1]?.kind === 'item'))
    .map((n) => (n.kind === 'item' ? itemTitle(plan, n, true) : fieldLabel(n.label)))
    .join(' › ');
}

/**
 * Messages per node path (the node on screen that holds them) and those no field can hold.
 * Sources: the preview's validation, the core's refusal fields and unparsable typed values.
 */
export function placeMessages(
  plan: MergePlan,
  picks: Picks,
  messages: Readonly<Record<string, string>>,
): { byNode: Record<string, string[]>; general: string[] } {
  const byNode: Record<string, string[]> = {};
  const general: string[] = [];
  for (const [path, raw] of Object.entries(messages)) {
    const message = friendly(raw);
    const node = path === RECORD_PATH ? undefined : shownNodeFor(plan, picks, path);
    if (path === RECORD_PATH) (byNode[RECORD_PATH] ??= []).push(message);
    else if (node) {
      const deeper = node.path !== path ? `${pathInWords(plan, path)}: ` : '';
      (byNode[node.path] ??= []).push(`${deeper}${message}`);
    } else general.push(path === '(record)' ? message : `${fieldLabel(path)}: ${message}`);
  }
  return { byNode, general };
}

/** Schema messages in plain words where zod's are technical. */
function friendly(message: string): string {
  return /received undefined/.test(message) ? t('conflicts:messages.required') : message;
}

export type MergeState = {
  choices: Record<string, Choice>;
  preview: MergePreview | undefined;
  /** a choice the plan refuses (should not happen from the controls; shown if it does) */
  choiceError: string | undefined;
  typedErrors: Record<string, string>;
  /** why Save is disabled; undefined when it can save */
  blocker: string | undefined;
};

/** Everything the screen derives from the plan and the person's picks and typed texts. */
export function mergeState(plan: MergePlan, picks: Picks, typed: Readonly<Record<string, string>>): MergeState {
  const { choices, typedErrors } = buildChoices(plan, picks, typed);
  let preview: MergePreview | undefined;
  let choiceError: string | undefined;
  try {
    preview = previewMerge(plan, choices);
  } catch (err) {
    choiceError = err instanceof Error ? err.message : String(err);
  }
  return { choices, preview, choiceError, typedErrors, blocker: saveBlocker(plan, preview, typedErrors, choiceError) };
}

function saveBlocker(
  plan: MergePlan,
  preview: MergePreview | undefined,
  typedErrors: Record<string, string>,
  choiceError: string | undefined,
): string | undefined {
  if (choiceError) return t('conflicts:blocker.choice', { error: choiceError });
  const bad = Object.keys(typedErrors);
  if (bad.length) return t('conflicts:blocker.typed', { parts: bad.map((p) => pathInWords(plan, p)).join(', ') });
  if (!preview) return t('conflicts:blocker.noPreview');
  if (preview.unresolved.length) {
    const parts = preview.unresolved.map((p) => pathInWords(plan, p)).join(', ');
    return t('conflicts:blocker.unresolved', { count: preview.unresolved.length, parts });
  }
  if (!preview.validation.ok)
    return t('conflicts:blocker.invalid', { count: Object.keys(preview.validation.errors).length });
  return undefined;
}

const WHY = ['one-side', 'same-change', 'removed', 'union', 'items', 'fields', 'rule-min', 'rule-max'];

/** One line saying how a node differs and what was pre-selected, for its legend's description. */
export function nodeStatus(
  plan: MergePlan,
  node: PlanNode,
  picks: Picks,
  names: VersionNames,
): { text: string; needsChoice: boolean } {
  const order = (r: string) => plan.branches.findIndex((b) => b.rev === r);
  const who = [...node.changedBy]
    .sort((a, b) => order(a) - order(b))
    .map((r) => shortName(names, r))
    .join(t('conflicts:status.and'));
  const chosen = shownChoice(node, picks);
  const needsChoice = chosen === undefined;
  let text = t(`conflicts:status.${node.status}`, { who });
  if (needsChoice) text += ` — ${t('conflicts:status.needed')}`;
  else if (picks[node.path] === undefined && node.why)
    text += ` — ${WHY.includes(node.why) ? t(`conflicts:why.${node.why}`) : t('conflicts:why.same-change')}`;
  return { text, needsChoice };
}

/** A radio's label for one option, e.g. "bob's version: Dupont-B" or "Merge item by item". */
export function optionText(plan: MergePlan, node: PlanNode, c: Choice, names: VersionNames): string {
  const field = node.kind === 'item' ? undefined : node.label;
  switch (c.from) {
    case 'branch': {
      const v = node.values[c.rev];
      const dropped = node.kind === 'item' && v === undefined;
      return `${shortName(names, c.rev)}: ${dropped ? t('conflicts:option.dropped') : showValue(v, field)}`;
    }
    case 'ancestor':
      return `${t('conflicts:ancestor')}: ${showValue(node.ancestor, field)}`;
    case 'value':
      return t('conflicts:option.type');
    case 'merge':
      return node.kind === 'list' ? t('conflicts:option.mergeItems') : t('conflicts:option.mergeFields');
  }
}

/** DOM ids for the nodes (paths hold quotes and brackets): `merge-node-<n>` in plan order. */
export function nodeDomIds(plan: MergePlan): Map<string, string> {
  const out = new Map<string, string>([[RECORD_PATH, 'merge-node-record']]);
  let i = 0;
  for (const path of planNodes(plan).keys()) out.set(path, `merge-node-${i++}`);
  return out;
}
