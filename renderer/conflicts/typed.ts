// Values typed by hand on the merge screen: how each is entered, what its box starts with, and
// how the texts become choices (a text that does not parse leaves its node out, so it cannot save).
import { planNodes, type Choice, type Json, type MergePlan, type PlanNode } from '../../shared/conflicts';
import { parseNumber } from '../forms/values';
import { t } from './tr';

/** What the person picked per path; a `value` pick's content lives in the typed texts. */
export type Picks = Readonly<Record<string, Choice>>;

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

/** The text a typed-value box starts with: the shown version's value (else the first side's). */
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
      ? { ok: false, error: t('conflicts:typed.notNumber') }
      : { ok: true, choice: { from: 'value', value: n } };
  }
  try {
    return { ok: true, choice: { from: 'value', value: JSON.parse(text) as Json } };
  } catch {
    return { ok: false, error: t('conflicts:typed.notJson') };
  }
}

/** The choices sent to previewMerge and the core: the picks, with each typed value read from its text. */
export function buildChoices(
  plan: MergePlan,
  picks: Picks,
  typed: Readonly<Record<string, string>>,
): { choices: Record<string, Choice>; typedErrors: Record<string, string> } {
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
