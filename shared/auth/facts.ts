// The facts of a record the role policy looks at, read tolerantly (any shape another client
// wrote, never throws). The practice server's validate_doc_update (ES5, in
// electron/practice-server/validate-function.ts) reads the same facts the same way; the parity
// test keeps the two in agreement.
import { arr, obj, type Doc } from '../clinical/records';
import { healthElementKind, isActive } from '../clinical/summary';

/** JSON with object keys sorted and undefined members left out: equal facts, equal text. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : canonical(x))).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const o = v as Doc;
    const parts = Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => JSON.stringify(k) + ':' + canonical(o[k]));
    return '{' + parts.join(',') + '}';
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** The record's own fields: CouchDB's `_`-fields (`_rev`, `_revisions`, …) left out. */
export function body(doc: Doc): Doc {
  const out: Doc = {};
  for (const k of Object.keys(doc)) if (k.charAt(0) !== '_') out[k] = doc[k];
  return out;
}

/** A service holding a medication (shared/clinical/summary.ts: medicationValue in any language). */
export function isMedication(service: unknown): boolean {
  const content = obj(obj(service).content);
  return Object.keys(content).some((lang) => {
    const m = obj(content[lang]).medicationValue;
    return m !== undefined && m !== null;
  });
}

/** The contact's medication services by id (`#index` for one without), as canonical JSON. */
export function medicationsOf(contact: Doc | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!contact) return out;
  arr(contact.services).forEach((s, i) => {
    if (!isMedication(s)) return;
    const id = obj(s).id;
    out.set(typeof id === 'string' && id !== '' ? id : '#' + String(i), canonical(s));
  });
  return out;
}

/** Whether a medication service was added, changed or removed between two versions of a contact. */
export function medicationsChanged(next: Doc | null, prev: Doc | null): boolean {
  const a = medicationsOf(next);
  const b = medicationsOf(prev);
  if (a.size !== b.size) return true;
  for (const [id, text] of a) if (b.get(id) !== text) return true;
  return false;
}

/**
 * A health element that is on the problem or allergy list: active (shared/clinical/summary.ts
 * isActive) and not a "no known allergies" entry, which recording an allergy closes.
 */
export function isOpenProblem(he: Doc | null): boolean {
  return he !== null && isActive(he) && healthElementKind(he) !== 'noKnownAllergies';
}
