// json.ts, diff.ts, lists.ts, paths.ts, labels.ts: the small helpers under the merge.
import { describe, expect, it } from 'vitest';
import { diffFields, fieldUnion } from './diff';
import { canonical, deepEqual, notJsonAt } from './json';
import { branchLabel } from './labels';
import { itemKey, listIdentity, mergeOrder } from './lists';
import { mergePlan } from './merge';
import { childPath, formatPath, isWithin, itemPath } from './paths';

describe('json', () => {
  it('compares deeply, ignoring key order and undefined keys', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: null }, { a: undefined })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });
  it('gives a stable canonical form and finds non-JSON', () => {
    expect(canonical({ b: 1, a: [true, null] })).toBe(canonical({ a: [true, null], b: 1 }));
    expect(notJsonAt({ a: [1, Infinity] })).toBe('a[1]');
    expect(notJsonAt({ d: new Date(0) })).toBe('d');
    expect(notJsonAt({ a: { b: 'x' }, c: undefined })).toBeUndefined();
  });
});

describe('diff', () => {
  it('lists changed fields, flags stamps and ignores CouchDB fields', () => {
    const before = { _id: 'x', _rev: '1-a', name: 'a', gone: 1, modified: 1 };
    const after = { _id: 'x', _rev: '2-b', _revisions: { start: 2, ids: [] }, name: 'b', added: true, modified: 2 };
    expect(diffFields(before, after)).toEqual([
      { field: 'name', kind: 'changed', before: 'a', after: 'b', stamp: false },
      { field: 'gone', kind: 'removed', before: 1, stamp: false },
      { field: 'modified', kind: 'changed', before: 1, after: 2, stamp: true },
      { field: 'added', kind: 'added', after: true, stamp: false },
    ]);
    expect(diffFields(before, after, { stamps: false }).map((c) => c.field)).toEqual(['name', 'gone', 'added']);
    expect(fieldUnion([{ _x: 1, a: 1 }], true)).toEqual(['_x', 'a']);
  });
});

describe('lists', () => {
  it('picks the identity all lists share', () => {
    expect(listIdentity([[{ id: 'a' }], undefined, []])).toBe('id');
    expect(listIdentity([[{ serviceId: 's' }]])).toBe('serviceId');
    expect(listIdentity([[{ type: 'ICPC', code: 'K86' }]])).toBe('code');
    expect(listIdentity([['fr', 'nl']])).toBe('value');
    expect(listIdentity([['fr', 'fr']])).toBeUndefined();
    expect(listIdentity([[{ id: 'a' }], ['x']])).toBeUndefined();
    expect(listIdentity([[{ quantity: 1 }]])).toBeUndefined();
    expect(listIdentity([[1], 'not a list'])).toBeUndefined();
    expect(itemKey('code', { type: 'ICPC', code: 'K86', version: '2' })).toBe('["ICPC","K86","2"]');
    expect(itemKey('id', { id: 1 })).not.toBe(itemKey('id', { id: '1' }));
  });
  it('merges orders keeping additions where their branch put them', () => {
    expect(
      mergeOrder([
        ['a', 'b'],
        ['a', 'x', 'b'],
        ['a', 'b', 'y'],
      ]),
    ).toEqual(['a', 'x', 'b', 'y']);
    expect(mergeOrder([[], ['y', 'z'], ['x', 'z']])).toEqual(['y', 'x', 'z']);
  });
});

describe('paths', () => {
  it('formats field and item segments without ambiguity', () => {
    expect(formatPath([{ field: 'addresses' }, { item: '"a1"' }, { field: 'city' }])).toBe('addresses["a1"].city');
    expect(childPath(itemPath('addresses', '"a1"'), 'city')).toBe('addresses["a1"].city');
    expect(childPath('', 'odd.name')).toBe('"odd.name"');
    expect(isWithin('addresses["a1"].city', 'addresses')).toBe(true);
    expect(isWithin('addressesX', 'addresses')).toBe(false);
  });
});

describe('labels', () => {
  it('calls the winner mine and losers theirs', () => {
    const d = (rev: string) => ({ _id: 'x', _rev: rev, v: rev });
    const two = mergePlan({ winner: d('2-z'), losers: [d('2-a')] });
    expect([branchLabel(two, '2-z'), branchLabel(two, '2-a')]).toEqual(['mine', 'theirs']);
    const three = mergePlan({ winner: d('2-z'), losers: [d('2-c'), d('2-a')] });
    expect([branchLabel(three, '2-a'), branchLabel(three, '2-c')]).toEqual(['theirs 1', 'theirs 2']);
  });
});
