// Checking a merged body against the record schemas before it can be saved, with the errors
// keyed by plan paths so the screen can show each one beside its field.
import { validateRecord, type AnyRecord } from '../records/schemas';
import { applyChoices, planNodes, unresolved } from './apply';
import { isObject, type Json, type JsonObject } from './json';
import { itemKey, listIdentity } from './lists';
import { childPath, isWithin, itemPath } from './paths';
import type { Choices, MergePlan, PlanNode } from './plan';

export type MergeValidation =
  | { ok: true; deleted: false; value: AnyRecord }
  | { ok: true; deleted: true }
  | { ok: false; errors: Record<string, string> };

/**
 * Validate a merged body (from applyChoices). A deletion (`_deleted: true`) has nothing to
 * validate. Error keys are plan paths (`addresses["a1"].city`), `(record)` for the whole record.
 */
export function validateMerged(body: JsonObject): MergeValidation {
  if (body._deleted === true) return { ok: true, deleted: true };
  const r = validateRecord(body);
  if (r.ok) return { ok: true, deleted: false, value: r.value };
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(r.errors)) {
    const path = key === '(record)' ? key : planPath(body, key.split('.'));
    errors[path] ??= message;
  }
  return { ok: false, errors };
}

/** A schema path (`addresses.0.city`) as a plan path, items named by identity rather than index. */
function planPath(body: JsonObject, parts: readonly string[]): string {
  let path = '';
  let here: Json | undefined = body;
  for (const part of parts) {
    if (Array.isArray(here) && /^\d+$/.test(part)) {
      const item: Json | undefined = here[Number(part)];
      const identity = listIdentity([here]);
      path = identity && item !== undefined ? itemPath(path, itemKey(identity, item)) : `${path}[#${part}]`;
      here = item;
    } else {
      path = childPath(path, part);
      here = isObject(here) ? here[part] : undefined;
    }
  }
  return path;
}

/** The deepest plan node at or above `path` (where to show an error); undefined: a field the plan does not list. */
export function nodeForPath(plan: MergePlan, path: string): PlanNode | undefined {
  let best: PlanNode | undefined;
  for (const [p, n] of planNodes(plan)) if (isWithin(path, p) && (!best || p.length > best.path.length)) best = n;
  return best;
}

export type MergePreview = {
  body: JsonObject;
  unresolved: string[];
  validation: MergeValidation;
  /** nothing left to decide and the body is a valid record (or a deletion) */
  canSave: boolean;
};

/** Everything the preview pane shows, in one call. Throws ChoiceError like applyChoices. */
export function previewMerge(plan: MergePlan, choices: Choices): MergePreview {
  const body = applyChoices(plan, choices);
  const open = unresolved(plan, choices);
  const validation = validateMerged(body);
  return { body, unresolved: open, validation, canSave: open.length === 0 && validation.ok };
}
