// Who may read and write what, as pure functions: the core checks every call with them, and the
// practice server's validate_doc_update (electron/practice-server/validate-function.ts) enforces
// the same for writes, with the same reasons (electron/practice-server/roles.test.ts runs one
// table of cases against both). The split is in the README's "Roles".
import { obj, type Doc } from '../clinical/records';
import { RECORD_TYPES, type RecordType } from '../records/schemas';
import { body, canonical, isOpenProblem, medicationsChanged, medicationsOf } from './facts';

export const ROLES = ['doctor', 'nurse', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

/** A person with no role is a doctor: the practices set up before roles keep working unchanged. */
export const DEFAULT_ROLE: Role = 'doctor';

/**
 * A role is a CouchDB user role `cw-role:<role>` in `_users` (prefixed so it never collides with
 * the roles a clinic's CouchDB already uses, e.g. in a database's _security).
 */
export const ROLE_PREFIX = 'cw-role:';

export const serverRole = (role: Role): string => ROLE_PREFIX + role;
export const isRole = (x: unknown): x is Role => typeof x === 'string' && (ROLES as readonly string[]).includes(x);

/**
 * The role a CouchDB user's roles give: none → doctor; several → the one with the least access;
 * a `cw-role:` this version does not know → secretary, so a typo or a newer role never grants more.
 */
export function roleFromServerRoles(roles: readonly string[]): Role {
  let found: Role | undefined;
  for (const r of roles) {
    if (!r.startsWith(ROLE_PREFIX)) continue;
    const name = r.slice(ROLE_PREFIX.length);
    const role: Role = isRole(name) ? name : 'secretary';
    if (found === undefined || ROLES.indexOf(role) > ROLES.indexOf(found)) found = role;
  }
  return found ?? DEFAULT_ROLE;
}

const effective = (role: Role | null | undefined): Role => role ?? DEFAULT_ROLE;

/** The records a secretary works with: demographics, addresses and telecoms, nothing clinical. */
const ADMINISTRATIVE: readonly RecordType[] = ['patient', 'healthcareParty', 'user', 'accessLog', 'conflictResolution'];
/** The records whose merges a secretary may settle (conflictResolution.docType). */
const ADMINISTRATIVE_RECORDS: readonly string[] = ['patient', 'healthcareParty', 'user'];

/** Whether a role reads records of this type at all (canReadRecord decides per record). */
export function canRead(role: Role | null | undefined, type: RecordType): boolean {
  return effective(role) !== 'secretary' || ADMINISTRATIVE.includes(type);
}

/** Whether a role writes records of this type at all (writeProblem decides per write). */
export function canWrite(role: Role | null | undefined, type: RecordType): boolean {
  return canRead(role, type);
}

/**
 * Whether `reader` (the signed-in person's user name) with this role may see this record:
 * access logs are read by doctors and by the person they name; a merge record by whoever reads
 * the record it merged.
 */
export function canReadRecord(role: Role | null | undefined, doc: Doc, reader: string): boolean {
  const r = effective(role);
  const type = doc.type;
  if (typeof type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(type)) return r === 'doctor';
  if (!canRead(r, type as RecordType)) return false;
  if (type === 'accessLog') return r === 'doctor' || doc.user === reader;
  if (type === 'conflictResolution') return r !== 'secretary' || ADMINISTRATIVE_RECORDS.includes(String(doc.docType));
  return true;
}

/** Fields of a record type a role neither sees nor writes: a secretary never sees a patient's note. */
export function hiddenFields(role: Role | null | undefined, type: string): readonly string[] {
  return effective(role) === 'secretary' && type === 'patient' ? ['note'] : [];
}

function without(doc: Doc, fields: readonly string[]): Doc {
  if (fields.length === 0) return doc;
  const out = { ...doc };
  for (const f of fields) delete out[f];
  return out;
}

/** The record as this role may see it (hidden fields left out, also in a merge's discarded bodies). */
export function redact(role: Role | null | undefined, doc: Doc): Doc {
  const out = without(doc, hiddenFields(role, String(doc.type)));
  if (doc.type === 'conflictResolution' && Array.isArray(doc.discarded)) {
    const fields = hiddenFields(role, String(doc.docType));
    if (fields.length > 0) out.discarded = doc.discarded.map((d) => without(obj(d), fields));
  }
  return out;
}

/** A draft saved by a role that could not see some fields gets them back from the stored version. */
export function keepHidden(role: Role | null | undefined, draft: Doc, stored: Doc | null): Doc {
  const fields = hiddenFields(role, String(draft.type));
  if (fields.length === 0) return draft;
  const out = without(draft, fields);
  for (const f of fields) if (stored && stored[f] !== undefined) out[f] = stored[f];
  return out;
}

export const REASONS = {
  unknownType: (t: unknown) => 'Unknown or missing document type: ' + JSON.stringify(t === undefined ? null : t) + '.',
  accessLogDeleted: 'An access log cannot be deleted.',
  accessLogChanged: 'An access log cannot be changed.',
  accessLogOwner: 'An access log is written by the person it names (user must be the author).',
  notForRole: (role: Role, type: string) => 'A ' + role + ' may not write ' + type + ' records.',
  note: "A secretary may not write a patient's note.",
  closeProblem: 'A nurse may not close a problem or an allergy.',
  medication: 'A nurse may not add, change or stop a medication.',
  otherUser: "Only a doctor may write another person's user record.",
  userRoles: 'Only a doctor may change the roles of a user record.',
} as const;

const roleType = (doc: Doc | null): string => (doc ? String(doc.type) : '');
const writable = (role: Role, type: string): boolean =>
  role !== 'secretary' || (ADMINISTRATIVE as readonly string[]).includes(type);

/** What a role may not do to a record of its type; deletions are checked against the stored version. */
function roleProblem(role: Role, next: Doc | null, old: Doc | null): string | null {
  for (const t of [roleType(old), roleType(next)])
    if (t !== '' && !writable(role, t)) return REASONS.notForRole(role, t);
  const type = next ? roleType(next) : roleType(old);
  if (type === 'conflictResolution' && next && role === 'secretary') {
    const merged = String(next.docType);
    if (!ADMINISTRATIVE_RECORDS.includes(merged)) return REASONS.notForRole(role, merged);
  }
  if (
    type === 'patient' &&
    next &&
    role === 'secretary' &&
    canonical(next.note) !== canonical(old ? old.note : undefined)
  )
    return REASONS.note;
  if (type === 'healthElement' && role === 'nurse' && isOpenProblem(old) && !isOpenProblem(next))
    return REASONS.closeProblem;
  if (type === 'contact' && role === 'nurse') {
    if (next ? medicationsChanged(next, old) : medicationsOf(old).size > 0) return REASONS.medication;
  }
  if (type === 'user' && role !== 'doctor') {
    if (!next || next.login !== next.author) return REASONS.otherUser;
    if (canonical(next.roles ?? []) !== canonical(old ? (old.roles ?? []) : [])) return REASONS.userRoles;
  }
  return null;
}

/**
 * Why `role` may not write `newDoc` over `oldDoc` (the stored version, null for a new record),
 * or null when it may. A deletion is `{ _id, _rev, _deleted: true }`. Authorship (`author` is the
 * writer) is the core's stamp and the server's own rule, not checked here.
 */
export function writeProblem(role: Role | null | undefined, newDoc: Doc, oldDoc: Doc | null): string | null {
  const old = oldDoc && oldDoc._deleted !== true ? oldDoc : null;
  const deleted = newDoc._deleted === true;
  if (old && old.type === 'accessLog') {
    if (deleted) return REASONS.accessLogDeleted;
    // Written again unchanged (a push retried after a lost answer) is no change.
    if (canonical(body(newDoc)) !== canonical(body(old))) return REASONS.accessLogChanged;
  }
  const r = effective(role);
  if (deleted) return old ? roleProblem(r, null, old) : null;
  if (typeof newDoc.type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(newDoc.type))
    return REASONS.unknownType(newDoc.type);
  if (newDoc.type === 'accessLog' && !old && newDoc.user !== newDoc.author) return REASONS.accessLogOwner;
  return roleProblem(r, newDoc, old);
}
