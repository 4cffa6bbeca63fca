// What a refused sign-in or unlock says, in the person's language, and how long the form waits
// before the next try (the core's growing wait after repeated failures).
import { RemoteCallError } from '../../shared/contract/errors';
import { fixedT } from '../i18n';

const t = fixedT('session');

export type Refusal = {
  message: string;
  /** Epoch ms before which the password cannot be tried again (the form is disabled till then). */
  waitUntil?: number;
};

/** A wait as "45 s" or "2 min 05 s", rounded up (never "0 s" while still waiting). */
export function waitText(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const min = Math.floor(total / 60);
  const sec = total % 60;
  return min === 0 ? t('wait.seconds', { s: sec }) : t('wait.minutes', { m: min, s: String(sec).padStart(2, '0') });
}

/** The refusal of `session.signIn` (or of `session.unlock`: `unlocking`) as a message. */
export function refusal(err: unknown, now: number, unlocking = false): Refusal {
  if (!(err instanceof RemoteCallError)) return { message: t('errors.other', { error: String(err) }) };
  const waitMs = err.attempts?.waitMs ?? 0;
  const waiting = waitMs > 0 ? { waitUntil: now + waitMs } : {};
  switch (err.code) {
    case 'wrong-password': {
      const left = err.attempts?.left;
      const what = unlocking ? t('errors.wrongPasswordUnlock') : t('errors.wrongPassword');
      if (waitMs > 0) return { message: `${what} ${t('errors.nowWait')}`, ...waiting };
      if (left === undefined) return { message: what };
      return { message: `${what} ${t('errors.attemptsLeft', { count: left })}` };
    }
    case 'too-many-attempts':
      return { message: t('errors.tooMany'), ...waiting };
    case 'password-changed':
      return { message: t('errors.passwordChanged') };
    case 'needs-server':
      return { message: t('errors.needsServer') };
    case 'forbidden':
      return { message: t('errors.notMember') };
    case 'invalid-input':
      return { message: t('errors.invalid') };
    case 'unavailable':
      return { message: t('errors.unavailable') };
    default:
      return { message: t('errors.other', { error: err.message }) };
  }
}
