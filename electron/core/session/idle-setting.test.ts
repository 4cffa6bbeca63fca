import { describe, expect, it } from 'vitest';
import { idleLockMsFromEnv } from './idle-setting';

describe('the idle-lock setting', () => {
  it('is read in seconds, absent means the core default', () => {
    expect(idleLockMsFromEnv({})).toBeUndefined();
    expect(idleLockMsFromEnv({ CLINIC_IDLE_LOCK_SECONDS: '120' })).toBe(120_000);
  });
  it('refuses what would never lock or is not a number, with the rule', () => {
    for (const bad of ['0', '-5', '1.5', 'five', '999999']) {
      expect(() => idleLockMsFromEnv({ CLINIC_IDLE_LOCK_SECONDS: bad })).toThrow(/from 5 to 86400/);
    }
  });
});
