// The initial load into an empty workstation: revision trees identical to the server's (plain
// documents, edited ones, conflicts, deletions, attachments), documents changed on the server and
// local edits made during the load both end up where they belong, and the push that follows
// starts past what came down instead of re-checking it.
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import {
  adminDb,
  allIds,
  firstDifference,
  patient,
  revTree,
  startWorkstation,
  waitFor,
  type Workstation,
} from '../../testing/sync-kit';

const TOTAL = 3_000;
const PAGE = 200;
let server: PracticeServer;
let w: Workstation | undefined;

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember('bob', 'bob-pw');
  const admin = adminDb(server);
  await admin.bulkDocs(
    Array.from({ length: TOTAL }, (_, i) => patient(`patient:${String(i).padStart(5, '0')}`, 'admin')),
  );
  // A document with history, one in conflict (two branches, one of them deleted too), a deleted one, one with an attachment.
  const edited = await admin.put(patient('patient:edited', 'admin'));
  await admin.put({ ...patient('patient:edited', 'admin', { lastName: 'Edited' }), _rev: edited.rev });
  await admin.bulkDocs(
    [
      {
        ...patient('patient:conflict', 'admin'),
        _id: 'patient:conflict',
        _rev: '2-aaa',
        _revisions: { start: 2, ids: ['aaa', 'root'] },
      },
      {
        ...patient('patient:conflict', 'admin', { lastName: 'Other' }),
        _id: 'patient:conflict',
        _rev: '2-bbb',
        _revisions: { start: 2, ids: ['bbb', 'root'] },
      },
      { _id: 'patient:conflict', _rev: '3-ccc', _deleted: true, _revisions: { start: 3, ids: ['ccc', 'bbb', 'root'] } },
      { ...patient('patient:conflict', 'admin', { lastName: 'Third' }), _id: 'patient:conflict', _rev: '1-zzz' },
    ] as never,
    { new_edits: false },
  );
  const gone = await admin.put(patient('patient:gone', 'admin'));
  await admin.remove('patient:gone', gone.rev);
  await admin.put({
    ...patient('patient:attached', 'admin'),
    _attachments: {
      'note.txt': { content_type: 'text/plain', data: Buffer.from('scan of a referral').toString('base64') },
    },
  } as never);
}, 60_000);

afterAll(async () => {
  await w?.close();
  await server?.stop();
});

describe('initial load', () => {
  it('copies the practice with identical revision trees, including changes made during the load', async () => {
    w = await startWorkstation(
      server,
      'load',
      { username: 'bob', password: 'bob-pw' },
      { initialLoadMinDocs: 0, initialLoadPageSize: PAGE },
    );
    const ws = w;
    const admin = adminDb(server);
    ws.engine.start();
    await waitFor(async () => (await ws.db.info()).doc_count >= PAGE, 30_000, 'first page written');
    // Still loading: a server edit of a document already copied, a new server conflict, a local edit.
    expect(ws.engine.diagnostics().rounds).toHaveLength(0);
    const before = (await admin.get('patient:00001')) as { _rev: string };
    const changed = await admin.put({
      ...patient('patient:00001', 'admin', { lastName: 'Changed during load' }),
      _rev: before._rev,
    });
    await admin.bulkDocs([{ ...patient('patient:00002', 'admin', { lastName: 'Rival' }), _rev: '1-rival' }] as never, {
      new_edits: false,
    });
    await ws.db.put(patient('patient:local-edit', 'bob'));
    expect(ws.engine.diagnostics().rounds).toHaveLength(0);

    await waitFor(() => ws.engine.status().phase.state === 'upToDate', 60_000, 'up to date', 50);
    const res = await ws.engine.syncNow();
    expect(res.pendingUp).toBe(0);

    const rounds = ws.engine.diagnostics().rounds;
    const load = rounds[0]!;
    console.log(
      `[sync] initial load: ${load.docsRead} read, ${load.docsWritten} written in ${load.endedAt - load.startedAt} ms; rounds ${JSON.stringify(rounds.map((r) => [r.direction, r.docsRead, r.skippedTo ?? null]))}`,
    );
    expect(load.ok).toBe(true);
    expect(load.docsRead).toBeGreaterThanOrEqual(TOTAL);

    expect(((await ws.db.get('patient:00001')) as { _rev: string })._rev).toBe(changed.rev);
    expect(await revTree(ws.db, 'patient:00002')).toEqual(await revTree(admin, 'patient:00002'));
    const conflictTree = await revTree(admin, 'patient:conflict');
    expect(conflictTree.length).toBeGreaterThanOrEqual(3); // several leaves, one deleted
    expect(conflictTree.some((l) => l.includes('(deleted)'))).toBe(true);
    expect(await revTree(ws.db, 'patient:conflict')).toEqual(conflictTree);
    expect(((await admin.get('patient:local-edit')) as { author: string }).author).toBe('bob');
    const att = (await ws.db.getAttachment('patient:attached', 'note.txt')) as Buffer;
    expect(att.toString()).toBe('scan of a referral');

    const ids = await allIds(admin);
    expect(await allIds(ws.db)).toEqual(ids);
    ids.push('patient:gone'); // deleted: not listed, its tree must match too
    expect(
      await firstDifference(ids, [
        { name: 'server', db: admin },
        { name: 'workstation', db: ws.db },
      ]),
    ).toBeNull();
  }, 120_000);

  it('after a clean load the push starts past what came down', async () => {
    const ws = w!;
    const w2 = await startWorkstation(
      server,
      'load2',
      { username: 'bob', password: 'bob-pw' },
      { initialLoadMinDocs: 0, initialLoadPageSize: 1_000 },
    );
    try {
      w2.engine.start();
      await waitFor(() => w2.engine.status().phase.state === 'upToDate', 60_000, 'second workstation up to date', 50);
      const rounds = w2.engine.diagnostics().rounds;
      const push = rounds.find((r) => r.direction === 'push');
      expect(rounds[0]?.docsRead).toBeGreaterThanOrEqual(TOTAL);
      // The load moved the push checkpoint page by page: the push round had nothing to check.
      expect(w2.engine.diagnostics().pushSeq).toBe((await w2.db.info()).update_seq);
      expect(push?.changesChecked).toBe(0);
      expect(rounds[0]?.pagesSettled ?? 0).toBe(0); // every page by the count, none read back
      expect(await allIds(w2.db)).toEqual(await allIds(ws.db));
    } finally {
      await w2.close();
    }
  }, 120_000);

  it('a local write the server lacks, even through another database object on the same folder, is offered to it, not passed over', async () => {
    const w3 = await startWorkstation(
      server,
      'load3',
      { username: 'bob', password: 'bob-pw' },
      { initialLoadMinDocs: 0, initialLoadPageSize: PAGE },
    );
    const other = new PouchDB(path.join(w3.dir, 'practice'), { auto_compaction: false });
    try {
      w3.engine.start();
      await waitFor(async () => (await w3.db.info()).doc_count >= PAGE, 30_000, 'first page written');
      expect(w3.engine.diagnostics().rounds).toHaveLength(0); // still loading
      // Written as someone else: the server refuses it, so it never comes back with the load, and
      // the seqs used are one more than the load wrote.
      await other.put(patient('patient:side-door', 'mallory'));
      await waitFor(
        () => w3.engine.diagnostics().rounds.some((r) => r.direction === 'push'),
        60_000,
        'first push round',
        50,
      );
      const push = w3.engine.diagnostics().rounds.find((r) => r.direction === 'push');
      expect(push).toBeDefined();
      expect(w3.engine.diagnostics().rounds[0]?.pagesSettled).toBeGreaterThan(0);
      await w3.engine.syncNow();
      // Settled as a push round would: offered to the server, refused, listed; never passed over.
      expect(w3.engine.diagnostics().refused.map((r) => r.id)).toContain('patient:side-door');
      expect(w3.engine.diagnostics().pushSeq).toBe((await w3.db.info()).update_seq);
      expect(w3.history.some((h) => h.event.type === 'docs-rejected' && /author/.test(h.event.message))).toBe(true);
      await expect(adminDb(server).get('patient:side-door')).rejects.toMatchObject({ status: 404 });
    } finally {
      await w3.close();
      // Both objects share one leveldb store, which closing w3 has closed already.
      await other.close().catch(() => undefined);
    }
  }, 120_000);
});
