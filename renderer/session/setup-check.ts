// What the set-up form checks before asking the core: a user name, a password long enough, the same
// password twice. The core checks the length again (electron/core/session/first-run.ts), so a
// renderer out of step cannot create a shorter one. The rule is shared/auth/setup-password.ts.
import { longEnoughForSetUp } from '../../shared/auth/setup-password';

export { MIN_SETUP_PASSWORD } from '../../shared/auth/setup-password';

export type SetUpProblem =
  | { field: 'username'; why: 'username' }
  | { field: 'password'; why: 'short' }
  | {
      field: 'repeat';
      why: 'mismatch';
    };

/** The first thing to fix, field by field from the top; undefined when the form may be sent. */
export function setUpProblem(username: string, password: string, repeat: string): SetUpProblem | undefined {
  if (!username.trim()) return { field: 'username', why: 'username' };
  if (!longEnoughForSetUp(password)) return { field: 'password', why: 'short' };
  if (password !== repeat) return { field: 'repeat', why: 'mismatch' };
  return undefined;
}
