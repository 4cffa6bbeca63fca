// Who has signed in on this workstation: per person the password verifier (never the password),
// the role the server last gave, whether the server has since refused the known password, and the
// lockout count. One 0600 JSON file in the data folder, not a `_local/` document: the file is
// readable by this OS account only (LevelDB's files are not), it is read before the database is
// needed, and a database rebuilt from the server keeps the workstation's sign-ins. Written
// atomically (temp file + rename), so a crash leaves the old file or the new one.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LockoutState } from '../../../shared/auth/lockout';
import type { Role } from '../../../shared/auth/roles';
import { isVerifier, type Verifier } from './verifier';

export const PEOPLE_FILE = 'sign-ins.json';

export type Person = {
  verifier: Verifier;
  role: Role;
  /** The server refused the password the verifier accepts (changed there), or the person is no longer a member. */
  refusedByServer?: true;
  firstSignInAt: number;
  lastSignInAt: number;
};

type File = { version: 1; people: Record<string, Person>; lockout: Record<string, LockoutState> };

// Failures are counted for names never signed in here too; a bound keeps a flood of names small.
const MAX_LOCKOUT_ENTRIES = 500;

export class PeopleFile {
  private cache: File | undefined;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, PEOPLE_FILE);
  }

  async person(username: string): Promise<Person | undefined> {
    return own((await this.read()).people, username);
  }

  /** Whether anyone has ever signed in on this workstation (a failed attempt is no one). */
  async anyone(): Promise<boolean> {
    return Object.keys((await this.read()).people).length > 0;
  }

  async lockout(username: string): Promise<LockoutState | undefined> {
    return own((await this.read()).lockout, username);
  }

  async update(username: string, change: { person?: Person; lockout?: LockoutState }): Promise<void> {
    const f = await this.read();
    const next: File = { version: 1, people: dict(f.people), lockout: dict(f.lockout) };
    if (change.person) next.people[username] = change.person;
    if (change.lockout) {
      if (change.lockout.failures === 0) delete next.lockout[username];
      else next.lockout[username] = change.lockout;
      const names = Object.keys(next.lockout);
      for (const n of names.slice(0, Math.max(0, names.length - MAX_LOCKOUT_ENTRIES))) delete next.lockout[n];
    }
    await writeFile(`${this.file}.tmp`, JSON.stringify(next), { mode: 0o600 });
    await chmod(`${this.file}.tmp`, 0o600);
    await rename(`${this.file}.tmp`, this.file);
    this.cache = next;
  }

  private async read(): Promise<File> {
    if (this.cache) return this.cache;
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch (err) {
      // No file yet: nobody has signed in here. A damaged file is not guessed at: it is an error.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      raw = undefined;
    }
    this.cache = parse(raw);
    return this.cache;
  }
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A record with no prototype: a name such as "__proto__" is a key like any other. */
function dict<T>(from: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from);
}

function parse(raw: unknown): File {
  const f = (raw ?? {}) as Partial<File>;
  const people = dict<Person>();
  for (const [name, p] of Object.entries(f.people ?? {})) if (isVerifier(p?.verifier)) people[name] = p;
  const lockout = dict<LockoutState>();
  for (const [name, l] of Object.entries(f.lockout ?? {})) {
    if (Number.isFinite(l?.failures) && Number.isFinite(l?.waitUntil)) lockout[name] = l;
  }
  return { version: 1, people, lockout };
}
