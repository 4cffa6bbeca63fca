// The first build's sequential read of the store gives, document for document, what PouchDB's
// changes feed gives (include_docs, conflicts, style all_docs): conflicts, deletions, a deleted
// branch beside a live one, long histories, attachments, local documents, compacted bodies.
import { describe, expect, it } from 'vitest';
import { tempLocalDbs } from '../../testing/local-db';
import { rawLevel } from './leveldb-handle';
import type { LocalDb } from './open';
import { leavesOf, rawScan, simpleMetadata, winnerOf } from './raw-scan';
import type { FeedChange } from './feed-change';

const open = tempLocalDbs();

/** What the changes feed delivers, in the shape the pipeline gives its subscribers. */
async function viaFeed(db: LocalDb, since = 0): Promise<Map<string, Omit<FeedChange, 'seq'>>> {
  const res = await db.changes({ since, include_docs: true, conflicts: true, style: 'all_docs' });
  return new Map(
    res.results.map((r) => [
      r.id,
      { id: r.id, deleted: r.deleted === true, leaves: r.changes.map((c) => c.rev), doc: r.doc as FeedChange['doc'] },
    ]),
  );
}

async function viaScan(db: LocalDb, since = 0): Promise<Map<string, Omit<FeedChange, 'seq'>>> {
  const level = rawLevel(db.name);
  if (!level) throw new Error('the store is not at hand');
  const upTo = (await db.info()).update_seq as number;
  const out = new Map<string, Omit<FeedChange, 'seq'>>();
  await rawScan(level, { since, upTo }, ({ seq: _s, ...c }) => out.set(c.id, c));
  return out;
}

describe('raw scan of the store', () => {
  it('delivers every document as the changes feed does', async () => {
    const db = await open();
    // Plain documents, one edited many times, one deleted.
    const plain = Array.from({ length: 300 }, (_, i) => ({ _id: `p-${String(i).padStart(3, '0')}`, n: i }));
    await db.bulkDocs(plain);
    let edited = await db.get('p-001');
    for (let i = 0; i < 30; i++) edited = { ...edited, _rev: (await db.put({ ...edited, n: 1000 + i })).rev };
    await db.remove(await db.get('p-002'));
    // Conflicts: two live branches; a deleted branch beside a live one; three branches.
    const r = (n: number, h: string) => `${n}-${h.repeat(32).slice(0, 32)}`;
    await db.bulkDocs(
      [
        { _id: 'c-live', _rev: r(2, 'a'), v: 'a', _revisions: { start: 2, ids: ['a'.repeat(32), '0'.repeat(32)] } },
        { _id: 'c-live', _rev: r(2, 'b'), v: 'b', _revisions: { start: 2, ids: ['b'.repeat(32), '0'.repeat(32)] } },
        { _id: 'c-del', _rev: r(3, 'c'), v: 'c', _revisions: { start: 3, ids: ['c'.repeat(32), '1'.repeat(32)] } },
        {
          _id: 'c-del',
          _rev: r(4, 'd'),
          _deleted: true,
          _revisions: { start: 4, ids: ['d'.repeat(32), '2'.repeat(32)] },
        },
        { _id: 'c-three', _rev: r(1, 'e'), v: 'e' },
        { _id: 'c-three', _rev: r(1, 'f'), v: 'f' },
        { _id: 'c-three', _rev: r(2, '9'), v: '9', _revisions: { start: 2, ids: ['9'.repeat(32), 'e'.repeat(32)] } },
      ] as never,
      { new_edits: false },
    );
    // Every leaf deleted: the winner is a tombstone.
    await db.bulkDocs(
      [
        { _id: 'c-gone', _rev: r(1, 'a'), _deleted: true },
        { _id: 'c-gone', _rev: r(1, 'b'), _deleted: true },
      ] as never,
      { new_edits: false },
    );
    // An attachment, a local document, a design document, and old bodies compacted away.
    await db.put({ _id: 'with-file', _attachments: { 'a.txt': { content_type: 'text/plain', data: 'aGVsbG8=' } } });
    await db.put({ _id: '_local/checkpoint', seq: 5 });
    await db.put({ _id: '_design/x', views: {} });
    // An id that holds the markers the metadata's fast read looks for.
    await db.put({ _id: 'odd [] ,"rev_map":{ ,"winningRev":" ,"seq":7 ÿ', n: 1 });
    await db.compact();

    const feed = await viaFeed(db);
    const scan = await viaScan(db);
    expect(scan.size).toBe(feed.size);
    for (const [id, c] of feed) expect(scan.get(id), id).toEqual(c);
    // The cases are there (the comparison is not vacuous).
    expect(feed.get('c-live')?.doc._conflicts).toHaveLength(1);
    expect(feed.get('c-three')?.leaves).toHaveLength(2);
    expect(feed.get('c-gone')?.deleted).toBe(true);
    expect(feed.get('p-002')?.deleted).toBe(true);
    expect(scan.has('_local/checkpoint')).toBe(false);
  });

  it('leaves what was written after the seq it was given to the feed', async () => {
    const db = await open();
    await db.bulkDocs([{ _id: 'a' }, { _id: 'b' }]);
    const level = rawLevel(db.name)!;
    const upTo = (await db.info()).update_seq as number;
    await db.put({ ...(await db.get('a')), later: true });
    await db.put({ _id: 'c' });
    const ids: string[] = [];
    await rawScan(level, { since: 0, upTo }, (c) => ids.push(c.id));
    // a's winner is now past upTo: it comes with the feed after upTo, as c does.
    expect(ids).toEqual(['b']);
  });

  it('from a seq: the documents changed since, as the feed since that seq gives them', async () => {
    const db = await open();
    await db.bulkDocs(Array.from({ length: 50 }, (_, i) => ({ _id: `d-${i}`, n: i })));
    const since = (await db.info()).update_seq as number;
    // After `since`: an edit, a deletion, a new document, and a losing branch whose winner is
    // older than `since` (the feed lists it: its leaves changed).
    await db.put({ ...(await db.get('d-1')), n: 100 });
    await db.remove(await db.get('d-2'));
    await db.put({ _id: 'd-new' });
    const w = await db.get('d-3');
    await db.bulkDocs([{ _id: 'd-3', _rev: '1-0000000000000000000000000000000a', n: -1 }] as never, {
      new_edits: false,
    });
    expect((await db.get('d-3'))._rev).toBe(w._rev);
    const feed = await viaFeed(db, since);
    const scan = await viaScan(db, since);
    expect([...scan.keys()].sort()).toEqual(['d-1', 'd-2', 'd-3', 'd-new']);
    for (const [id, c] of feed) expect(scan.get(id), id).toEqual(c);
    expect(scan.size).toBe(feed.size);
  });

  it('reads a one-leaf metadata without parsing it, and leaves the others to JSON', () => {
    const one =
      '{"id":"x[]","rev_tree":[{"pos":1,"ids":["aa",{"status":"missing"},[["bb",{"status":"available"},[]]]]}],' +
      '"rev":"2-bb","rev_map":{"1-aa":3,"2-bb":9},"winningRev":"2-bb","deleted":false,"seq":9}';
    expect(simpleMetadata(one)).toEqual({ seq: 9, winSeq: 9 });
    const two = one.replace('[]]]]}]', '[]],["cc",{"status":"available"},[]]]]}]');
    expect(simpleMetadata(two)).toBeUndefined();
    expect(simpleMetadata('{"id":"y","rev_tree":[],"seq":1}')).toBeUndefined();
  });

  it('orders leaves and picks the winner as PouchDB does', () => {
    const tree = [
      {
        pos: 1,
        ids: [
          'r',
          {},
          [
            ['x', {}, []],
            ['y', { deleted: true }, [['z', { deleted: true }, []]]],
          ],
        ],
      },
    ] as never;
    const leaves = leavesOf(tree);
    expect(leaves.map((l) => l.rev)).toEqual(['3-z', '2-x']);
    // A live leaf beats a longer deleted one.
    expect(winnerOf(leaves).rev).toBe('2-x');
  });
});
