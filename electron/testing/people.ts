// People who have signed in on a workstation before, for tests: their verifiers written into the
// data folder (as a first sign-in through the server would), so they sign in offline. A suite
// with no practice server signs in this way; one with a server may sign in through it instead.
import { mkdirSync } from 'node:fs';
import type { Role } from '../../shared/auth/roles';
import { openCore } from '../core/core';
import type { CoreOptions } from '../core/types';
import { PeopleFile } from '../core/session/people-file';
import { createVerifier } from '../core/session/verifier';

export type TestPerson = { username: string; password: string; role: Role };

/** The person the suites sign in as when they do not name one. */
export const TEST_PERSON: TestPerson = { username: 'tester', password: 'tester-password-1', role: 'doctor' };

export async function seedPeople(dataDir: string, people: readonly TestPerson[]): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const file = new PeopleFile(dataDir);
  const now = Date.now();
  for (const p of people) {
    // Someone already known here keeps their record (a test of a changed password needs it).
    if (await file.person(p.username)) continue;
    const verifier = await createVerifier(p.password);
    await file.update(p.username, { person: { verifier, role: p.role, firstSignInAt: now, lastSignInAt: now } });
  }
}

/** A core with this person signed in (seeded first, so it works with or without a server). */
export async function openSignedIn(opts: CoreOptions, person: TestPerson = TEST_PERSON) {
  await seedPeople(opts.dataDir, [person]);
  const opened = await openCore(opts);
  await opened.core.handlers['session.signIn']({ username: person.username, password: person.password });
  return opened;
}

export async function createSignedIn(opts: CoreOptions, person: TestPerson = TEST_PERSON) {
  return (await openSignedIn(opts, person)).core;
}
