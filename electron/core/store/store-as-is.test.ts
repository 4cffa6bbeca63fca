// storeAsIs skips PouchDB's copy of every argument, calling its leveldb adapter's own write: the
// database it leaves must be the one PouchDB's bulkDocs(new_edits: false) leaves, for every kind of
// revision the sync brings, and its answers (the refusals) the same.
import { describe, expect, it } from 'vitest';
import { tempLocalDbs } from '../../testing/local-db';
import type { LocalDb } from './open';
import { storeAsIs, writeAsIs, type Body } from './pouch';

const open = tempLocalDbs();

const rev = (n: number, tag: string) => `${n}-${tag.repeat(32).slice(0, 32)}`;
const hist = (start: number, ...tags: string[]) => ({ start, ids: tags.map((t) => t.repeat(32).slice(0, 32)) });

/** A batch as the sync brings them: first revisions, histories, a conflict, a deletion, out of order. */
function batch(): Body[] {
  return [
    { _id: 'patient:b', _rev: rev(3, 'c'), _revisions: hist(3, 'c', 'b', 'a'), firstName: 'B', n: [1, { x: 2 }] },
    { _id: 'patient:a', _rev: rev(1, 'a'), firstName: 'A' },
    // Two leaves of one document, the later one first: PouchDB's API sorts them (#2935).
    { _id: 'patient:c', _rev: rev(2, 'y'), _revisions: hist(2, 'y', 'a'), firstName: 'C2' },
    { _id: 'patient:c', _rev: rev(1, 'a'), _revisions: hist(1, 'a'), firstName: 'C1' },
    { _id: 'patient:d', _rev: rev(2, 'd'), _revisions: hist(2, 'd', 'a'), _deleted: true },
    { _id: 'patient:e', _rev: rev(2, 'f'), _revisions: hist(2, 'f', 'e'), firstName: 'E' },
  ];
}

/** Everything a reader of the database sees: counts, the feed with every leaf, each leaf with its history. */
async function snapshot(db: LocalDb) {
  const info = await db.info();
  const feed = await db.changes({ style: 'all_docs', include_docs: true, conflicts: true });
  const leaves: Record<string, unknown> = {};
  // PouchDB answers open_revs in the order its reads complete: sorted here.
  const rev = (l: unknown) => JSON.stringify(l);
  for (const r of feed.results)
    leaves[r.id] = (await db.get(r.id, { open_revs: 'all', revs: true })).sort((x, y) => (rev(x) < rev(y) ? -1 : 1));
  return {
    docCount: info.doc_count,
    updateSeq: info.update_seq,
    feed: feed.results.map((r) => ({ id: r.id, seq: r.seq, changes: r.changes, deleted: r.deleted, doc: r.doc })),
    leaves,
  };
}

describe('storeAsIs', () => {
  it('leaves the database PouchDB’s bulkDocs leaves, batch after batch', async () => {
    const [viaApi, direct] = [await open(), await open()];
    // A later batch: a child of a stored leaf, a new conflict branch, a revision stored already.
    const later = (): Body[] => [
      { _id: 'patient:a', _rev: rev(2, 'g'), _revisions: hist(2, 'g', 'a'), firstName: 'A2' },
      { _id: 'patient:e', _rev: rev(2, 'h'), _revisions: hist(2, 'h', 'e'), firstName: 'E-other' },
      { _id: 'patient:b', _rev: rev(3, 'c'), _revisions: hist(3, 'c', 'b', 'a'), firstName: 'B' },
    ];
    expect(await writeAsIs(viaApi, batch())).toEqual([]);
    const handedOver = batch();
    expect(await storeAsIs(direct, handedOver)).toEqual([]);
    // PouchDB's adapter marked them up itself: they were not copied (what storeAsIs is for).
    expect(handedOver[0]).toHaveProperty('_rev_tree');
    expect(await writeAsIs(viaApi, later())).toEqual([]);
    expect(await storeAsIs(direct, later())).toEqual([]);
    const [a, b] = [await snapshot(viaApi), await snapshot(direct)];
    expect(b).toEqual(a);
    expect(b.docCount).toBe(4); // d is deleted
    expect((await direct.get('patient:e', { conflicts: true }))._conflicts).toHaveLength(1);
  });

  it('tells the live feed, as every write must (the indexes and the push lane listen to it)', async () => {
    const db = await open();
    const seen: string[] = [];
    const feed = db.changes({ since: 'now', live: true }).on('change', (c) => seen.push(c.id));
    try {
      await storeAsIs(db, batch());
      await expect
        .poll(() => seen.slice().sort(), { timeout: 5_000 })
        .toEqual(['patient:a', 'patient:b', 'patient:c', 'patient:d', 'patient:e']);
    } finally {
      feed.cancel();
    }
  });

  it('takes PouchDB’s own path for attachments and odd revisions, with its answers', async () => {
    const [viaApi, direct] = [await open(), await open()];
    const withAttachment = (): Body[] => [
      {
        _id: 'patient:att',
        _rev: rev(1, 'a'),
        _attachments: { 'note.txt': { content_type: 'text/plain', data: 'aGVsbG8=', extra: 'trimmed' } },
      },
    ];
    const given = withAttachment();
    expect(await storeAsIs(direct, given)).toEqual(await writeAsIs(viaApi, withAttachment()));
    expect(given[0]).not.toHaveProperty('_rev_tree'); // PouchDB's API wrote a copy
    expect(await snapshot(direct)).toEqual(await snapshot(viaApi));
    const odd = [{ _id: 'patient:odd', _rev: 'not-a-rev' }];
    const apiErr = await writeAsIs(viaApi, odd).catch((e: unknown) => e);
    const directErr = await storeAsIs(direct, odd).catch((e: unknown) => e);
    expect(directErr).toMatchObject({ status: 400 });
    expect(directErr).toEqual(apiErr);
  });

  it('refuses like PouchDB does on a closed database, and writes nothing for nothing', async () => {
    const db = await open();
    expect(await storeAsIs(db, [])).toEqual([]);
    await db.close();
    await expect(storeAsIs(db, batch())).rejects.toThrow(/closed/);
  });
});
