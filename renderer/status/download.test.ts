import { describe, expect, it } from 'vitest';
import { downloadText, leftText } from './download';

describe('download with time left', () => {
  it('says the counts and the time left, rounded so the bar does not flicker', () => {
    const p = { done: 12_000, total: 54_000, since: { at: 0, done: 0 }, etaMs: 38_200 };
    expect(downloadText(p)).toBe('Downloading the practice: 12,000 of 54,000 — about 40 s left');
    expect(leftText(1_000)).toBe('about 5 s left');
    expect(leftText(125_000)).toBe('about 2 min left');
    expect(leftText(80 * 60_000)).toBe('about 1 h 20 min left');
  });

  it('leaves the plain count to the caller until there is an estimate', () => {
    expect(downloadText(null)).toBeUndefined();
    expect(downloadText({ done: 100, total: 54_000, etaMs: null })).toBeUndefined();
    expect(downloadText({ done: 100, total: null })).toBeUndefined();
  });
});
