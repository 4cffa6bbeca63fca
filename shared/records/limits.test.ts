import { describe, expect, it } from 'vitest';
import { jsonLimitProblem, MAX_DEPTH, measureJson } from './limits';

function nested(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe('measureJson', () => {
  it('counts depth of objects and arrays', () => {
    expect(measureJson('x').depth).toBe(0);
    expect(measureJson({}).depth).toBe(1);
    expect(measureJson({ a: [{ b: 1 }] }).depth).toBe(3);
  });

  it('measures a 100,000-level value without overflowing the stack, stopping at the limit', () => {
    const shape = measureJson(nested(100_000));
    expect(shape.depth).toBe(MAX_DEPTH + 1);
  });

  it('estimates size close to JSON.stringify for ordinary records', () => {
    const doc = { _id: 'p1', firstName: 'Jan', tags: [{ type: 'x', code: 'y' }], n: 12, ok: true, none: null };
    const est = measureJson(doc).bytes;
    const real = JSON.stringify(doc).length;
    expect(est).toBeGreaterThanOrEqual(real * 0.8);
    expect(est).toBeLessThanOrEqual(real * 1.6);
  });
});

describe('jsonLimitProblem', () => {
  it('accepts a record and refuses what is too deep or too large, with a reason', () => {
    expect(jsonLimitProblem({ a: { b: { c: 1 } } })).toBeNull();
    expect(jsonLimitProblem(nested(6_000))?.kind).toBe('too-deep');
    expect(jsonLimitProblem({ s: 'x'.repeat(9_000_000) })?.kind).toBe('too-large');
    expect(jsonLimitProblem(nested(MAX_DEPTH))).toBeNull();
  });
});
