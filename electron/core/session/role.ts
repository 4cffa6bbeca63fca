// A person's role on this workstation, read from their CouchDB roles (`_users` roles, set with
// setupPractice): a role named 'doctor', 'nurse' or 'secretary', or the same prefixed 'cw-role:'.
// An account with none is a doctor: the practices set up before roles existed had only doctors.
import { SESSION_ROLES, type SessionRole } from '../../../shared/contract/outputs';

// Strongest first: an account given two roles gets the one that may do more.
const ORDER: readonly SessionRole[] = ['doctor', 'nurse', 'secretary'];

export function roleFrom(roles: unknown): SessionRole {
  const names = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  const found = new Set(names.map((r) => r.replace(/^cw-role:/, '')).filter(isRole));
  return ORDER.find((r) => found.has(r)) ?? 'doctor';
}

const isRole = (r: string): r is SessionRole => (SESSION_ROLES as readonly string[]).includes(r);
