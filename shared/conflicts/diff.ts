// Field-level diff of two bodies of one document (a revision against its ancestor, or two
// branches). CouchDB's own fields (`_rev`, `_revisions`, `_conflicts`, `_deleted` …) are never
// compared; the stamps (`created`, `modified`, `author`, `device`) are reported apart, because
// they change on every write and are shown but never chosen.
import { STAMP_KEYS } from '../records/schemas';
import { deepEqual, type Json, type JsonObject } from './json';

export const STAMP_FIELDS: readonly string[] = STAMP_KEYS;

/** CouchDB's reserved fields start with '_'; `_id` names the document and is never a difference. */
export function isMetaField(field: string): boolean {
  return field.startsWith('_');
}

export function isStampField(field: string): boolean {
  return STAMP_FIELDS.includes(field);
}

export type FieldChange = {
  field: string;
  kind: 'added' | 'removed' | 'changed';
  /** absent when the field was added */
  before?: Json;
  /** absent when the field was removed */
  after?: Json;
  /** a stamp field (created, modified, author, device) */
  stamp: boolean;
};

/**
 * The union of the fields of several bodies, in first-seen order; CouchDB's own fields are left
 * out unless `meta` (list items are not documents: their `_` fields are data).
 */
export function fieldUnion(bodies: readonly (JsonObject | undefined)[], meta = false): string[] {
  const seen = new Set<string>();
  for (const b of bodies) {
    if (!b) continue;
    for (const [k, v] of Object.entries(b)) if (v !== undefined && (meta || !isMetaField(k))) seen.add(k);
  }
  return [...seen];
}

/**
 * Top-level fields that differ from `before` to `after` (`before` undefined: every field is
 * added). Stamp fields are included, flagged, unless `stamps: false`.
 */
export function diffFields(
  before: JsonObject | undefined,
  after: JsonObject,
  options: { stamps?: boolean } = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fieldUnion([before, after])) {
    const stamp = isStampField(field);
    if (stamp && options.stamps === false) continue;
    const b = before?.[field];
    const a = after[field];
    if (deepEqual(b, a)) continue;
    if (b === undefined) out.push({ field, kind: 'added', after: a as Json, stamp });
    else if (a === undefined) out.push({ field, kind: 'removed', before: b, stamp });
    else out.push({ field, kind: 'changed', before: b, after: a, stamp });
  }
  return out;
}
