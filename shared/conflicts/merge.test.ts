import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json';
import { mergePlan, MergeInputError } from './merge';
import type { BranchDoc, ItemNode, ListNode, ValueNode } from './plan';

const patient = (rev: string, over: JsonObject = {}): BranchDoc => ({
  _id: 'p1',
  _rev: rev,
  type: 'patient',
  created: 1000,
  modified: 2000,
  author: 'u1',
  device: 'ws-a',
  firstName: 'Ann',
  lastName: 'Peeters',
  addresses: [
    {
      id: 'a1',
      addressType: 'home',
      street: 'Main',
      city: 'Gent',
      telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0470' }],
    },
  ],
  ...over,
});
const ancestor = (() => {
  const { _rev, ...rest } = patient('1-a');
  void _rev;
  return rest;
})();
const field = (plan: ReturnType<typeof mergePlan>, path: string) => plan.fields.find((f) => f.path === path);

describe('mergePlan', () => {
  it('pre-selects one-sided changes and asks for a field both changed (the issue scenario)', () => {
    const a = patient('2-a', {
      modified: 3000,
      lastName: 'Peeters-A',
      addresses: [
        {
          id: 'a1',
          addressType: 'home',
          street: 'Main',
          city: 'Gent',
          telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0471' }],
        },
      ],
    });
    const b = patient('2-b', {
      modified: 3500,
      device: 'ws-b',
      lastName: 'Peeters-B',
      addresses: [
        {
          id: 'a1',
          addressType: 'home',
          street: 'Station',
          city: 'Gent',
          telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: '0470' }],
        },
      ],
    });
    const plan = mergePlan({ winner: b, losers: [a], ancestor, ancestorSource: 'base-copy' });
    expect(plan.kind).toBe('edit');
    expect(plan.ancestor?.source).toBe('base-copy');
    expect(plan.fields.map((f) => f.path)).toEqual(['lastName', 'addresses']);

    const last = field(plan, 'lastName') as ValueNode;
    expect(last.status).toBe('both-changed');
    expect(last.default).toBeUndefined();
    expect(last.changedBy).toEqual(['2-a', '2-b']);
    expect(last.values).toEqual({ '2-a': 'Peeters-A', '2-b': 'Peeters-B' });
    expect(last.options).toEqual([
      { from: 'branch', rev: '2-a' },
      { from: 'branch', rev: '2-b' },
      { from: 'ancestor' },
      { from: 'value' },
    ]);

    const addresses = field(plan, 'addresses') as ListNode;
    expect(addresses.kind).toBe('list');
    expect(addresses.identity).toBe('id');
    expect(addresses.default).toEqual({ from: 'merge' });
    const home = addresses.items[0] as ItemNode;
    expect(home.path).toBe('addresses["a1"]');
    expect(home.default).toEqual({ from: 'merge' });
    expect(home.fields.map((f) => [f.path, f.status, f.default])).toEqual([
      ['addresses["a1"].street', 'one-side', { from: 'branch', rev: '2-b' }],
      ['addresses["a1"].telecoms', 'one-side', { from: 'branch', rev: '2-a' }],
    ]);
    expect(plan.stamps.find((s) => s.field === 'modified')?.merged).toBe(3500);
    expect(plan.stamps.find((s) => s.field === 'device')?.merged).toBe('ws-b');
    expect(plan.branches.map((x) => [x.rev, x.role])).toEqual([
      ['2-b', 'winner'],
      ['2-a', 'loser'],
    ]);
  });

  it('without an ancestor leaves differing fields without defaults but keeps items only one side has', () => {
    const a = patient('2-a', { note: 'x', addresses: [] });
    const b = patient('2-b', { note: 'y' });
    const plan = mergePlan({ winner: a, losers: [b] });
    expect(plan.ancestor).toBeUndefined();
    const note = field(plan, 'note') as ValueNode;
    expect(note.status).toBe('no-ancestor');
    expect(note.default).toBeUndefined();
    expect(note.changedBy).toEqual([]);
    expect(note.options.some((o) => o.from === 'ancestor')).toBe(false);
    const item = (field(plan, 'addresses') as ListNode).items[0] as ItemNode;
    expect(item.default).toEqual({ from: 'branch', rev: '2-b' });
    expect(item.why).toBe('union');
    expect(item.confirm).toBe(true);
  });

  it('merges services added on both sides and pre-selects a one-sided removal for confirmation', () => {
    const svc = (id: string, v = 1) => ({ id, label: id, content: { en: { numberValue: v } } });
    const base = {
      _id: 'c1',
      type: 'contact',
      patientId: 'p1',
      openingDate: 20260101000000,
      services: [svc('s0'), svc('s1')],
    };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', services: [svc('s0'), svc('s1'), svc('sA')] },
      losers: [{ ...base, _rev: '2-b', services: [svc('s0'), svc('sB')] }],
      ancestor: base,
    });
    const list = field(plan, 'services') as ListNode;
    expect(list.items.map((i) => [i.label, i.default, i.why])).toEqual([
      ['s1', { from: 'branch', rev: '2-b' }, 'removed'],
      ['sA', { from: 'branch', rev: '2-a' }, 'one-side'],
      ['sB', { from: 'branch', rev: '2-b' }, 'one-side'],
    ]);
    expect(list.items[0]?.confirm).toBe(true);
  });

  it('asks when an item is removed on one side and edited on another', () => {
    const base = {
      _id: 'x',
      type: 'patient',
      languages: ['fr'],
      addresses: [{ id: 'a1', addressType: 'home', city: 'Gent' }],
    };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', addresses: [] },
      losers: [{ ...base, _rev: '2-b', addresses: [{ id: 'a1', addressType: 'home', city: 'Brugge' }] }],
      ancestor: base,
    });
    const item = (field(plan, 'addresses') as ListNode).items[0] as ItemNode;
    expect(item.status).toBe('both-changed');
    expect(item.default).toBeUndefined();
    expect(item.values).toEqual({ '2-b': { id: 'a1', addressType: 'home', city: 'Brugge' } });
  });

  it('matches codes by type, code and version and treats primitive lists as sets', () => {
    const base = {
      _id: 'h',
      type: 'healthElement',
      codes: [{ type: 'ICPC', code: 'K86', version: '2' }],
      languages: ['fr'],
    };
    const plan = mergePlan({
      winner: {
        ...base,
        _rev: '2-a',
        codes: [
          { type: 'ICPC', code: 'K86', version: '2' },
          { type: 'ICD', code: 'I10' },
        ],
        languages: ['fr', 'nl'],
      },
      losers: [{ ...base, _rev: '2-b', codes: [], languages: ['fr', 'en'] }],
      ancestor: base,
    });
    const codes = field(plan, 'codes') as ListNode;
    expect(codes.identity).toBe('code');
    expect(codes.items.map((i) => [i.path, i.label, i.why])).toEqual([
      ['codes[["ICPC","K86","2"]]', 'ICPC K86 2', 'removed'],
      ['codes[["ICD","I10",null]]', 'ICD I10', 'one-side'],
    ]);
    const langs = field(plan, 'languages') as ListNode;
    expect(langs.identity).toBe('value');
    expect(langs.items.map((i) => i.key)).toEqual(['"nl"', '"en"']);
  });

  it('pre-fills dates both sides changed by iCure rules, marked for confirmation', () => {
    const base = { _id: 'c', type: 'contact', openingDate: 20260101100000, closingDate: 20260101110000 };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', openingDate: 20260101090000, closingDate: 20260101120000 },
      losers: [{ ...base, _rev: '2-b', openingDate: 20260101080000, closingDate: 20260101130000 }],
      ancestor: base,
    });
    expect(plan.fields.map((f) => [f.path, f.default, f.why, f.confirm])).toEqual([
      ['openingDate', { from: 'branch', rev: '2-b' }, 'rule-min', true],
      ['closingDate', { from: 'branch', rev: '2-b' }, 'rule-max', true],
    ]);
  });

  it('flags a deleted branch against an edit, with a record-level choice and no default', () => {
    const base = { _id: 'h', type: 'healthElement', descr: 'Asthma' };
    const plan = mergePlan({
      winner: { ...base, _rev: '3-a', descr: 'Asthma, severe' },
      losers: [{ _id: 'h', _rev: '3-b', _deleted: true }],
      ancestor: base,
    });
    expect(plan.kind).toBe('delete-vs-edit');
    expect(plan.deletions).toEqual([{ rev: '3-b', how: 'deleted' }]);
    expect(plan.record?.options).toEqual([{ from: 'merge' }, { from: 'branch', rev: '3-b' }]);
    expect((field(plan, 'descr') as ValueNode).default).toEqual({ from: 'branch', rev: '3-a' });
    expect(plan.branches[1]?.deleted).toBe(true);
  });

  it('flags a newly closed branch against an edit and marks the close for confirmation', () => {
    const base = { _id: 'h', type: 'healthElement', descr: 'Asthma' };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', descr: 'Asthma, mild' },
      losers: [{ ...base, _rev: '2-b', endOfLife: 5000 }],
      ancestor: base,
    });
    expect(plan.kind).toBe('delete-vs-edit');
    expect(plan.deletions).toEqual([{ rev: '2-b', how: 'endOfLife' }]);
    expect(plan.record).toBeUndefined();
    const eol = field(plan, 'endOfLife') as ValueNode;
    expect([eol.default, eol.confirm]).toEqual([{ from: 'branch', rev: '2-b' }, true]);
  });

  it('is an ordinary edit when the closing branch is the only change', () => {
    const base = { _id: 'h', type: 'healthElement', descr: 'Asthma' };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a' },
      losers: [{ ...base, _rev: '2-b', closingDate: 20260101000000 }],
      ancestor: base,
    });
    expect(plan.kind).toBe('edit');
  });

  it('handles three branches', () => {
    const base = { _id: 'p', type: 'patient', note: 'n', firstName: 'A' };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', note: 'n1' },
      losers: [
        { ...base, _rev: '2-c', note: 'n1', firstName: 'B' },
        { ...base, _rev: '2-b' },
      ],
      ancestor: base,
    });
    expect(plan.branches.map((b) => b.rev)).toEqual(['2-a', '2-b', '2-c']);
    const note = field(plan, 'note') as ValueNode;
    expect([note.status, note.changedBy, note.default]).toEqual([
      'one-side',
      ['2-a', '2-c'],
      { from: 'branch', rev: '2-a' },
    ]);
    expect((field(plan, 'firstName') as ValueNode).changedBy).toEqual(['2-c']);
  });

  it('treats an id list with duplicate ids as one value', () => {
    const base = { _id: 'p', type: 'patient', addresses: [{ id: 'a' }, { id: 'a' }] };
    const plan = mergePlan({
      winner: { ...base, _rev: '2-a', addresses: [] },
      losers: [{ ...base, _rev: '2-b', addresses: [{ id: 'b' }] }],
      ancestor: base,
    });
    expect(plan.fields[0]?.kind).toBe('value');
  });

  it('rejects input that is not one document’s leaves, with a clear message', () => {
    const w = { _id: 'p', _rev: '1-a' };
    expect(() => mergePlan({ winner: w, losers: [] })).toThrow(/at least one losing branch/);
    expect(() => mergePlan({ winner: w, losers: [{ _id: 'q', _rev: '1-b' }] })).toThrow(/not a revision of p/);
    expect(() => mergePlan({ winner: w, losers: [{ _id: 'p', _rev: '1-a' }] })).toThrow(/given twice/);
    expect(() => mergePlan({ winner: w, losers: [{ _id: 'p', _rev: '' }] })).toThrow(/no _rev/);
    expect(() => mergePlan({ winner: w, losers: [{ _id: 'p', _rev: '1-b', x: [NaN] } as never] })).toThrow(
      MergeInputError,
    );
    expect(() =>
      mergePlan({ winner: { ...w, _deleted: true }, losers: [{ _id: 'p', _rev: '1-b', _deleted: true }] }),
    ).toThrow(/every branch is deleted/);
  });

  it('produces a plan that survives a JSON round trip (it may cross IPC)', () => {
    const plan = mergePlan({
      winner: patient('2-a', { note: 'a' }),
      losers: [patient('2-b', { note: 'b' })],
      ancestor,
    });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});
