// What a workstation must not send: sample records (they stay on it, counted), and revisions it
// did not write that the server already holds (sent as ours, someone else's would be refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ID_PREFIX } from '../../../shared/records/samples';
import type { PracticeServer } from '../../testing/practice';
import { adminDb, patient, startPair, waitFor, type Workstation } from '../../testing/sync-kit';

let server: PracticeServer;
let a: Workstation;
let b: Workstation;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, a, b, close } = await startPair());
});

afterAll(async () => {
  await close?.();
});

const rejections = (w: Workstation) => w.history.filter((h) => h.event.type === 'docs-rejected');

describe('never sent', () => {
  it('sample records stay on the workstation, are not even tried, and are counted', async () => {
    const samples = Array.from({ length: 30 }, (_, i) => patient(`${SAMPLE_ID_PREFIX}${i}`, 'alice'));
    await a.db.bulkDocs(samples); // authored as alice: the server would accept them, were they sent
    await a.db.put(patient(`${SAMPLE_ID_PREFIX}edit`, 'alice'));
    a.engine.prioritize([`${SAMPLE_ID_PREFIX}edit`]); // not even through the fast lane
    await a.db.put(patient('patient:real-1', 'alice'));
    await a.engine.syncNow();
    await waitFor(
      async () =>
        (await adminDb(server)
          .get('patient:real-1')
          .catch(() => null)) !== null,
      10_000,
      'real record on the server',
    );
    const onServer = await adminDb(server).allDocs({ startkey: SAMPLE_ID_PREFIX, endkey: `${SAMPLE_ID_PREFIX}\uffff` });
    expect(onServer.rows).toEqual([]);
    await waitFor(() => a.engine.status().phase.state === 'upToDate', 10_000, 'A up to date');
    expect(a.engine.status().localOnly).toBe(31);
    expect(a.engine.status().pendingUp).toBe(0);
    expect(a.engine.status().notAccepted.count).toBe(0);
    expect(rejections(a)).toEqual([]);
  });

  it("another person's conflicting revision, pulled again after a restart, is not pushed back as ours", async () => {
    const admin = adminDb(server);
    const base = patient('patient:two-leaves', 'alice');
    await admin.bulkDocs(
      [
        { ...base, _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
        { ...base, author: 'carol', firstName: 'Carol', _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
      ],
      { new_edits: false },
    );
    await waitFor(
      async () => (await b.db.get('patient:two-leaves', { conflicts: true }).catch(() => null)) !== null,
      10_000,
      'both leaves on B',
    );
    // B restarts (it remembers nothing as the server's), and meanwhile Alice's branch moves on:
    // B's pull brings it, and its local feed then lists both leaves of the document.
    await b.engine.stop();
    const bulkBefore = b.proxy.stats().bulkDocs;
    const next = await admin.put({ ...base, firstName: 'Ann 2', _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    await b.restart();
    await waitFor(
      async () => (await b.db.get('patient:two-leaves', { rev: next.rev }).catch(() => null)) !== null,
      10_000,
      'the new leaf on B',
    );
    await b.engine.syncNow();
    await new Promise((r) => setTimeout(r, 500)); // the fast lane's turn
    expect(rejections(b)).toEqual([]);
    expect(b.proxy.stats().bulkDocs).toBe(bulkBefore);
    expect(b.engine.status().notAccepted.count).toBe(0);
  });
});
