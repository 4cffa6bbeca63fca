import { describe, expect, it } from 'vitest';
import { IndexDb } from './index-db';
import { LinkIndex } from './link-index';

describe('LinkIndex', () => {
  it('orders a patient’s records newest first and follows moves and deletions', () => {
    const idx = new LinkIndex(IndexDb.memory());
    idx.apply({ _id: 'c1', type: 'contact', patientId: 'p', openingDate: 20240101000000 });
    idx.apply({ _id: 'c2', type: 'contact', patientId: 'p', openingDate: 20250101000000 });
    idx.apply({ _id: 'h1', type: 'healthElement', patientId: 'p' });
    expect(idx.of('p', 'contact')).toEqual(['c2', 'c1']);
    expect(idx.of('p', 'healthElement')).toEqual(['h1']);
    expect(idx.size).toBe(3);
    idx.apply({ _id: 'c1', type: 'contact', patientId: 'q', openingDate: 20240101000000 });
    idx.apply({ _id: 'c2', _deleted: true });
    expect(idx.of('p', 'contact')).toEqual([]);
    expect(idx.of('q', 'contact')).toEqual(['c1']);
    expect(idx.size).toBe(2);
  });
});
