// The secrets file with a real AES-256-GCM cipher in place of safeStorage (which needs Electron).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE, createEncryptedFileStore, type Cipher } from './secrets';

// Copies into a plain Uint8Array: @types/node 20's Buffer does not satisfy TS 5.9's typed arrays.
const bytes = (b: ArrayLike<number>) => new Uint8Array(b);

function aesCipher(key = bytes(randomBytes(32)), available = true): Cipher {
  return {
    available: () => available,
    encrypt(plain) {
      const iv = bytes(randomBytes(12));
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = c.update(plain, 'utf8', 'base64') + c.final('base64');
      const tag = c.getAuthTag().toString('base64');
      return Buffer.from(JSON.stringify({ iv: Buffer.from(iv).toString('base64'), tag, body }));
    },
    decrypt(data) {
      const { iv, tag, body } = JSON.parse(data.toString('utf8')) as { iv: string; tag: string; body: string };
      const d = createDecipheriv('aes-256-gcm', key, bytes(Buffer.from(iv, 'base64')));
      d.setAuthTag(bytes(Buffer.from(tag, 'base64')));
      return d.update(body, 'base64', 'utf8') + d.final('utf8');
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clinic-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('encrypted secrets file', () => {
  it('stores, reads back, survives a new store and deletes; never in clear', async () => {
    const key = bytes(randomBytes(32));
    const store = createEncryptedFileStore(dir, aesCipher(key));
    expect(await store.get('practice.password')).toBeUndefined();
    await Promise.all([store.set('practice.password', 's3cret-pw'), store.set('practice.user', 'dr-who')]);
    const text = readFileSync(path.join(dir, SECRETS_FILE), 'utf8');
    expect(text).not.toContain('s3cret-pw');
    if (process.platform !== 'win32') expect(statSync(path.join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);

    const again = createEncryptedFileStore(dir, aesCipher(key));
    expect(await again.get('practice.password')).toBe('s3cret-pw');
    expect(await again.get('practice.user')).toBe('dr-who');
    await again.delete('practice.password');
    expect(await again.get('practice.password')).toBeUndefined();
    expect(await again.get('practice.user')).toBe('dr-who');
  });

  it('refuses to save without a key store, and says why', async () => {
    const store = createEncryptedFileStore(dir, aesCipher(undefined, false));
    await expect(store.set('k', 'v')).rejects.toThrow(/key store is not available/);
  });

  it('reports a value it cannot decrypt instead of returning garbage', async () => {
    await createEncryptedFileStore(dir, aesCipher()).set('k', 'v');
    await expect(createEncryptedFileStore(dir, aesCipher()).get('k')).rejects.toThrow(/cannot be decrypted/);
  });

  it('leaves a damaged file untouched', async () => {
    const file = path.join(dir, SECRETS_FILE);
    writeFileSync(file, '{ not json');
    const store = createEncryptedFileStore(dir, aesCipher());
    await expect(store.set('k', 'v')).rejects.toThrow(/damaged/);
    await expect(store.get('k')).rejects.toThrow(/damaged/);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });
});
