import { describe, expect, it } from 'vitest';
import { PatientIndex } from './patient-index';

const p = (id: string, firstName: string, lastName: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  type: 'patient',
  firstName,
  lastName,
  ...extra,
});

describe('PatientIndex', () => {
  const idx = new PatientIndex();
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
});
