import { describe, expect, it } from 'vitest';
import { applyChoices, ChoiceError, defaultChoices, describeChoices, unresolved } from './apply';
import { mergePlan } from './merge';
import { RECORD_PATH } from './plan';

const anc = {
  _id: 'p1',
  type: 'patient',
  created: 1000,
  modified: 2000,
  author: 'u1',
  device: 'ws-a',
  firstName: 'Ann',
  lastName: 'Peeters',
  futureField: { kept: true },
  addresses: [
    {
      id: 'a1',
      addressType: 'home',
      street: 'Main',
      telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0470' }],
    },
  ],
};
const a = {
  ...anc,
  _rev: '2-a',
  modified: 3000,
  lastName: 'A',
  addresses: [
    {
      id: 'a1',
      addressType: 'home',
      street: 'Main',
      telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0471' }],
    },
  ],
};
const b = {
  ...anc,
  _rev: '2-b',
  created: 900,
  modified: 3500,
  author: 'u2',
  device: 'ws-b',
  lastName: 'B',
  addresses: [
    {
      id: 'a1',
      addressType: 'home',
      street: 'Station',
      telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0470' }],
    },
  ],
};

describe('applyChoices / unresolved', () => {
  const plan = mergePlan({ winner: a, losers: [b], ancestor: anc });

  it('merges one-sided changes by default, keeps unknown fields, and lists what is left to decide', () => {
    expect(unresolved(plan, {})).toEqual(['lastName']);
    const merged = applyChoices(plan, { lastName: { from: 'branch', rev: '2-b' } });
    expect(unresolved(plan, { lastName: { from: 'branch', rev: '2-b' } })).toEqual([]);
    expect(merged).toEqual({
      _id: 'p1',
      _rev: '2-a',
      type: 'patient',
      created: 900,
      modified: 3500,
      author: 'u2',
      device: 'ws-b',
      firstName: 'Ann',
      lastName: 'B',
      futureField: { kept: true },
      addresses: [
        {
          id: 'a1',
          addressType: 'home',
          street: 'Station',
          telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0471' }],
        },
      ],
    });
  });

  it('shows the winner’s value for an undecided field', () => {
    expect(applyChoices(plan, {}).lastName).toBe('A');
  });

  it('takes typed values, the ancestor, and removals', () => {
    const typed = applyChoices(plan, { lastName: { from: 'value', value: 'Peeters-Janssens' } });
    expect(typed.lastName).toBe('Peeters-Janssens');
    expect(applyChoices(plan, { lastName: { from: 'ancestor' } }).lastName).toBe('Peeters');
    expect('lastName' in applyChoices(plan, { lastName: { from: 'value' } })).toBe(false);
  });

  it('takes a whole list from one side, ignoring nested choices then', () => {
    const merged = applyChoices(plan, {
      addresses: { from: 'branch', rev: '2-a' },
      'addresses["a1"].street': { from: 'branch', rev: '2-b' },
    });
    expect(merged.addresses).toEqual(a.addresses);
  });

  it('rejects choices that do not fit the plan, with the path in the message', () => {
    expect(() => applyChoices(plan, { nope: { from: 'ancestor' } })).toThrow(ChoiceError);
    expect(() => applyChoices(plan, { lastName: { from: 'branch', rev: '9-z' } })).toThrow(/lastName: branch 9-z/);
    expect(() => applyChoices(plan, { lastName: { from: 'merge' } })).toThrow(/nothing to merge/);
    expect(() => applyChoices(plan, { lastName: { from: 'value', value: NaN } })).toThrow(/not JSON/);
    expect(() => applyChoices(plan, { 'addresses["a1"]': { from: 'value', value: { id: 'other' } } })).toThrow(
      /keep its identity/,
    );
    expect(() => applyChoices(plan, { [RECORD_PATH]: { from: 'merge' } })).toThrow(/no branch deleted/);
  });

  it('describes the choices for the resolution record', () => {
    expect(describeChoices(plan, { lastName: { from: 'value', value: 'X' } })).toEqual({
      lastName: 'typed',
      addresses: 'default:merge',
      'addresses["a1"]': 'default:merge',
      'addresses["a1"].street': 'default:branch:2-b',
      'addresses["a1"].telecoms': 'default:branch:2-a',
    });
  });

  it('keeps services added on both sides with the default choices', () => {
    const svc = (id: string) => ({ id, label: id, content: { en: { stringValue: id } } });
    const base = { _id: 'c', type: 'contact', services: [svc('s0')] };
    const p = mergePlan({
      winner: { ...base, _rev: '2-a', services: [svc('s0'), svc('sA')] },
      losers: [{ ...base, _rev: '2-b', services: [svc('s0'), svc('sB')] }],
      ancestor: base,
    });
    expect(unresolved(p, {})).toEqual([]);
    expect(applyChoices(p, defaultChoices(p)).services).toEqual([svc('s0'), svc('sA'), svc('sB')]);
  });

  it('lets an item added on two sides with different contents be merged field by field', () => {
    const base = { _id: 'p', type: 'patient', addresses: [] };
    const p = mergePlan({
      winner: { ...base, _rev: '2-a', addresses: [{ id: 'n', addressType: 'home', city: 'Gent' }] },
      losers: [{ ...base, _rev: '2-b', addresses: [{ id: 'n', addressType: 'home', city: 'Brugge', zip: '8000' }] }],
      ancestor: base,
    });
    expect(unresolved(p, {})).toEqual(['addresses["n"].city', 'addresses["n"].zip']);
    const merged = applyChoices(p, {
      'addresses["n"].city': { from: 'branch', rev: '2-a' },
      'addresses["n"].zip': { from: 'branch', rev: '2-b' },
    });
    expect(merged.addresses).toEqual([{ id: 'n', addressType: 'home', city: 'Gent', zip: '8000' }]);
  });

  it('deletes or keeps a record a branch deleted, as chosen', () => {
    const base = { _id: 'h', type: 'healthElement', descr: 'Asthma' };
    const p = mergePlan({
      winner: { ...base, _rev: '3-a', descr: 'Asthma!' },
      losers: [{ _id: 'h', _rev: '3-b', _deleted: true }],
      ancestor: base,
    });
    expect(unresolved(p, {})).toEqual([RECORD_PATH]);
    expect(applyChoices(p, { [RECORD_PATH]: { from: 'branch', rev: '3-b' } })).toEqual({
      _id: 'h',
      _rev: '3-a',
      _deleted: true,
    });
    expect(applyChoices(p, { [RECORD_PATH]: { from: 'merge' } })).toEqual({
      _id: 'h',
      _rev: '3-a',
      type: 'healthElement',
      descr: 'Asthma!',
    });
    expect(unresolved(p, { [RECORD_PATH]: { from: 'merge' } })).toEqual([]);
  });
});
