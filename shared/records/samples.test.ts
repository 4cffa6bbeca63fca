import { describe, expect, it } from 'vitest';
import { isSampleId, SAMPLE_ID_PREFIX } from './samples';

describe('sample ids', () => {
  it('are told by their prefix alone', () => {
    expect(isSampleId(`${SAMPLE_ID_PREFIX}0f3a`)).toBe(true);
    expect(isSampleId('0f3a-sample-')).toBe(false);
    expect(isSampleId('patient:1')).toBe(false);
  });
});
