import { describe, expect, it } from 'vitest';
import { IndexDb } from './index-db';
import { PatientIndex, TOTALS_CACHE } from './patient-index';

const fresh = () => new PatientIndex(IndexDb.memory());

const p = (id: string, firstName: string, lastName: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  type: 'patient',
  firstName,
  lastName,
  ...extra,
});

describe('PatientIndex', () => {
  const idx = fresh();
  idx.apply(p('1', 'Jean', 'Dupont', { dateOfBirth: 19740321, ssin: '74032100112' }));
  idx.apply(p('2', 'Jeanne', 'Dupond', { dateOfBirth: 19741101 }));
  idx.apply(p('3', 'Émile', 'Zola', { dateOfBirth: 19850730 }));
  idx.apply(p('4', 'Anna', 'Ünal'));
  it('searches by last-name prefix, sorted by name, accent- and case-insensitive', () => {
    expect(idx.search('dup', 0, 10).items.map((i) => i.id)).toEqual(['2', '1']);
    expect(idx.search('UN', 0, 10).items.map((i) => i.id)).toEqual(['4']);
    expect(idx.search('emile', 0, 10).items.map((i) => i.id)).toEqual(['3']);
  });
  it('combines last and first name in either order', () => {
    expect(idx.search('dupont jean', 0, 10).items.map((i) => i.id)).toEqual(['1']);
    expect(idx.search('jeanne dup', 0, 10).items.map((i) => i.id)).toEqual(['2']);
  });
  it('searches by date of birth and SSIN', () => {
    expect(idx.search('1974', 0, 10).total).toBe(2);
    expect(idx.search('1974-03-21', 0, 10).items.map((i) => i.id)).toEqual(['1']);
    expect(idx.search('740321', 0, 10).items.map((i) => i.id)).toEqual(['1']);
  });
  it('pages, follows updates and deletions', () => {
    expect(idx.search('', 1, 2)).toMatchObject({ total: 4, items: [{ id: '1' }, { id: '4' }] });
    idx.apply(p('1', 'Jean', 'Martin'));
    expect(idx.search('dup', 0, 10).items.map((i) => i.id)).toEqual(['2']);
    idx.apply({ _id: '2', _deleted: true });
    expect(idx.search('dup', 0, 10).total).toBe(0);
  });
  it('flags invalid patients instead of hiding them', () => {
    idx.apply(p('5', 'Odd', 'Record', { dateOfBirth: 'yesterday' }));
    expect(idx.search('record', 0, 10).items[0]).toMatchObject({ id: '5', invalid: true });
  });
  it('finds a date of birth typed the Belgian way, and 8 digits as a date and as an SSIN prefix', () => {
    const b = fresh();
    b.apply(p('a', 'Ilse', 'Peeters', { dateOfBirth: 19870719 }));
    b.apply(p('b', 'Jan', 'Peeters', { dateOfBirth: 19870700 }));
    b.apply(p('c', 'Zoë', 'Janssens', { ssin: '19071987001' }));
    for (const q of ['19/07/1987', '19.07.1987', '19-07-1987', '1987-07-19', '19071987'])
      expect(b.search(q, 0, 10).items.map((i) => i.id)[0], q).toBe('a');
    expect(b.search('19071987', 0, 10).items.map((i) => i.id)).toEqual(['a', 'c']);
    expect(b.search('07/1987', 0, 10).items.map((i) => i.id)).toEqual(['b', 'a']);
    expect(b.search('31/02/1987', 0, 10).total).toBe(0);
  });
  it('orders same-name patients by date of birth, unknown last, in the list and in search', () => {
    const b = fresh();
    b.apply(p('z1', 'Jan', 'Peeters'));
    b.apply(p('z2', 'Jan', 'Peeters', { dateOfBirth: 19900101 }));
    b.apply(p('z3', 'Jan', 'Peeters', { dateOfBirth: 19450505 }));
    b.apply(p('z4', 'Anna', 'Peeters', { dateOfBirth: 20000101 }));
    expect(b.search('', 0, 10).items.map((i) => i.id)).toEqual(['z4', 'z3', 'z2', 'z1']);
    expect(b.search('peeters jan', 0, 10).items.map((i) => i.id)).toEqual(['z3', 'z2', 'z1']);
    b.apply(p('z1', 'Jan', 'Peeters', { dateOfBirth: 19300101 }));
    expect(b.search('peeters', 0, 10).items.map((i) => i.id)).toEqual(['z4', 'z1', 'z3', 'z2']);
  });
  it('answers the duplicate checks from its keys: same SSIN, same name and date of birth', () => {
    const b = fresh();
    b.apply(p('d1', 'Émile', 'Zola', { dateOfBirth: 19850730, ssin: '85.07.30-033.28' }));
    b.apply(p('d2', 'Emile', 'ZOLA', { dateOfBirth: 19850730 }));
    b.apply(p('d3', 'Emile', 'Zola', { dateOfBirth: 19850731 }));
    expect(b.withSsin('85073003328').map((s) => s.id)).toEqual(['d1']);
    expect(b.withNameAndBirth('zola', 'émile', 19850730).map((s) => s.id)).toEqual(['d1', 'd2']);
    b.apply(p('d1', 'Émile', 'Zola', { dateOfBirth: 19850730 }));
    expect(b.withSsin('85073003328')).toEqual([]);
    b.apply(p('d9', 'X', 'Y', { ssin: '111' }));
    b.apply(p('d8', 'X', 'Y', { ssin: '111' }));
    expect(b.withSsin('111').map((s) => s.id)).toEqual(['d8', 'd9']);
  });

  it('pages through a list of two parts (born that day, then other SSINs) as one list', () => {
    const b = fresh();
    b.apply(p('e1', 'Ilse', 'Aerts', { dateOfBirth: 19870719 }));
    b.apply(p('e2', 'Jan', 'Baert', { dateOfBirth: 19870719, ssin: '19071987002' }));
    b.apply(p('e3', 'Zoë', 'Claes', { ssin: '19071987001' }));
    b.apply(p('e4', 'Zoë', 'Dirk', { ssin: '19071987003' }));
    const all = b.search('19071987', 0, 10);
    expect(all.total).toBe(4);
    expect(all.items.map((i) => i.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(b.search('19071987', 1, 2).items.map((i) => i.id)).toEqual(['e2', 'e3']);
    expect(b.search('19071987', 3, 10).items.map((i) => i.id)).toEqual(['e4']);
  });

  it('pages through last-name and first-name matches merged in name order', () => {
    const b = fresh();
    b.apply(p('j1', 'Piet', 'Jansen'));
    b.apply(p('j2', 'Jan', 'Peeters'));
    b.apply(p('j3', 'Jana', 'Aerts'));
    b.apply(p('j4', 'Ann', 'Janssens'));
    b.apply(p('j5', 'Jan', 'Zola'));
    b.apply(p('j6', 'Jan', 'Jansen')); // both sides: listed once
    const ids = (o: number, l: number) => b.search('jan', o, l).items.map((i) => i.id);
    expect(b.search('jan', 0, 10).total).toBe(6);
    expect(ids(0, 10)).toEqual(['j3', 'j6', 'j1', 'j4', 'j2', 'j5']);
    expect(ids(1, 2)).toEqual(['j6', 'j1']);
    expect(ids(4, 10)).toEqual(['j2', 'j5']);
    expect(b.search('jan pe', 0, 10).items.map((i) => i.id)).toEqual(['j2']);
  });

  it('keeps only a bounded number of totals in memory, and answers the same without them', () => {
    const b = fresh();
    for (let i = 0; i < 300; i++) b.apply(p(`m${i}`, `First${i}`, `Name${String(i).padStart(3, '0')}`));
    const first = b.search('name1', 0, 5);
    for (let i = 0; i < 300; i++) b.search(`name${i}`, 0, 5);
    const totals = (b as unknown as { totals: Map<string, number> }).totals;
    expect(totals.size).toBeLessThanOrEqual(TOTALS_CACHE);
    expect(b.search('name1', 0, 5)).toEqual(first);
    expect(first.total).toBe(100); // Name100 to Name199
  });
});
