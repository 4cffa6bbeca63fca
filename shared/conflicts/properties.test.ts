// Property tests of the merge over arbitrary record-like bodies: scalars, nested objects, id'd
// lists with id'd sub-lists, code lists and primitive sets, branches derived from one ancestor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChoices, defaultChoices, unresolved } from './apply';
import { isStampField } from './diff';
import { deepEqual, type Json, type JsonObject } from './json';
import { mergePlan } from './merge';
import type { BranchDoc, Choices } from './plan';

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('a', 'b', 'c'),
  fc.integer({ min: 0, max: 3 }),
  fc.boolean(),
  fc.constant(null),
);
const leaf = (ids: readonly string[]) =>
  fc.record({ id: fc.constantFrom(...ids), v: scalar }, { requiredKeys: ['id'] });
const leafList = (ids: readonly string[]) => fc.uniqueArray(leaf(ids), { selector: (i) => i.id, maxLength: 3 });
const item = (ids: readonly string[]) =>
  fc.record(
    {
      id: fc.constantFrom(...ids),
      v: scalar,
      w: scalar,
      sub: leafList(['s1', 's2', 's3']),
      set: fc.uniqueArray(fc.constantFrom('x', 'y', 'z')),
    },
    { requiredKeys: ['id'] },
  );
const idList = (ids: readonly string[]) => fc.uniqueArray(item(ids), { selector: (i) => i.id, maxLength: 4 });
const code = fc.record(
  { type: fc.constantFrom('ICPC', 'ICD'), code: fc.constantFrom('A', 'B'), version: fc.constantFrom('1', '2') },
  { requiredKeys: ['type', 'code'] },
);
const codes = fc.uniqueArray(code, { selector: (c) => `${c.type}|${c.code}|${c.version ?? ''}`, maxLength: 3 });

const FIELDS = {
  f1: scalar,
  f2: scalar,
  obj: fc.record({ a: scalar, b: scalar }),
  items: idList(['i1', 'i2', 'i3', 'i4']),
  codes,
  langs: fc.uniqueArray(fc.constantFrom('fr', 'nl', 'en', 'de'), { maxLength: 3 }),
  unknownField: scalar,
};
const body: fc.Arbitrary<JsonObject> = fc.record(FIELDS, { requiredKeys: [] }) as fc.Arbitrary<JsonObject>;

/** A variant of `v`: mostly kept, sometimes replaced or removed; lists changed item by item. */
function mutate(v: Json | undefined, fresh: fc.Arbitrary<Json>): fc.Arbitrary<Json | undefined> {
  const replace = fc.oneof(fresh, fc.constant(undefined));
  if (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && 'id' in x)) {
    const perItem = v.map((x) =>
      fc.oneof(
        { arbitrary: fc.constant<Json | undefined>(x), weight: 3 },
        fc.constant(undefined),
        item([(x as JsonObject).id as string]),
      ),
    );
    const added = fc.uniqueArray(item(['n1', 'n2']), { selector: (i) => i.id, maxLength: 2 });
    const list = fc
      .tuple(fc.tuple(...perItem), added)
      .map(([kept, add]) => [...kept.filter((x) => x !== undefined), ...add] as Json);
    return fc.oneof({ arbitrary: fc.constant(v), weight: 2 }, { arbitrary: list, weight: 3 }, replace);
  }
  return fc.oneof({ arbitrary: fc.constant(v), weight: 3 }, replace);
}

function branchOf(anc: JsonObject, rev: string, modified: number): fc.Arbitrary<BranchDoc> {
  const keys = Object.keys(FIELDS) as (keyof typeof FIELDS)[];
  return fc.tuple(...keys.map((k) => mutate(anc[k], FIELDS[k] as fc.Arbitrary<Json>))).map((vals) => {
    const out: BranchDoc = {
      _id: 'doc',
      _rev: rev,
      type: 'thing',
      created: 100,
      modified,
      author: `u-${rev}`,
      device: `d-${rev}`,
    };
    keys.forEach((k, i) => {
      if (vals[i] !== undefined) out[k] = vals[i] as Json;
    });
    return out;
  });
}

/** An ancestor and 2–3 branches derived from it (revs 2-a, 2-b, 2-c). */
const conflict = body.chain((a) => {
  const anc: JsonObject = { _id: 'doc', type: 'thing', created: 100, modified: 50, author: 'u0', device: 'd0', ...a };
  return fc
    .tuple(fc.constant(anc), fc.integer({ min: 2, max: 3 }))
    .chain(([anc, n]) =>
      fc.tuple(
        fc.constant(anc),
        fc.tuple(...['2-a', '2-b', '2-c'].slice(0, n).map((rev, i) => branchOf(anc, rev, 200 + i))),
      ),
    );
});

const withoutMeta = (b: JsonObject, stamps = false) =>
  Object.fromEntries(Object.entries(b).filter(([k]) => !k.startsWith('_') && !(stamps && isStampField(k))));

const runs = { numRuns: 300 };

describe('merge properties', () => {
  it('choosing every field from one side yields that side (modulo stamps)', () => {
    fc.assert(
      fc.property(conflict, fc.boolean(), fc.nat(), ([anc, branches], useAnc, pick) => {
        const [winner, ...losers] = branches as [BranchDoc, ...BranchDoc[]];
        const plan = mergePlan(useAnc ? { winner, losers, ancestor: anc } : { winner, losers });
        const side = branches[pick % branches.length] as BranchDoc;
        const choices: Choices = Object.fromEntries(
          plan.fields.map((f) => [f.path, { from: 'branch', rev: side._rev }]),
        );
        expect(unresolved(plan, choices)).toEqual([]);
        const merged = applyChoices(plan, choices);
        expect(merged._rev).toBe(winner._rev);
        expect(deepEqual(withoutMeta(merged, true), withoutMeta(side, true))).toBe(true);
      }),
      runs,
    );
  });

  it('a field changed on only one side is never lost by the default choices', () => {
    fc.assert(
      fc.property(conflict, ([anc, branches]) => {
        const [winner, ...losers] = branches as [BranchDoc, ...BranchDoc[]];
        const plan = mergePlan({ winner, losers, ancestor: anc });
        const merged = applyChoices(plan, defaultChoices(plan));
        for (const k of Object.keys(FIELDS)) {
          const changed = branches.filter((b) => !deepEqual(b[k], anc[k]));
          if (changed.length === 1) expect(merged[k]).toEqual((changed[0] as BranchDoc)[k]);
          // Items added on exactly one side survive the default item-by-item merge too.
          if (k === 'items' && Array.isArray(merged.items)) {
            const ancIds = new Set(((anc.items ?? []) as JsonObject[]).map((i) => i.id));
            for (const b of branches) {
              for (const it of (b.items ?? []) as JsonObject[]) {
                const others = branches.filter(
                  (o) => o !== b && ((o.items ?? []) as JsonObject[]).some((x) => x.id === it.id),
                );
                if (!ancIds.has(it.id as Json) && others.length === 0) {
                  expect(merged.items.some((x) => deepEqual(x, it))).toBe(true);
                }
              }
            }
          }
        }
      }),
      runs,
    );
  });

  it('merging identical branches yields that branch with nothing to decide', () => {
    fc.assert(
      fc.property(conflict, fc.boolean(), fc.integer({ min: 2, max: 4 }), ([anc, branches], useAnc, n) => {
        const one = branches[0] as BranchDoc;
        const copies = Array.from({ length: n }, (_, i): BranchDoc => ({ ...one, _rev: `3-${i}` }));
        const [winner, ...losers] = copies as [BranchDoc, ...BranchDoc[]];
        const plan = mergePlan(useAnc ? { winner, losers, ancestor: anc } : { winner, losers });
        expect(unresolved(plan, {})).toEqual([]);
        expect(plan.fields.every((f) => f.status === 'same-change')).toBe(true);
        expect(deepEqual(withoutMeta(applyChoices(plan, {})), withoutMeta(one))).toBe(true);
      }),
      runs,
    );
  });

  it('the defaults do not depend on the order of the branches', () => {
    fc.assert(
      fc.property(conflict, fc.boolean(), fc.nat(), ([anc, branches], useAnc, seed) => {
        const shuffled = [...branches].sort(
          (x, y) =>
            ((x._rev.charCodeAt(2) * (seed + 7)) % 5) - ((y._rev.charCodeAt(2) * (seed + 7)) % 5) ||
            (seed % 2 ? 1 : -1),
        );
        const plans = [branches, shuffled].map((bs) => {
          const [winner, ...losers] = bs as [BranchDoc, ...BranchDoc[]];
          return mergePlan(useAnc ? { winner, losers, ancestor: anc } : { winner, losers });
        });
        const [p, q] = plans as [ReturnType<typeof mergePlan>, ReturnType<typeof mergePlan>];
        expect(defaultChoices(q)).toEqual(defaultChoices(p));
        expect(unresolved(q, {})).toEqual(unresolved(p, {}));
        expect(q.fields).toEqual(p.fields);
        if (unresolved(p, {}).length === 0) {
          expect(withoutMeta(applyChoices(q, {}))).toEqual(withoutMeta(applyChoices(p, {})));
        }
      }),
      runs,
    );
  });

  it('every plan survives a JSON round trip and its defaults always apply', () => {
    fc.assert(
      fc.property(conflict, fc.boolean(), ([anc, branches], useAnc) => {
        const [winner, ...losers] = branches as [BranchDoc, ...BranchDoc[]];
        const plan = mergePlan(useAnc ? { winner, losers, ancestor: anc } : { winner, losers });
        const copy = JSON.parse(JSON.stringify(plan)) as typeof plan;
        expect(applyChoices(copy, defaultChoices(copy))).toEqual(applyChoices(plan, defaultChoices(plan)));
      }),
      { numRuns: 100 },
    );
  });
});
