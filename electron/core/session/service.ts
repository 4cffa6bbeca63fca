// Who is at the keyboard: signed out, signed in (who, with which role, since when) or locked (who).
// A person's first sign-in on this workstation is checked by the practice server (POST /_session);
// from then on their password is checked here against a slow salted verifier, so sign-in works
// offline. The server is still asked each time it can be reached within a short wait: a password
// it refuses while the verifier accepts it was changed there, and from then on only the new one
// (which only the server can check) opens a session here. Attempts are serialized, so the lockout
// count cannot be outrun by parallel calls.
import { recordFailure, recordSuccess, waitLeft, type LockoutState } from '../../../shared/auth/lockout';
import { CallError } from '../../../shared/contract/errors';
import type { Role } from '../../../shared/auth/roles';
import type { SessionState } from '../../../shared/contract/outputs';
import type { DiagnosticsLog } from '../log/diagnostics-log';
import { alreadySetUp, checkSetUpPassword } from './first-run';
import type { PeopleFile, Person } from './people-file';
import { askServer, type ServerAnswer, type ServerTarget } from './server-check';
import { checkVerifier, createVerifier, outdated } from './verifier';

export type SessionServiceOptions = {
  people: PeopleFile;
  /** The practice server from the sync settings (undefined: none set up). */
  server: () => Promise<ServerTarget | undefined>;
  log: DiagnosticsLog;
  now?: () => number;
  /** How long a sign-in waits for the server when the person is known here (then: offline check). */
  knownWaitMs?: number;
  /** How long the first sign-in of a person waits for the server. */
  firstWaitMs?: number;
  /** Told each time the state changes (the renderer clears what it shows when it locks). */
  onChange?: (state: SessionState) => void;
  /** The server accepted this password (a sign-in it checked): it becomes the person's push credential. */
  onServerAccepted?: (username: string, password: string) => void | Promise<void>;
};

type Open = { username: string; role: Role; since: number };

export class SessionService {
  private open: Open | undefined;
  private locked = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private told = JSON.stringify({ state: 'signed-out' });

  constructor(private readonly o: SessionServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  state(): SessionState {
    if (!this.open) return { state: 'signed-out' };
    if (this.locked) return { state: 'locked', username: this.open.username };
    return { state: 'signed-in', ...this.open };
  }

  /** Who is signed in or has locked the screen, with their role (the role-based access reads it). */
  person = (): Readonly<Open> | undefined => this.open;

  /** Signs a person in. Whoever was signed in (or locked) is signed out first: this is also "switch user". */
  signIn(username: string, password: string): Promise<SessionState> {
    return this.serial(async () => {
      this.open = undefined;
      this.locked = false;
      this.tell();
      const role = await this.verify(username, password, 'sign-in');
      this.open = { username, role, since: this.now() };
      return this.tell();
    });
  }

  /**
   * Whether this workstation can be set up by its first person: nobody has signed in here and no
   * practice server is set up (with a server, people's accounts come from it).
   */
  async firstRun(): Promise<{ available: boolean }> {
    if (await this.o.people.anyone()) return { available: false };
    return { available: (await this.o.server()) === undefined };
  }

  /**
   * The workstation's first person, for a solo practice or before the server exists: created here
   * (the owner, a doctor) and signed in. Checked again inside the queue, so two parallel calls
   * cannot both create. A later sign-in once a server is set up is a known person's.
   */
  setUp(username: string, password: string): Promise<SessionState> {
    return this.serial(async () => {
      if (!(await this.firstRun()).available) throw alreadySetUp();
      checkSetUpPassword(password);
      const now = this.now();
      const person: Person = {
        verifier: await createVerifier(password),
        role: 'doctor',
        firstSignInAt: now,
        lastSignInAt: now,
      };
      await this.o.people.update(username, { person, lockout: recordSuccess() });
      this.o.log.info('workstation set up', { role: person.role });
      this.open = { username, role: person.role, since: now };
      this.locked = false;
      return this.tell();
    });
  }

  /** Opens a locked screen again for the person who locked it, checked on this workstation. */
  unlock(password: string): Promise<SessionState> {
    return this.serial(async () => {
      const open = this.open;
      if (!open) throw new CallError('unauthenticated', 'nobody is signed in: sign in instead');
      if (!this.locked) return this.state();
      const role = await this.verify(open.username, password, 'unlock');
      this.open = { ...open, role };
      this.locked = false;
      return this.tell();
    });
  }

  lock(): SessionState {
    if (this.open) this.locked = true;
    return this.tell();
  }

  signOut(): SessionState {
    this.open = undefined;
    this.locked = false;
    return this.tell();
  }

  /** The state, told to onChange when it differs from what was last told. */
  private tell(): SessionState {
    const state = this.state();
    const key = JSON.stringify(state);
    if (key !== this.told) {
      this.told = key;
      this.o.onChange?.(state);
    }
    return state;
  }

  /**
   * The server refused this person's password outside a sign-in (their push credential, once sync
   * pushes per person): it was changed there. Their open session locks, and only the new password,
   * checked by the server, opens it again.
   */
  serverRefused(username: string): Promise<SessionState> {
    return this.serial(async () => {
      const person = await this.o.people.person(username);
      if (person && !person.refusedByServer)
        await this.o.people.update(username, { person: { ...person, refusedByServer: true } });
      if (this.open?.username === username) this.locked = true;
      return this.tell();
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The person's role when the password is right; a typed error otherwise. */
  private async verify(username: string, password: string, why: 'sign-in' | 'unlock'): Promise<Role> {
    const people = this.o.people;
    const lockout = await people.lockout(username);
    const wait = waitLeft(lockout, this.now());
    if (wait > 0) {
      throw new CallError(
        'too-many-attempts',
        `too many wrong passwords: wait ${seconds(wait)} s`,
        undefined,
        undefined,
        {
          left: 0,
          waitMs: wait,
        },
      );
    }
    const person = await people.person(username);
    // Unlocking is checked here only, unless the server has refused the password this verifier knows.
    const ask = why === 'sign-in' || person?.refusedByServer === true;
    const target = ask ? await this.o.server() : undefined;
    const waitMs = person ? (this.o.knownWaitMs ?? 3000) : (this.o.firstWaitMs ?? 10_000);
    // Both at once: the server's answer and the slow local check.
    const [answer, known] = await Promise.all([
      target ? askServer(target, username, password, waitMs) : Promise.resolve(undefined),
      person ? checkVerifier(person.verifier, password) : Promise.resolve(false),
    ]);
    if (!person) return this.first(username, password, answer, lockout);
    return this.known(username, password, person, known, answer, lockout);
  }

  private async first(
    username: string,
    password: string,
    answer: ServerAnswer | undefined,
    lockout: LockoutState | undefined,
  ) {
    if (!answer) {
      throw new CallError(
        'needs-server',
        'this person has not signed in on this workstation yet, and no practice server is set up',
      );
    }
    if (answer.kind === 'refused') return this.fail(username, lockout);
    if (answer.kind === 'not-a-member') throw notMember();
    if (answer.kind === 'unreachable') {
      throw new CallError(
        'needs-server',
        'this person has not signed in on this workstation yet: the first sign-in needs the practice server, which cannot be reached',
      );
    }
    const now = this.now();
    const person: Person = {
      verifier: await createVerifier(password),
      role: answer.role,
      firstSignInAt: now,
      lastSignInAt: now,
    };
    await this.o.people.update(username, { person, lockout: recordSuccess() });
    await this.accepted(username, password);
    this.o.log.info('signed in', { checkedBy: 'server', first: true, role: answer.role });
    return answer.role;
  }

  private async known(
    username: string,
    password: string,
    person: Person,
    known: boolean,
    answer: ServerAnswer | undefined,
    lockout: LockoutState | undefined,
  ): Promise<Role> {
    const people = this.o.people;
    const now = this.now();
    if (answer?.kind === 'accepted') {
      // A new password (changed on the server) or stronger parameters: a new verifier.
      const fresh = !known || person.refusedByServer === true || outdated(person.verifier);
      const next: Person = {
        verifier: fresh ? await createVerifier(password) : person.verifier,
        role: answer.role,
        firstSignInAt: person.firstSignInAt,
        lastSignInAt: now,
      };
      await people.update(username, { person: next, lockout: recordSuccess() });
      await this.accepted(username, password);
      this.o.log.info('signed in', { checkedBy: 'server', first: false, role: answer.role, newVerifier: fresh });
      return answer.role;
    }
    if (answer?.kind === 'not-a-member') {
      await people.update(username, { person: { ...person, refusedByServer: true } });
      throw notMember();
    }
    if (answer?.kind === 'refused') {
      if (!known) return this.fail(username, lockout);
      await people.update(username, { person: { ...person, refusedByServer: true } });
      this.o.log.info('password changed on the server', {});
      throw passwordChanged('sign in with the new password');
    }
    // The server is not there (or not set up): this workstation decides.
    if (person.refusedByServer) {
      throw passwordChanged('the new one can be checked only when the practice server can be reached');
    }
    if (!known) return this.fail(username, lockout);
    await people.update(username, { person: { ...person, lastSignInAt: now }, lockout: recordSuccess() });
    this.o.log.info('signed in', { checkedBy: 'workstation', role: person.role });
    return person.role;
  }

  /** Tells onServerAccepted; a failure there (the secret store) costs the push, never the sign-in. */
  private async accepted(username: string, password: string): Promise<void> {
    try {
      await this.o.onServerAccepted?.(username, password);
    } catch (err) {
      this.o.log.warn('push credential not stored', { error: (err as Error).name });
    }
  }

  private async fail(username: string, lockout: LockoutState | undefined): Promise<never> {
    const f = recordFailure(lockout, this.now());
    await this.o.people.update(username, { lockout: f.state });
    const message = f.waitMs
      ? `wrong password; too many attempts: wait ${seconds(f.waitMs)} s before the next one`
      : `wrong password: ${f.attemptsLeft} attempts left before a wait`;
    throw new CallError('wrong-password', message, undefined, undefined, { left: f.attemptsLeft, waitMs: f.waitMs });
  }
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

const notMember = () => new CallError('forbidden', 'this account is not a member of the practice on this workstation');

const passwordChanged = (then: string) =>
  new CallError(
    'password-changed',
    `the practice server no longer accepts this password (it was changed there): ${then}`,
  );
