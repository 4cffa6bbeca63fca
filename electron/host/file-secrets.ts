// The browser host's secret store: a 0600 JSON file in its data folder (Electron uses safeStorage).
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../core/types';

export function fileSecretStore(dataDir: string): SecretStore {
  const file = path.join(dataDir, 'secrets.json');
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  };
  const write = async (all: Record<string, string>) => {
    await writeFile(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
    await chmod(`${file}.tmp`, 0o600);
    await rename(`${file}.tmp`, file);
  };
  return {
    async get(key) {
      return (await read())[key];
    },
    async set(key, value) {
      await write({ ...(await read()), [key]: value });
    },
    async delete(key) {
      const all = await read();
      delete all[key];
      await write(all);
    },
  };
}
