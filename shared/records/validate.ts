// A stored document checked against its type's schema, with messages keyed by field path.
import type { z } from 'zod';
import { RecordSchemas, RecordType, type AnyRecord } from './schemas';

/** Human-readable messages for a failed parse, keyed by field path ("addresses.0.city"). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(record)';
    out[key] ??= issue.message;
  }
  return out;
}

/** Validate a stored document of any known type. */
export function validateRecord(
  doc: unknown,
): { ok: true; value: AnyRecord } | { ok: false; errors: Record<string, string> } {
  const type = (doc as { type?: unknown } | null)?.type;
  const parsed = RecordType.safeParse(type);
  if (!parsed.success) return { ok: false, errors: { type: `unknown record type ${JSON.stringify(type)}` } };
  const r = RecordSchemas[parsed.data].safeParse(doc);
  return r.success ? { ok: true, value: r.data as AnyRecord } : { ok: false, errors: fieldErrors(r.error) };
}
