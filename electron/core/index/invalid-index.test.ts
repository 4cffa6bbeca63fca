import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp';
import { IndexDb, INDEX_FILE } from './index-db';
import { InvalidIndex } from './invalid-index';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('InvalidIndex', () => {
  it('flags records that fail their schema, clears the flag once fixed, and keeps them on disk', async () => {
    const t = await tempDir('cw-invalid-');
    cleanups.push(t.remove);
    const file = path.join(t.dir, INDEX_FILE);
    const { index } = IndexDb.open(file);
    const invalid = new InvalidIndex(index);
    const meta = { created: 1, modified: 1, author: 'alice', device: 'ws-1' };
    const ok = { _id: 'patient:ok', type: 'patient', firstName: 'A', lastName: 'B', ...meta };
    const odd = { ...ok, _id: 'patient:odd', dateOfBirth: 'yesterday' };
    expect(invalid.apply(odd)).toBe(true);
    expect(invalid.apply(odd)).toBe(false); // flagged already: the count does not move
    expect(invalid.apply(ok)).toBe(false);
    expect(invalid.size).toBe(1);
    expect(invalid.has('patient:odd')).toBe(true);
    expect(invalid.list(10)).toEqual([
      { id: 'patient:odd', type: 'patient', fields: expect.objectContaining({ dateOfBirth: expect.any(String) }) },
    ]);
    index.commit(1);
    index.close();

    const again = IndexDb.open(file).index;
    cleanups.push(() => again.close());
    const reopened = new InvalidIndex(again);
    expect(reopened.size).toBe(1);
    expect(reopened.apply({ ...odd, dateOfBirth: 19800101 })).toBe(true);
    expect(reopened.size).toBe(0);
    expect(reopened.list(10)).toEqual([]);
  });
});
