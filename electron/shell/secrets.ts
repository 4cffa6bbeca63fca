// A SecretStore kept as one file of encrypted values in the data folder. The cipher is Electron's
// safeStorage in the app (see safe-storage.ts); the file logic is here so it can be tested in Node.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../core/types';

export type Cipher = {
  /** False when the OS offers no key store: secrets are then refused, never written in clear. */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
};

type SecretsFile = { version: 1; entries: Record<string, string> };

export const SECRETS_FILE = 'secrets.enc.json';

export function createEncryptedFileStore(dataDir: string, cipher: Cipher): SecretStore {
  const file = path.join(dataDir, SECRETS_FILE);
  // Writes are serialized so two quick `set`s cannot lose one another.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function load(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const entries = (parsed as SecretsFile | undefined)?.entries;
    if ((parsed as SecretsFile | undefined)?.version !== 1 || typeof entries !== 'object' || entries === null) {
      // Left as it is: a damaged file is the user's to inspect, not ours to overwrite.
      throw new Error(`the secrets file ${file} is damaged; move it away to start with no saved credentials`);
    }
    return { version: 1, entries: { ...entries } };
  }

  async function save(data: SecretsFile): Promise<void> {
    await mkdir(dataDir, { recursive: true });
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    await rename(tmp, file); // atomic: a crash leaves the old file or the new one, never half of one
  }

  return {
    async get(key) {
      const encoded = (await load()).entries[key];
      if (encoded === undefined) return undefined;
      if (!cipher.available())
        throw new Error('the system key store is not available: saved credentials cannot be read');
      try {
        return cipher.decrypt(Buffer.from(encoded, 'base64'));
      } catch {
        throw new Error(`the saved credential "${key}" cannot be decrypted (was the system key store reset?)`);
      }
    },
    set(key, value) {
      return serial(async () => {
        if (!cipher.available()) {
          throw new Error('the system key store is not available: the credential was not saved');
        }
        const data = await load();
        data.entries[key] = cipher.encrypt(value).toString('base64');
        await save(data);
      });
    },
    delete(key) {
      return serial(async () => {
        const data = await load();
        if (!(key in data.entries)) return;
        delete data.entries[key];
        await save(data);
      });
    },
  };
}
