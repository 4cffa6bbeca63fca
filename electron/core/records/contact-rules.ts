// The core's rules for a contact save, beside the schema: measures within their limits (unusual
// ones only when confirmed), and corrections that never lose a recorded fact: a service already
// stored stays in the contact, and one entered in error stays exactly as it was marked.
import { CallError } from '../../../shared/contract/errors';
import {
  checkContactMeasures,
  describeMeasureIssue,
  isEnteredInError,
  type MeasureCode,
} from '../../../shared/clinical/measures';

type Obj = Record<string, unknown>;

export type ContactSaveOptions = {
  /** Unusual values the person confirmed. */
  confirmedMeasures?: readonly MeasureCode[];
  /** The service contacts.enterInError is marking (the one way a mark is written). */
  marking?: string;
};
const services = (doc: Obj | undefined): Obj[] =>
  Array.isArray(doc?.services)
    ? (doc.services as unknown[]).filter((s): s is Obj => s !== null && typeof s === 'object')
    : [];
const idOf = (s: Obj) => (typeof s.id === 'string' ? s.id : undefined);

/** The body to write, or a CallError('validation') naming each field that needs attention. */
export function applyContactRules(body: Obj, stored: Obj | undefined, opts: ContactSaveOptions = {}): Obj {
  const confirmed = opts.confirmedMeasures ?? [];
  const before = services(stored);
  const byId = new Map(before.flatMap((s) => (idOf(s) ? [[idOf(s)!, s] as const] : [])));
  const draft = Array.isArray(body.services) ? (body.services as unknown[]) : [];
  const fields: Record<string, string> = {};

  const next = draft.map((raw, i) => {
    const s = raw !== null && typeof raw === 'object' ? (raw as Obj) : {};
    const old = idOf(s) ? byId.get(idOf(s)!) : undefined;
    // Marked in error: kept as marked, whatever the draft says (only contacts.enterInError marks).
    if (old && isEnteredInError(old)) return old;
    if (isEnteredInError(s) && idOf(s) !== opts.marking)
      fields[`services.${i}.enteredInError`] = 'a fact is marked entered in error from the chart, not by a save';
    return raw;
  });
  const kept = new Set(next.flatMap((s) => (s && typeof s === 'object' && idOf(s as Obj) ? [idOf(s as Obj)] : [])));
  const dropped = [...byId.keys()].filter((id) => !kept.has(id));
  if (dropped.length > 0) fields.services = 'a recorded fact cannot be removed: mark it entered in error instead';

  for (const issue of checkContactMeasures(next, { previous: before, confirmed }))
    fields[issue.path] = describeMeasureIssue(issue);
  if (Object.keys(fields).length > 0)
    throw new CallError('validation', 'the contact was not saved: some fields need attention', fields);
  return { ...body, services: next };
}
