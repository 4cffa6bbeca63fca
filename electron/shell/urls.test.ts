import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isSafeExternalUrl } from './urls';

describe('isAppUrl', () => {
  it('accepts the bundle and, when given, the dev server origin only', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://bundle/assets/x.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('opens https links only', () => {
    expect(isSafeExternalUrl('https://www.example.org/help?q=1')).toBe(true);
    for (const url of [
      'http://example.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'https://user:pw@example.org/',
      'https://',
      `https://example.org/${'a'.repeat(3000)}`,
      'garbage',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
