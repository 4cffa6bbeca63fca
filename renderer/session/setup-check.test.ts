import { describe, expect, it } from 'vitest';
import { MIN_SETUP_PASSWORD, setUpProblem } from './setup-check';

describe('setUpProblem', () => {
  it('asks for a user name first, then a long enough password, then the same one twice', () => {
    expect(setUpProblem('  ', 'short', 'other')).toEqual({ field: 'username', why: 'username' });
    expect(setUpProblem('ann', 'seven77', 'seven77')).toEqual({ field: 'password', why: 'short' });
    expect(setUpProblem('ann', 'long-enough', 'long-enougH')).toEqual({ field: 'repeat', why: 'mismatch' });
    expect(setUpProblem('ann', 'long-enough', 'long-enough')).toBeUndefined();
  });

  it('counts characters, not code units, as the core does', () => {
    expect(MIN_SETUP_PASSWORD).toBe(8);
    expect(setUpProblem('ann', 'éééééééé', 'éééééééé')).toBeUndefined();
    expect(setUpProblem('ann', '😀😀😀😀', '😀😀😀😀')).toEqual({ field: 'password', why: 'short' });
  });
});
