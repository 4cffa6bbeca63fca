// The first-run rules of a workstation set up by its own first person (no practice server yet, or
// none at all for a solo practice): when it is allowed, and the password it asks for. Nobody
// checks that password but this workstation, so it must not be trivially short.
import { longEnoughForSetUp, MIN_SETUP_PASSWORD } from '../../../shared/auth/setup-password';
import { CallError } from '../../../shared/contract/errors';

export { MIN_SETUP_PASSWORD } from '../../../shared/auth/setup-password';

export const alreadySetUp = () =>
  new CallError(
    'forbidden',
    'this workstation is already set up (someone has signed in here, or a practice server is set up): sign in instead',
  );

/** Throws a 'validation' error naming the password field when it is too short. */
export function checkSetUpPassword(password: string): void {
  if (longEnoughForSetUp(password)) return;
  throw new CallError('validation', 'the account was not created: the password is too short', {
    password: `at least ${MIN_SETUP_PASSWORD} characters`,
  });
}
