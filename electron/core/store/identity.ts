// Who and where: the workstation id (created on first run) and the current user.
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type Identity = {
  deviceId: string;
  /** The user's login; the `author` of every write (the practice server checks it). */
  userId: string;
  userName: string;
  healthcarePartyId: string;
};

const FILE = 'workstation.json';

export async function loadIdentity(dataDir: string): Promise<{ identity: Identity; created: boolean }> {
  const file = path.join(dataDir, FILE);
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Identity>;
    if (parsed.deviceId && parsed.userId && parsed.healthcarePartyId) {
      return {
        identity: {
          deviceId: parsed.deviceId,
          userId: parsed.userId,
          userName: parsed.userName ?? parsed.userId,
          healthcarePartyId: parsed.healthcarePartyId,
        },
        created: false,
      };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const identity: Identity = {
    deviceId: randomUUID(),
    userId: 'local', // a placeholder until the first server login (see records/adopt.ts)
    userName: 'Local clinician',
    healthcarePartyId: randomUUID(),
  };
  await saveIdentity(dataDir, identity);
  return { identity, created: true };
}

export async function saveIdentity(dataDir: string, identity: Identity): Promise<void> {
  const file = path.join(dataDir, FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(identity, null, 2), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}
