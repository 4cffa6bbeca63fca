import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, resolveAppFile } from './app-files';

const root = path.resolve('/srv/out/renderer');

describe('resolveAppFile', () => {
  it('maps app://bundle/ paths into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://bundle/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://bundle/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://bundle/assets/main-1a2b.js?v=1')).toBe(path.join(root, 'assets/main-1a2b.js'));
  });
  it('never resolves outside the folder, however the path is spelled', () => {
    for (const url of [
      'app://bundle/../../etc/passwd',
      'app://bundle/%2e%2e/%2e%2e/etc/passwd',
      'app://bundle/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
      'app://bundle/..%5c..%5cetc/passwd',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== undefined) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://bundle/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd')).toBeUndefined();
  });
  it('refuses URLs that are not the bundle or cannot be decoded', () => {
    for (const url of [
      'app://bundle/a%00b',
      'app://bundle/%E0%A4%A',
      'app://evil/index.html',
      'file:///srv/out/renderer/index.html',
      'nonsense',
    ]) {
      expect(resolveAppFile(root, url), url).toBeUndefined();
    }
  });
});

describe('contentType', () => {
  it('names the types the bundle uses', () => {
    expect(contentType('/x/index.html')).toMatch(/^text\/html/);
    expect(contentType('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(contentType('/x/a.css')).toMatch(/^text\/css/);
    expect(contentType('/x/a.bin')).toBe('application/octet-stream');
  });
});
