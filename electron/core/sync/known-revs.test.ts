import { describe, expect, it } from 'vitest';
import { KnownRevs } from './known-revs';

describe('KnownRevs', () => {
  it('forgets what is behind the checkpoint but keeps what was added while the feed was read', () => {
    const k = new KnownRevs();
    k.add('old', '1-a');
    const mark = k.mark();
    k.add('pulled-meanwhile', '1-b'); // written by a pull after the count read the feed
    k.retainOnly(new Set(), mark);
    expect(k.has('old', '1-a')).toBe(false);
    expect(k.has('pulled-meanwhile', '1-b')).toBe(true);
    expect(k.hasAll('pulled-meanwhile', ['1-b'])).toBe(true);
  });
});
