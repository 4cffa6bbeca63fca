// Versions named by who saved them and where (never by which revision CouchDB picked), history
// changes and the chart's conflict hint in clinical words, with no id anywhere.
import { describe, expect, it } from 'vitest';
import { mergePlan, type BranchDoc } from '../../shared/conflicts';
import { describeChanges, storedPathInWords } from './changes';
import { hintLines } from './hint';
import { pathInWords } from './model';
import { isYours, nameVersions, whoWhere, type Viewer } from './versions';

const ALICE_WS = '0b1e4a7c-1111-4a2b-9c3d-aaaaaaaaaaaa';
const BOB_WS = 'eb350765-2222-4a2b-9c3d-bbbbbbbbbbbb';
const alice: Viewer = { username: 'alice', deviceId: ALICE_WS };
const at1937 = new Date(2026, 11, 2, 19, 37).getTime();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const phone = (id: string, n: string) => ({ id, telecomType: 'mobile', telecomNumber: n });
const home = (tels: object[], street = 'Rue Haute') => ({
  id: 'a7f3c1d2-3333-4a2b-9c3d-cccccccccccc',
  addressType: 'home',
  street,
  houseNumber: '5',
  postalCode: '1000',
  city: 'Bruxelles',
  telecoms: tels,
});
const T1 = 'c1d2e3f4-4444-4a2b-9c3d-dddddddddddd';
const base = {
  _id: 'p-5555-uuid',
  type: 'patient',
  firstName: 'Marie',
  lastName: 'Clarity',
  responsible: '663c2b02-5555-4a2b-9c3d-eeeeeeeeeeee',
  addresses: [home([phone(T1, '+32 470 00 00 00')])],
  created: 1,
  modified: 1,
  author: 'alice',
  device: ALICE_WS,
};
// Bob's version wins (higher generation), alice's is hidden on her own workstation.
const bobs = { ...base, _rev: '3-bbb', note: 'Allergic to latex.', author: 'bob', device: BOB_WS, modified: at1937 };
const alices = {
  ...base,
  _rev: '2-aaa',
  addresses: [home([phone(T1, '+32 470 11 11 11')])],
  author: 'alice',
  device: ALICE_WS,
  modified: at1937,
};
const plan = () =>
  mergePlan({ winner: bobs as BranchDoc, losers: [alices as BranchDoc], ancestor: { ...base, _rev: '1-x' } as never });

describe('version labels', () => {
  it("calls alice's own version hers on her workstation even when bob's revision won", () => {
    const names = nameVersions(plan().branches, alice, at1937);
    expect(names.get('2-aaa')).toEqual({
      short: 'your version',
      detail: 'alice, this workstation, 19:37',
      yours: true,
    });
    expect(names.get('3-bbb')).toEqual({
      short: "bob's version",
      detail: 'bob, workstation eb35…, 19:37',
      yours: false,
    });
  });

  it("on bob's workstation the same versions read the other way round", () => {
    const names = nameVersions(plan().branches, { username: 'bob', deviceId: BOB_WS }, at1937);
    expect(names.get('3-bbb')?.short).toBe('your version');
    expect(names.get('2-aaa')?.short).toBe("alice's version");
    expect(names.get('2-aaa')?.detail).toBe('alice, workstation 0b1e…, 19:37');
  });

  it('tells apart one user on two workstations, and says nothing is yours without stamps', () => {
    const v = [
      { rev: '2-a', author: 'alice', device: ALICE_WS },
      { rev: '2-b', author: 'alice', device: BOB_WS },
      { rev: '2-c', author: 'carol', device: 'ws-1' },
      { rev: '2-d', author: 'carol', device: 'ws-2' },
    ];
    const names = nameVersions(v, alice);
    expect([...names.values()].map((n) => n.short)).toEqual([
      'your version',
      "alice's version",
      "carol's version (workstation ws-1)",
      "carol's version (workstation ws-2)",
    ]);
    expect(isYours({}, alice)).toBe(false);
    expect(isYours({ author: 'alice' }, alice)).toBe(true); // no device stamp: the user decides
    expect(isYours({ author: 'bob', device: ALICE_WS }, alice)).toBe(false); // another user here
    expect(whoWhere({ author: 'local', device: ALICE_WS }, { ...alice, localName: 'Dr Alice Martin' })).toBe(
      'Dr Alice Martin, this workstation',
    );
    expect(whoWhere({}, alice)).toBe('an unknown user, an unknown workstation');
  });
});

describe('readable rows', () => {
  it('names a nested phone number by its address and number, with no uuid', () => {
    const p = plan();
    const tel = [...Object.keys(Object.fromEntries(p.fields.map((f) => [f.path, f])))];
    expect(tel).toContain('addresses');
    const paths = JSON.stringify(p.fields);
    const number = /addresses\[[^\]]+\]\.telecoms\[[^\]]+\]\.telecomNumber/.exec(paths);
    const words = number ? pathInWords(p, number[0]) : pathInWords(p, 'addresses'); // a one-sided list is pre-selected whole
    expect(words).not.toMatch(UUID);
    expect(pathInWords(p, 'addresses')).toBe('Addresses');
  });

  it('the chart hint says what the hidden version holds', () => {
    const p = plan();
    const onAlices = hintLines(p, nameVersions(p.branches, alice));
    expect(onAlices).toEqual([
      'Note: none in your version',
      "Addresses: 'Home: Rue Haute 5, 1000 Bruxelles — mobile +32 470 11 11 11' in your version",
    ]);
    const swapped = mergePlan({ winner: alices as BranchDoc, losers: [bobs as BranchDoc] });
    expect(hintLines(swapped, nameVersions(swapped.branches, alice))[0]).toBe(
      "Note: 'Allergic to latex.' in bob's version",
    );
  });
});

describe('history in clinical words', () => {
  it('says what changed, item by item, and never an id or a technical field', () => {
    const before = [home([phone(T1, '+32 470 00 00 00')])];
    const after = [home([phone(T1, '+32 470 11 11 11'), phone('t2', 'm@example.be')])];
    (after[0]!.telecoms[1] as { telecomType: string }).telecomType = 'email';
    expect(describeChanges({ field: 'addresses', before: before as never, after: after as never })).toEqual([
      'Phone number changed from +32 470 00 00 00 to +32 470 11 11 11',
      'E-mail address added: e-mail m@example.be',
    ]);
    expect(describeChanges({ field: 'note', after: 'Allergic to latex.' })).toEqual(['Note added: Allergic to latex.']);
    expect(describeChanges({ field: 'lastName', before: 'Dupont', after: 'Dupont-A' })).toEqual([
      'Last name changed from Dupont to Dupont-A',
    ]);
    expect(describeChanges({ field: 'responsible', after: base.responsible })).toEqual([]);
    expect(describeChanges({ field: 'type', after: 'patient' })).toEqual([]);
    expect(describeChanges({ field: 'addresses', after: [home([])] as never })).toEqual([
      'Address added: Home: Rue Haute 5, 1000 Bruxelles',
    ]);
    expect(describeChanges({ field: 'dateOfBirth', before: 19800315, after: 19800316 })).toEqual([
      'Date of birth changed from 15/03/1980 to 16/03/1980',
    ]);
    expect(
      describeChanges({
        field: 'services',
        before: [{ id: 's1', label: 'Weight', content: { en: { measureValue: { value: 70, unit: 'kg' } } } }],
        after: [{ id: 's1', label: 'Weight', content: { en: { measureValue: { value: 72, unit: 'kg' } } } }],
      }),
    ).toEqual(['Weight changed from 70 kg to 72 kg']);
    expect(storedPathInWords(`addresses["${home([]).id}"].telecoms["${T1}"].telecomNumber`)).toBe(
      'Addresses › Phone numbers and e-mail › Phone number',
    );
    expect(storedPathInWords('codes[["ICPC","K86","2"]]')).toBe('Codes');
  });
});
