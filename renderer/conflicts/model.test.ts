// The merge screen's logic on real plans from shared/conflicts: pre-selection, typed values,
// where messages go, why Save is disabled.
import { describe, expect, it } from 'vitest';
import { RECORD_PATH, mergePlan, planNodes, type BranchDoc, type MergePlan } from '../../shared/conflicts';
import { describeStoredChoice, noticeText, showValue } from './format';
import {
  choiceKey,
  isShown,
  itemTitle,
  mergeState,
  nodeStatus,
  optionText,
  pathInWords,
  placeMessages,
  shownChoice,
} from './model';
import { buildChoices, initialTyped, parseTyped, typedMode } from './typed';
import { nameVersions } from './versions';

const stamp = { created: 1, modified: 2, author: 'local', device: 'elsewhere' };
const address = (phone: string, street = 'Rue Haute') => [
  {
    id: 'a1',
    addressType: 'home',
    street,
    houseNumber: '5',
    city: 'Gent',
    telecoms: [{ id: 't1', telecomType: 'mobile', telecomNumber: phone }],
  },
];
const base = {
  _id: 'p1',
  type: 'patient',
  firstName: 'Jean',
  lastName: 'Dupont',
  gender: 'male',
  languages: [],
  active: true,
  addresses: address('+32 470 00 00 00'),
  ...stamp,
};
// A changed the phone number, B the street; both the last name, differently.
const A = {
  ...base,
  _rev: '2-aaa',
  lastName: 'Dupont-A',
  addresses: address('+32 470 11 11 11'),
  author: 'alice',
  device: 'ws-a',
  modified: 10,
};
const B = {
  ...base,
  _rev: '2-bbb',
  lastName: 'Dupont-B',
  addresses: address('+32 470 00 00 00', 'Rue Basse'),
  author: 'bob',
  device: 'ws-b',
  modified: 20,
};

function plan(): MergePlan {
  return mergePlan({
    winner: B as BranchDoc,
    losers: [A as BranchDoc],
    ancestor: { ...base, _rev: '1-x' } as never,
    ancestorSource: 'revisions',
  });
}
// Seen from alice's workstation: A is hers even though B (bob's) is the revision CouchDB picked.
const names = (p: MergePlan) => nameVersions(p.branches, { username: 'alice', deviceId: 'ws-a' });
const node = (p: MergePlan, path: string) => {
  const n = planNodes(p).get(path);
  if (!n) throw new Error(`no node ${path}`);
  return n;
};

describe('merge screen model', () => {
  it('pre-selects one-sided changes and asks for the last name', () => {
    const p = plan();
    const s = mergeState(p, {}, {});
    expect(s.preview?.unresolved).toEqual(['lastName']);
    expect(s.blocker).toMatch(/1 choice is still needed: Last name/);
    const last = node(p, 'lastName');
    expect(nodeStatus(p, last, {}, names(p))).toMatchObject({
      needsChoice: true,
      text: expect.stringMatching(/Changed differently in bob's version and your version — your choice/),
    });
    // The nested one-sided changes are pre-selected: the phone from A (theirs), the street from B (mine).
    const phone = [...planNodes(p).keys()].find((k) => k.includes('telecoms'))!;
    const street = [...planNodes(p).keys()].find((k) => k.endsWith('.street'))!;
    expect(shownChoice(node(p, phone), {})).toEqual({ from: 'branch', rev: '2-aaa' });
    expect(shownChoice(node(p, street), {})).toEqual({ from: 'branch', rev: '2-bbb' });
    expect(isShown(p, {}, street)).toBe(true);
    expect(pathInWords(p, street)).toBe('Home: Rue Basse 5, Gent › Street');
  });

  it('saves once the last name is chosen, with the chosen side and both one-sided changes', () => {
    const p = plan();
    const s = mergeState(p, { lastName: { from: 'branch', rev: '2-aaa' } }, {});
    expect(s.blocker).toBeUndefined();
    expect(s.preview?.canSave).toBe(true);
    const body = s.preview!.body as typeof base;
    expect(body.lastName).toBe('Dupont-A');
    expect(body.addresses[0]!.street).toBe('Rue Basse');
    expect(body.addresses[0]!.telecoms[0]!.telecomNumber).toBe('+32 470 11 11 11');
    // Only the explicit pick is sent: the core records the rest as pre-selected.
    expect(s.choices).toEqual({ lastName: { from: 'branch', rev: '2-aaa' } });
  });

  it('hides nested parts when a whole list is taken from one side, and moves their messages up', () => {
    const p = plan();
    const picks = { addresses: { from: 'branch' as const, rev: '2-aaa' } };
    const street = [...planNodes(p).keys()].find((k) => k.endsWith('.street'))!;
    expect(isShown(p, picks, street)).toBe(false);
    const placed = placeMessages(p, picks, { [street]: 'too long', lastName: 'enter a last name', other: 'odd' });
    expect(placed.byNode.addresses?.[0]).toMatch(/Street: too long$/);
    expect(placed.byNode.lastName).toEqual(['enter a last name']);
    expect(placed.general).toEqual(['Other: odd']);
  });

  it('reads typed values by the field kind and blocks Save on one that does not parse', () => {
    const p = plan();
    const last = node(p, 'lastName');
    expect(typedMode(last)).toBe('text');
    expect(initialTyped(p, last)).toBe('Dupont-B');
    expect(typedMode(node(p, 'addresses'))).toBe('json');
    expect(parseTyped('number', '37,5')).toEqual({ ok: true, choice: { from: 'value', value: 37.5 } });
    expect(parseTyped('number', 'abc')).toMatchObject({ ok: false });
    expect(parseTyped('text', '  ')).toEqual({ ok: true, choice: { from: 'value' } }); // empty removes
    expect(parseTyped('json', '[1,')).toMatchObject({ ok: false, error: expect.stringMatching(/JSON/) });

    const typed = mergeState(p, { lastName: { from: 'value' } }, { lastName: 'Dupont-Typed' });
    expect((typed.preview!.body as typeof base).lastName).toBe('Dupont-Typed');
    expect(typed.blocker).toBeUndefined();

    const bad = buildChoices(
      p,
      { addresses: { from: 'value' }, lastName: { from: 'branch', rev: '2-aaa' } },
      { addresses: '[{' },
    );
    expect(bad.typedErrors.addresses).toMatch(/JSON/);
    expect(bad.choices.addresses).toBeUndefined();
    expect(
      mergeState(p, { addresses: { from: 'value' }, lastName: { from: 'branch', rev: '2-aaa' } }, { addresses: '[{' })
        .blocker,
    ).toMatch(/Fix the typed value of Addresses/);
  });

  it('shows validation errors of the merged record and keeps Save disabled', () => {
    const p = plan();
    const s = mergeState(p, { lastName: { from: 'value' } }, { lastName: '' });
    expect(s.preview?.validation.ok).toBe(false);
    expect(s.blocker).toMatch(/not valid/);
    const errors = s.preview!.validation.ok ? {} : s.preview!.validation.errors;
    expect(placeMessages(p, { lastName: { from: 'value' } }, errors).byNode.lastName).toEqual([
      'required: choose a version or type a value',
    ]);
  });

  it('labels options per side, dropped items and the merge option', () => {
    const p = plan();
    expect(optionText(p, node(p, 'lastName'), { from: 'branch', rev: '2-aaa' }, names(p))).toBe(
      'your version: Dupont-A',
    );
    expect(optionText(p, node(p, 'lastName'), { from: 'branch', rev: '2-bbb' }, names(p))).toBe(
      "bob's version: Dupont-B",
    );
    expect(optionText(p, node(p, 'lastName'), { from: 'ancestor' }, names(p))).toBe('original: Dupont');
    expect(optionText(p, node(p, 'addresses'), { from: 'merge' }, names(p))).toBe('Merge item by item');
    expect(choiceKey({ from: 'branch', rev: '2-aaa' })).toBe('branch:2-aaa');
    const item = [...planNodes(p).values()].find((n) => n.kind === 'item')!;
    expect(itemTitle(p, item)).toBe('Home: Rue Basse 5, Gent — mobile +32 470 00 00 00');
  });

  it('asks keep-or-delete first when one side deleted the record', () => {
    const he = {
      _id: 'h1',
      type: 'healthElement',
      healthElementId: 'h1',
      patientId: 'p1',
      descr: 'Asthma',
      relevant: true,
      ...stamp,
    };
    const p = mergePlan({
      winner: { ...he, _rev: '2-bbb', descr: 'Asthma, severe' } as BranchDoc,
      losers: [{ _id: 'h1', _rev: '2-ccc', _deleted: true } as BranchDoc],
      ancestor: he as never,
      ancestorSource: 'revisions',
    });
    expect(p.kind).toBe('delete-vs-edit');
    expect(mergeState(p, {}, {}).blocker).toMatch(/Keep or delete the record/);
    expect(mergeState(p, { [RECORD_PATH]: { from: 'merge' } }, {}).blocker).toBeUndefined();
    const del = mergeState(p, { [RECORD_PATH]: { from: 'branch', rev: '2-ccc' } }, {});
    expect(del.preview?.body._deleted).toBe(true);
    expect(del.blocker).toBeUndefined();
  });

  it('without an ancestor, every difference needs a choice', () => {
    const p = mergePlan({ winner: B as BranchDoc, losers: [A as BranchDoc] });
    const s = mergeState(p, {}, {});
    expect(s.preview?.unresolved.length).toBeGreaterThan(1);
    expect(nodeStatus(p, node(p, 'lastName'), {}, names(p)).text).toMatch(/no original says who changed it/);
  });
});

describe('conflict wording', () => {
  it('shows values as a clinician reads them, never an id', () => {
    expect(showValue(undefined)).toBe('(absent)');
    expect(showValue([])).toBe('(none)');
    expect(showValue(A.addresses as never, 'addresses')).toBe('Home: Rue Haute 5, Gent — mobile +32 470 11 11 11');
    expect(showValue(19800412, 'dateOfBirth')).toBe('12/04/1980');
    expect(showValue(19800400, 'dateOfBirth')).toBe('04/1980');
    expect(showValue(19800412)).toBe('19800412');
    expect(showValue(['fr', 'nl'], 'languages')).toBe('fr; nl');
    expect(showValue('female', 'gender')).toBe('female');
    expect(showValue({ x: 1 })).toBe('X: 1');
    expect(showValue({ id: 'f0db283a-28c9-4fe3-bbf7-e7cb55766413' })).toBe('(an entry)');
    expect(showValue('663c2b02-28c9-4fe3-bbf7-e7cb55766413', 'responsible')).toBe('(a linked record)');
    expect(showValue([{ type: 'ICPC', code: 'K86', version: '2' }], 'codes')).toBe('ICPC K86');
  });

  it('names new conflicts in a notice and stored choices in words', () => {
    expect(noticeText({ titles: ['Patient DUPONT Jean'] })).toBe('New conflict: Patient DUPONT Jean');
    expect(noticeText({ titles: ['a', 'b', 'c', 'd', 'e'] })).toBe('5 new conflicts: a; b; c and 2 more');
    expect(describeStoredChoice('default:branch:2-aaa', (r) => `v${r}`)).toBe('took v2-aaa (pre-selected)');
    expect(describeStoredChoice('typed', (r) => r)).toBe('typed by hand');
  });
});
