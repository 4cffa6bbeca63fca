// A person's role on this workstation: what their CouchDB roles give by the rule the practice
// server's validate_doc_update applies (shared/auth/roles.ts: `cw-role:<role>`, none → doctor,
// several → the least access), so the core never grants what the server would refuse.
import { roleFromServerRoles, type Role } from '../../../shared/auth/roles';

export function roleFrom(roles: unknown): Role {
  return roleFromServerRoles(Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : []);
}
