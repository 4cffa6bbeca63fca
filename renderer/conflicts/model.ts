// The merge screen's logic, apart from React: what each control selects, how typed values become
// choices, which nodes are on screen, where validation errors go and why Save is disabled.
import {
  RECORD_PATH,
  branchLabel,
  isWithin,
  nodeForPath,
  planNodes,
  previewMerge,
  type Choice,
  type Json,
  type MergePlan,
  type MergePreview,
  type PlanNode,
} from '../../shared/conflicts';
import { parseNumber } from '../forms/values';
import { fieldLabel, showValue, whoWhere } from './format';

/** A stable string for a choice, used as a radio's value. */
export function choiceKey(c: Choice | undefined): string {
  if (!c) return '';
  return c.from === 'branch' ? `branch:${c.rev}` : c.from;
}

/** What the person picked per path; a `value` pick's content lives in the typed texts. */
export type Picks = Readonly<Record<string, Choice>>;

/** The choice a node's control shows: the person's pick, else the pre-filled default. */
export function shownChoice(node: { path: string; default?: Choice }, picks: Picks): Choice | undefined {
  return picks[node.path] ?? node.default;
}

/** How a typed value is entered: plain text for text fields, a number for numbers, else JSON. */
export type TypedMode = 'text' | 'number' | 'json';

export function typedMode(node: PlanNode): TypedMode {
  const vals = [
    ...Object.values(node.values),
    ...(node.hasAncestor && node.ancestor !== undefined ? [node.ancestor] : []),
  ];
  if (node.kind === 'value' && vals.length > 0 && vals.every((v) => typeof v === 'string')) return 'text';
  if (node.kind === 'value' && vals.length > 0 && vals.every((v) => typeof v === 'number')) return 'number';
  return 'json';
}

/** The text a typed-value box starts with: mine's value (else the first side's), ready to edit. */
export function initialTyped(plan: MergePlan, node: PlanNode): string {
  const v = node.values[plan.winnerRev] ?? node.values[node.sides[0] ?? ''];
  if (v === undefined) return '';
  const mode = typedMode(node);
  if (mode === 'text' && typeof v === 'string') return v;
  if (mode === 'number' && typeof v === 'number') return String(v);
  return JSON.stringify(v, null, 2);
}

/** Typed text → the choice it makes; empty text removes the field or item. */
export function parseTyped(mode: TypedMode, text: string): { ok: true; choice: Choice } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, choice: { from: 'value' } };
  if (mode === 'text') return { ok: true, choice: { from: 'value', value: text } };
  if (mode === 'number') {
    const n = parseNumber(text);
    return n === undefined
      ? { ok: false, error: 'enter a number, e.g. 12 or 37.5' }
      : { ok: true, choice: { from: 'value', value: n } };
  }
  try {
    return { ok: true, choice: { from: 'value', value: JSON.parse(text) as Json } };
  } catch {
    return { ok: false, error: 'not valid JSON: check quotes, commas and brackets' };
  }
}

/**
 * The choices sent to previewMerge and the core: the picks, with each typed value read from its
 * text. A typed text that does not parse leaves its node out (so it cannot save) and is reported.
 */
export function buildChoices(
  plan: MergePlan,
  picks: Picks,
  typed: Readonly<Record<string, string>>,
): {
  choices: Record<string, Choice>;
  typedErrors: Record<string, string>;
} {
  const nodes = planNodes(plan);
  const choices: Record<string, Choice> = {};
  const typedErrors: Record<string, string> = {};
  for (const [path, c] of Object.entries(picks)) {
    const node = nodes.get(path);
    if (c.from !== 'value' || !node) {
      choices[path] = c;
      continue;
    }
    const r = parseTyped(typedMode(node), typed[path] ?? '');
    if (r.ok) choices[path] = r.choice;
    else typedErrors[path] = r.error;
  }
  return { choices, typedErrors };
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

/** "Addresses › a1 › City": a node path in words. */
export function pathInWords(plan: MergePlan, path: string): string {
  if (path === RECORD_PATH) return 'Keep or delete the record';
  const nodes = chain(plan, path);
  if (nodes.length === 0) return path === '(record)' ? 'The record' : path;
  return nodes.map((n) => (n.kind === 'item' ? itemTitle(plan, n) : fieldLabel(n.label))).join(' › ');
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
  return /received undefined/.test(message) ? 'required: choose a version or type a value' : message;
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
  if (choiceError) return `A choice does not fit this merge: ${choiceError}`;
  const bad = Object.keys(typedErrors);
  if (bad.length) return `Fix the typed value of ${bad.map((p) => pathInWords(plan, p)).join(', ')}.`;
  if (!preview) return 'The merge could not be previewed.';
  if (preview.unresolved.length) {
    const n = preview.unresolved.length;
    return `${n} ${n === 1 ? 'choice is' : 'choices are'} still needed: ${preview.unresolved.map((p) => pathInWords(plan, p)).join(', ')}.`;
  }
  if (!preview.validation.ok) {
    const n = Object.keys(preview.validation.errors).length;
    return `The merged record is not valid yet (${n} ${n === 1 ? 'problem' : 'problems'}; see the messages beside the fields).`;
  }
  return undefined;
}

/** A column header: who made this version, where, when; deleted or not. */
export function branchHeading(
  plan: MergePlan,
  rev: string,
): { label: string; detail: string; deleted: boolean; winner: boolean } {
  const b = plan.branches.find((x) => x.rev === rev);
  return {
    label: branchLabel(plan, rev),
    detail: b ? whoWhere(b) : '',
    deleted: b?.deleted ?? false,
    winner: rev === plan.winnerRev,
  };
}

/** One line saying how a node differs and what was pre-selected, for its legend's description. */
export function nodeStatus(plan: MergePlan, node: PlanNode, picks: Picks): { text: string; needsChoice: boolean } {
  const order = (r: string) => plan.branches.findIndex((b) => b.rev === r);
  const names = (revs: readonly string[]) =>
    [...revs]
      .sort((a, b) => order(a) - order(b))
      .map((r) => branchLabel(plan, r))
      .join(' and ');
  const chosen = shownChoice(node, picks);
  const needsChoice = chosen === undefined;
  let text: string;
  switch (node.status) {
    case 'one-side':
      text = `Changed by ${names(node.changedBy)} only`;
      break;
    case 'same-change':
      text = 'Changed the same way on every side';
      break;
    case 'both-changed':
      text = `Changed differently by ${names(node.changedBy)}`;
      break;
    case 'no-ancestor':
      text = 'Differs between the versions; no common ancestor says who changed it';
      break;
  }
  const why: Record<string, string> = {
    'one-side': 'the change is pre-selected',
    'same-change': 'pre-selected',
    removed: 'the removal is pre-selected: check it',
    union: 'kept, since nothing says it was removed: check it',
    items: 'merged item by item',
    fields: 'merged field by field',
    'rule-min': 'pre-filled with the earliest date: check it',
    'rule-max': 'pre-filled with the latest date: check it',
  };
  if (needsChoice) text += ' — your choice is needed';
  else if (picks[node.path] === undefined && node.why) text += ` — ${why[node.why] ?? 'pre-selected'}`;
  return { text, needsChoice };
}

/** A radio's label for one option, e.g. "theirs: Dupont-B" or "Merge item by item". */
export function optionText(plan: MergePlan, node: PlanNode, c: Choice): string {
  const field = node.kind === 'item' ? undefined : node.label;
  switch (c.from) {
    case 'branch': {
      const v = node.values[c.rev];
      const deletedHere = node.kind === 'item' && v === undefined;
      return `${branchLabel(plan, c.rev)}: ${deletedHere ? '(not there: drop it)' : showValue(v, field)}`;
    }
    case 'ancestor':
      return `ancestor: ${showValue(node.ancestor, field)}`;
    case 'value':
      return 'Type a value';
    case 'merge':
      return node.kind === 'list' ? 'Merge item by item' : 'Merge field by field';
  }
}

/** A list item in words, from whichever version holds it: "Rue Haute 5, Gent", "mobile +32…". */
export function itemTitle(plan: MergePlan, node: PlanNode): string {
  const v = node.values[plan.winnerRev] ?? Object.values(node.values)[0] ?? node.ancestor;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v === undefined ? node.label : showValue(v);
  const s = (k: string) => (typeof v[k] === 'string' || typeof v[k] === 'number' ? String(v[k]) : '');
  const parts = [
    [s('telecomType'), s('telecomNumber')].filter(Boolean).join(' '),
    [s('street'), s('houseNumber')].filter(Boolean).join(' '),
    [s('postalCode'), s('city')].filter(Boolean).join(' '),
    s('label') || s('descr') || s('name'),
    s('type') && s('code') ? `${s('type')} ${s('code')}` : '',
  ].filter(Boolean);
  const what = parts.join(', ');
  return what ? `${what} (${node.label})` : node.label;
}

/** DOM ids for the nodes (paths hold quotes and brackets): `merge-node-<n>` in plan order. */
export function nodeDomIds(plan: MergePlan): Map<string, string> {
  const out = new Map<string, string>([[RECORD_PATH, 'merge-node-record']]);
  let i = 0;
  for (const path of planNodes(plan).keys()) out.set(path, `merge-node-${i++}`);
  return out;
}
