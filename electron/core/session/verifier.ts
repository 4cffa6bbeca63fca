// The password verifier kept per person on this workstation: scrypt of the password with a random
// salt, never the password. scrypt (Node's crypto, no extra dependency) is memory-hard, so a
// stolen file can be attacked only slowly, on hardware with memory, not on cheap parallel chips.
// N = 2^15, r = 8, p = 3 is one of the equivalent settings OWASP's password storage cheat sheet
// gives as a minimum (N = 2^17 with p = 1 would take 128 MiB per sign-in): 32 MiB and ~0.3 s on
// this project's 2-core machine, on libuv's thread pool (the core keeps answering meanwhile). The
// key is 32 bytes, the salt 16 random bytes (two people with one password get different keys).
// The parameters are stored with each verifier: raised later, a verifier is re-derived at the
// next sign-in.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export type Verifier = { alg: 'scrypt'; N: number; r: number; p: number; salt: string; key: string };

export const SCRYPT = { N: 2 ** 15, r: 8, p: 3, keyLength: 32, saltLength: 16 } as const;
// Node refuses 128·N·r ≥ maxmem; the default (32 MiB) is exactly that, so leave room.
const MAXMEM = 64 * 1024 * 1024;

function derive(
  password: string,
  salt: Uint8Array,
  p: { N: number; r: number; p: number },
  length: number,
): Promise<Buffer> {
  const options: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: MAXMEM };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function createVerifier(password: string): Promise<Verifier> {
  const salt = new Uint8Array(randomBytes(SCRYPT.saltLength));
  const key = await derive(password, salt, SCRYPT, SCRYPT.keyLength);
  return {
    alg: 'scrypt',
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    salt: Buffer.from(salt).toString('base64'),
    key: key.toString('base64'),
  };
}

/** Whether the password matches, compared in constant time. */
export async function checkVerifier(v: Verifier, password: string): Promise<boolean> {
  const expected = new Uint8Array(Buffer.from(v.key, 'base64'));
  const actual = new Uint8Array(
    await derive(password, new Uint8Array(Buffer.from(v.salt, 'base64')), v, expected.length),
  );
  return expected.length > 0 && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when the verifier was made with weaker parameters than today's: re-derive on success. */
export function outdated(v: Verifier): boolean {
  return v.N < SCRYPT.N || v.r < SCRYPT.r || v.p < SCRYPT.p;
}

export function isVerifier(x: unknown): x is Verifier {
  const v = x as Partial<Verifier> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.alg === 'scrypt' &&
    [v.N, v.r, v.p].every((n) => Number.isInteger(n) && (n as number) > 0) &&
    typeof v.salt === 'string' &&
    typeof v.key === 'string'
  );
}
