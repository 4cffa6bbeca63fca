// Typed errors that cross the process boundary inside a result envelope.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid-input', // the call's input failed its schema
  'unknown-call', // no such call in the contract
  'not-found',
  'validation', // the record failed its schema; fields says where
  'conflict', // the revision given is not the current one
  'forbidden', // not allowed: the sender or token, or the signed-in person's role (the message says why)
  'unavailable', // the core is closing or not ready
  'disk-full',
  'internal',
  'duplicate', // a new patient with an SSIN another patient has; duplicates names them
  'possible-duplicate', // same name and date of birth as duplicates; save again with confirmDuplicate
  'unauthenticated', // nobody is signed in, or the screen is locked
  'wrong-password', // sign-in or unlock refused; attempts says how many are left or how long to wait
  'too-many-attempts', // a sign-in during the wait after repeated failures; attempts.waitMs says how long
  'password-changed', // the server refuses a password this workstation still knows: the new one is needed
  'needs-server', // the first sign-in of a person on this workstation needs the practice server
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** A patient a new one may duplicate: enough to tell them apart and open the chart. */
export const DuplicateCandidate = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.number().exactOptional(),
  ssin: z.string().exactOptional(),
  gender: z.string().exactOptional(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

/** After a refused sign-in: attempts left before a wait, and the wait (ms) before the next one. */
export const Attempts = z.object({ left: z.number().int().min(0), waitMs: z.number().int().min(0) });
export type Attempts = z.infer<typeof Attempts>;

export const ContractError = z.object({
  code: ErrorCode,
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  duplicates: z.array(DuplicateCandidate).optional(),
  attempts: Attempts.optional(),
});
export type ContractError = z.infer<typeof ContractError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** An error a handler throws on purpose; anything else becomes 'internal'. */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly duplicates?: DuplicateCandidate[],
    readonly attempts?: Attempts,
  ) {
    super(message);
    this.name = 'CallError';
  }

  toJSON(): ContractError {
    const out: ContractError = { code: this.code, message: this.message };
    if (this.fields) out.fields = this.fields;
    if (this.duplicates) out.duplicates = this.duplicates;
    if (this.attempts) out.attempts = this.attempts;
    return out;
  }
}

/** Thrown by the renderer client when a call answers with an error envelope. */
export class RemoteCallError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly duplicates: DuplicateCandidate[] | undefined;
  readonly attempts: Attempts | undefined;
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'RemoteCallError';
    this.code = error.code;
    this.fields = error.fields;
    this.duplicates = error.duplicates;
    this.attempts = error.attempts;
  }
}
