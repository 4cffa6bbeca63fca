// The row cutter against JSON.parse: the same rows whatever the chunk boundaries, with strings
// full of quotes, backslashes and multi-byte characters, and the answer's skeleton intact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedRows, type RawRow } from './feed-rows';

function cut(text: string, splits: number[]): { rows: RawRow[]; rest: unknown } {
  const bytes = Buffer.from(text, 'utf8');
  const rows: RawRow[] = [];
  const f = new FeedRows((r) => rows.push(r));
  let at = 0;
  for (const s of [...splits.map((x) => x % (bytes.length + 1))].sort((a, b) => a - b)) {
    f.push(bytes.subarray(at, s));
    at = s;
  }
  f.push(bytes.subarray(at));
  return { rows, rest: f.rest() };
}

const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('\\', '"', '\\"', '\\\\', '{"a":[', ']}', 'é', '日本', '😀', ',', '\n'),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('feed rows', () => {
  it('cuts the same rows as JSON.parse reads, at any chunk boundaries', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (docs, splits) => {
        const results = docs.map((doc, i) => ({ seq: i + 1, id: `d${i}`, changes: [{ rev: '1-a' }], doc }));
        const text = JSON.stringify({ results, last_seq: docs.length, pending: 0 }, null, splits.length % 2 ? 1 : 0);
        const { rows, rest } = cut(text, splits);
        expect(rows.map((r) => JSON.parse(r.json) as unknown)).toEqual(results);
        expect(rest).toEqual({ results: [], last_seq: docs.length, pending: 0 });
      }),
      { numRuns: 500 },
    );
  });

  it('reports each row depth, so a deep document is measured', () => {
    const deep = '['.repeat(300) + ']'.repeat(300);
    const text = `{"results":[{"id":"a","doc":{"x":1}},{"id":"b","doc":{"x":${deep}}}],"last_seq":"2-x"}`;
    const { rows, rest } = cut(text, [7, 40, 200]);
    expect(rows.map((r) => r.depth)).toEqual([2, 302]);
    expect(rest).toEqual({ results: [], last_seq: '2-x' });
  });

  it('answers null for an answer cut short, and parses an error body', () => {
    expect(cut('{"results":[{"id":"a","doc":{"x', []).rest).toBeNull();
    expect(cut('{"error":"unauthorized","reason":"Name or password is incorrect."}', [10]).rest).toEqual({
      error: 'unauthorized',
      reason: 'Name or password is incorrect.',
    });
  });
});
