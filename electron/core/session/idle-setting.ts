// The practice's idle-lock time, from CLINIC_IDLE_LOCK_SECONDS (the shell and the browser host
// read it; the core takes a number). Out of range is an error at start-up, not a silent default:
// an IT person who set 0 to "never lock" must be told that it is not allowed.
export const IDLE_LOCK_MIN_S = 5;
export const IDLE_LOCK_MAX_S = 24 * 3600;

export function idleLockMsFromEnv(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env.CLINIC_IDLE_LOCK_SECONDS;
  if (raw === undefined || raw === '') return undefined;
  const s = Number(raw);
  if (!Number.isInteger(s) || s < IDLE_LOCK_MIN_S || s > IDLE_LOCK_MAX_S) {
    throw new Error(
      `CLINIC_IDLE_LOCK_SECONDS must be a whole number of seconds from ${IDLE_LOCK_MIN_S} to ${IDLE_LOCK_MAX_S}, not "${raw}"`,
    );
  }
  return s * 1000;
}
