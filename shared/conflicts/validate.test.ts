import { describe, expect, it } from 'vitest';
import { mergePlan } from './merge';
import { RECORD_PATH } from './plan';
import { nodeForPath, previewMerge, validateMerged } from './validate';

const stamps = { created: 1000, modified: 2000, author: 'u1', device: 'ws-a' };
const base = {
  _id: 'p1',
  type: 'patient',
  ...stamps,
  firstName: 'Ann',
  lastName: 'Peeters',
  addresses: [
    {
      id: 'a1',
      addressType: 'home',
      city: 'Gent',
      telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0470' }],
    },
  ],
};

describe('validateMerged / previewMerge', () => {
  it('accepts a valid merged record', () => {
    const r = validateMerged({ ...base, _rev: '2-a' });
    expect(r.ok && !r.deleted && r.value.type).toBe('patient');
  });

  it('keys errors by plan path, items by identity', () => {
    const bad = {
      ...base,
      lastName: ' ',
      addresses: [
        { id: 'a1', addressType: 'home', telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '' }] },
      ],
    };
    const r = validateMerged(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      lastName: 'enter a last name',
      'addresses["a1"].telecoms["t1"].telecomNumber': 'enter a number or address',
    });
  });

  it('treats a deletion as valid', () => {
    expect(validateMerged({ _id: 'p1', _rev: '2-a', _deleted: true })).toEqual({ ok: true, deleted: true });
  });

  it('previews: cannot save while a choice is open or the result is invalid', () => {
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', lastName: 'A', addresses: [] },
      losers: [{ ...base, _rev: '2-b', lastName: 'B' }],
      ancestor: base,
    });
    const open = previewMerge(plan, {});
    expect(open.unresolved).toEqual(['lastName']);
    expect(open.canSave).toBe(false);
    const typedEmpty = previewMerge(plan, { lastName: { from: 'value', value: '' } });
    expect(typedEmpty.validation.ok).toBe(false);
    expect(typedEmpty.canSave).toBe(false);
    const done = previewMerge(plan, { lastName: { from: 'branch', rev: '2-b' } });
    expect(done.canSave).toBe(true);
    expect(done.body.addresses).toEqual([]);
  });

  it('lets a deletion be saved without validation', () => {
    const plan = mergePlan({
      winner: { ...base, _rev: '3-a', note: 'x' },
      losers: [{ _id: 'p1', _rev: '3-b', _deleted: true }],
      ancestor: base,
    });
    expect(previewMerge(plan, { [RECORD_PATH]: { from: 'branch', rev: '3-b' } }).canSave).toBe(true);
  });

  it('finds the node to show an error beside', () => {
    const plan = mergePlan({
      winner: {
        ...base,
        _rev: '2-a',
        addresses: [
          { ...base.addresses[0], city: 'X', telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '' }] },
        ],
      },
      losers: [{ ...base, _rev: '2-b', addresses: [{ ...base.addresses[0], city: 'Y' }] }],
      ancestor: base,
    });
    expect(nodeForPath(plan, 'addresses["a1"].telecoms["t1"].telecomNumber')?.path).toBe(
      'addresses["a1"].telecoms["t1"].telecomNumber',
    );
    expect(nodeForPath(plan, 'addresses["a1"].telecoms["t1"].other')?.path).toBe('addresses["a1"].telecoms["t1"]');
    expect(nodeForPath(plan, 'firstName')).toBeUndefined();
  });
});
