// Connection settings: the server, database and user name in the data folder; the password only
// in the secret store (safeStorage in Electron, a 0600 file in the browser host).
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../types';

export type ConnectionSettings = { serverUrl: string; db: string; username: string; enabled: boolean };

const FILE = 'connection.json';
export const passwordKey = (s: { serverUrl: string; username: string }) => `couchdb:${s.serverUrl}:${s.username}`;

export async function loadSettings(dataDir: string): Promise<ConnectionSettings | undefined> {
  try {
    const s = JSON.parse(await readFile(path.join(dataDir, FILE), 'utf8')) as Partial<ConnectionSettings>;
    if (typeof s.serverUrl === 'string' && typeof s.db === 'string' && typeof s.username === 'string') {
      return { serverUrl: s.serverUrl, db: s.db, username: s.username, enabled: s.enabled !== false };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return undefined;
}

export async function saveSettings(dataDir: string, settings: ConnectionSettings, secrets: SecretStore, password?: string): Promise<void> {
  const file = path.join(dataDir, FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(settings, null, 2), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  if (password !== undefined) await secrets.set(passwordKey(settings), password);
}
