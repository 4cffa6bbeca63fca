// Typed errors that cross the process boundary inside a result envelope.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid-input', // the call's input failed its schema
  'unknown-call', // no such call in the contract
  'not-found',
  'validation', // the record failed its schema; fields says where
  'conflict', // the revision given is not the current one
  'forbidden', // sender or token not allowed
  'unavailable', // the core is closing or not ready
  'disk-full',
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractError = z.object({
  code: ErrorCode,
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type ContractError = z.infer<typeof ContractError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** An error a handler throws on purpose; anything else becomes 'internal'. */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'CallError';
  }

  toJSON(): ContractError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

/** Thrown by the renderer client when a call answers with an error envelope. */
export class RemoteCallError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  constructor(error: ContractError) {
    super(error.message);
    this.name = 'RemoteCallError';
    this.code = error.code;
    this.fields = error.fields;
  }
}
