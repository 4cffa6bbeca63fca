// Limits on what the core accepts, from the renderer and from replication. A document nested
// thousands of levels deep is valid JSON that CouchDB stores, but PouchDB's leveldb encoder
// recurses over it and overflows the stack inside a write transaction that then never settles
// (every later save waits behind it). So depth and size are measured first, without recursion.

/** Deeper than any record in iCure's shapes (about 8 levels) by far; far below what overflows. */
export const MAX_DEPTH = 100;
/** CouchDB 3's default `max_document_size` is 8,000,000 bytes; a record is a few KB. */
export const MAX_DOC_BYTES = 8_000_000;

export type JsonShape = { depth: number; bytes: number };
export type LimitProblem = { kind: 'too-deep' | 'too-large' | 'not-json'; message: string };

/**
 * Depth of nested objects and arrays (a scalar is 0, `{}` is 1) and an estimate of the JSON size
 * in bytes (strings counted as UTF-16 units + quotes). Stops early once a limit is passed, so a
 * hostile value costs at most the limit's work. Iterative: never overflows the stack.
 */
export function measureJson(value: unknown, maxDepth = MAX_DEPTH, maxBytes = MAX_DOC_BYTES): JsonShape {
  let depth = 0;
  let bytes = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v === 'boolean') bytes += 5;
    else if (typeof v === 'number') bytes += 12;
    else if (typeof v === 'string') bytes += v.length + 2;
    else if (typeof v === 'object') {
      const level = d + 1;
      if (level > depth) depth = level;
      if (depth > maxDepth) return { depth, bytes };
      bytes += 2;
      if (Array.isArray(v)) {
        for (const item of v) stack.push({ v: item, d: level });
        bytes += v.length;
      } else {
        for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
          bytes += k.length + 4;
          stack.push({ v: item, d: level });
        }
      }
    }
    if (bytes > maxBytes) return { depth, bytes };
  }
  return { depth, bytes };
}

/** Why a value may not be stored (null: it may). */
export function jsonLimitProblem(value: unknown, maxDepth = MAX_DEPTH, maxBytes = MAX_DOC_BYTES): LimitProblem | null {
  const shape = measureJson(value, maxDepth, maxBytes);
  if (shape.depth > maxDepth)
    return { kind: 'too-deep', message: `nested more than ${maxDepth} levels deep (a record is a few levels deep)` };
  if (shape.bytes > maxBytes)
    return { kind: 'too-large', message: `larger than ${Math.round(maxBytes / 1_000_000)} MB (a record is a few KB)` };
  return null;
}
