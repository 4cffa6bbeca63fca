import { describe, expect, it } from 'vitest';
import { LinkIndex } from './link-index';

describe('LinkIndex', () => {
  it('orders a patient’s records newest first and follows moves and deletions', () => {
    const idx = new LinkIndex();
    idx.apply({ _id: 'c1', type: 'contact', patientId: 'p', openingDate: 20240101000000 });
    idx.apply({ _id: 'c2', type: 'contact', patientId: 'p', openingDate: 20250101000000 });
    idx.apply({ _id: 'h1', type: 'healthElement', patientId: 'p' });
    expect(idx.of('p', 'contact')).toEqual(['c2', 'c1']);
    expect(idx.of('p', 'healthElement')).toEqual(['h1']);
    idx.apply({ _id: 'c1', type: 'contact', patientId: 'q', openingDate: 20240101000000 });
    idx.apply({ _id: 'c2', _deleted: true });
    expect(idx.of('p', 'contact')).toEqual([]);
    expect(idx.of('q', 'contact')).toEqual(['c1']);
  });

  it('lets changes made before a deferred restore win over the snapshot’s older rows', () => {
    const idx = new LinkIndex();
    idx.deferRestore();
    idx.apply({ _id: 'moved', type: 'contact', patientId: 'new', openingDate: 2 });
    idx.apply({ _id: 'gone', _deleted: true });
    idx.restoreDeferred([
      ['moved', 'old', 'contact', 1],
      ['gone', 'old', 'contact', 1],
      ['kept', 'old', 'contact', 3],
    ]);
    expect(idx.of('old', 'contact')).toEqual(['kept']);
    expect(idx.of('new', 'contact')).toEqual(['moved']);
  });
});
