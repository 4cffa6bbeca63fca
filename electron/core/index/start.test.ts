// Start-up with indexes far behind the local database (a restart after a large pull was cut
// short): the core is ready at once, searches answer from what is indexed so far, the catch-up's
// progress is announced and its end refreshes the lists; a quit meanwhile is prompt and the next
// start finishes the catch-up, nothing indexed twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract/contract';
import { initialSyncStatus, type SyncStatus } from '../../../shared/sync/status';
import { fileSecretStore } from '../../host/file-secrets';
import { openSignedIn } from '../../testing/people';
import { tempDir } from '../../testing/temp';
import { openLocalDb } from '../store/open';
import { catchUpMayStart, downloadOver, largeDownload, practiceArriving } from './start';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PATIENTS = 40_000;

/** A data folder whose index is at an early seq while its database holds PATIENTS more patients. */
async function farBehind(): Promise<string> {
  const t = await tempDir('cw-index-start-');
  cleanups.push(t.remove);
  const first = await openSignedIn({ dataDir: t.dir, host: 'browser', secrets: fileSecretStore(t.dir) });
  // One record through the core: the index file has a seq to resume from (not a first build).
  await first.core.handlers['records.save']({ doc: { type: 'patient', firstName: 'Bo', lastName: 'First' } as never });
  await first.core.close();
  // Written beside the core, as a pull cut short leaves them: in the store, not in the index.
  const db = openLocalDb(t.dir);
  for (let from = 0; from < PATIENTS; from += 5_000) {
    await db.bulkDocs(
      Array.from({ length: 5_000 }, (_, i) => ({
        _id: `patient:${String(from + i).padStart(6, '0')}`,
        type: 'patient',
        firstName: 'Ann',
        lastName: `Family${from + i}`,
      })),
    );
  }
  await db.close();
  return t.dir;
}

async function open(dir: string, indexWaitMs?: number) {
  const opened = await openSignedIn({
    dataDir: dir,
    host: 'browser',
    secrets: fileSecretStore(dir),
    ...(indexWaitMs === undefined ? {} : { indexWaitMs }),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await opened.core.close();
  };
  cleanups.push(close);
  return { ...opened, close };
}

const searchTotal = async (core: Awaited<ReturnType<typeof open>>['core']) =>
  (await core.handlers['patients.search']({ query: 'ann', offset: 0, limit: 1 })).total;

describe('start-up with the indexes far behind', () => {
  it('is ready before the catch-up ends, shows its progress, and refreshes the lists at its end', async () => {
    const dir = await farBehind();
    const t0 = Date.now();
    const { core } = await open(dir, 50);
    const readyMs = Date.now() - t0;
    const events: Array<{ name: EventName; payload: unknown }> = [];
    core.onEvent((name, payload) => events.push({ name, payload }));

    const during = await core.handlers['app.indexing']({});
    console.log(`[index] ready in ${readyMs} ms with ${during.done} of ${during.total} changes indexed`);
    expect(during.indexing).toBe(true);
    expect(during.total).toBeGreaterThanOrEqual(PATIENTS);
    expect(during.done).toBeLessThan(during.total);
    // Searches answer meanwhile, from what is indexed so far.
    expect(await searchTotal(core)).toBeLessThan(PATIENTS);

    // It starts on its own (no sync set up here: nothing to wait for) and ends.
    let after = await core.handlers['app.indexing']({});
    while (after.indexing) {
      await new Promise((r) => setTimeout(r, 100));
      after = await core.handlers['app.indexing']({});
    }
    console.log(`[index] caught up ${Date.now() - t0} ms after the open began`);
    expect(after).toEqual({ indexing: false, done: after.total, total: during.total });
    expect(await searchTotal(core)).toBe(PATIENTS);
    const progress = events.filter((e) => e.name === 'index.progress').map((e) => e.payload as typeof after);
    expect(progress.at(-1)).toEqual(after);
    expect(progress.some((p) => p.indexing && p.done > during.done)).toBe(true);
    expect(events).toContainEqual({ name: 'records.changed', payload: { ids: [], types: ['patient'] } });
  });

  it('a quit during the catch-up is prompt; the next start finishes it, nothing indexed twice', async () => {
    const dir = await farBehind();
    const first = await open(dir, 0);
    expect((await first.core.handlers['app.indexing']({})).indexing).toBe(true);
    const t0 = Date.now();
    await first.close();
    const closeMs = Date.now() - t0;

    const again = await open(dir);
    await again.parts.indexer.start();
    const fullMs = Date.now() - t0 - closeMs;
    console.log(`[index] quit during the catch-up took ${closeMs} ms; the next start caught up in ${fullMs} ms`);
    expect(closeMs).toBeLessThan(fullMs);
    expect(await searchTotal(again.core)).toBe(PATIENTS);
    expect(again.parts.indexer.patients.size).toBe(PATIENTS + 1); // and the one saved first
  });

  it('waits for a short catch-up: a few changes behind are indexed before start-up ends', async () => {
    const dir = await farBehind();
    const first = await open(dir);
    await first.parts.indexer.start();
    await first.close();
    const db = openLocalDb(dir);
    await db.put({ _id: 'patient:extra', type: 'patient', firstName: 'Ann', lastName: 'Extra' });
    await db.close();
    const { core } = await open(dir);
    expect((await core.handlers['app.indexing']({})).indexing).toBe(false);
    expect(await searchTotal(core)).toBe(PATIENTS + 1);
  });
});

describe('a long catch-up held back for a download', () => {
  const status = (over: Partial<SyncStatus>): SyncStatus => ({ ...initialSyncStatus, ...over });
  const downloading = (done: number, total: number | null) =>
    status({ phase: { state: 'syncing', directions: ['pull'] }, pendingDown: { done, total } });

  it('waits while a large download is under way, and starts when it ends or is nearly done', () => {
    expect(catchUpMayStart(downloading(100_000, 1_000_000), 60_000)).toBe(false);
    expect(catchUpMayStart(downloading(990_000, 1_000_000), 60_000)).toBe(true);
    expect(catchUpMayStart(status({ phase: { state: 'upToDate' } }), 1_000)).toBe(true);
    // Offline, paused or not set up: nothing to wait for.
    expect(catchUpMayStart(status({ phase: { state: 'paused' } }), 0)).toBe(true);
    expect(catchUpMayStart(status({ phase: { state: 'disabled' } }), 0)).toBe(true);
  });

  it('gives a sync that has not said what it does a few seconds to announce a download', () => {
    const connecting = status({ phase: { state: 'connecting' } });
    expect(catchUpMayStart(undefined, 1_000)).toBe(false);
    expect(catchUpMayStart(connecting, 1_000)).toBe(false);
    expect(catchUpMayStart(connecting, 11_000)).toBe(true);
    // A pull of unknown size is not a reason to wait.
    expect(catchUpMayStart(downloading(10, null), 1_000)).toBe(true);
  });

  it('holds the live indexing back from a large download until it is over or stopped (core.ts)', () => {
    expect(largeDownload(downloading(0, 54_000))).toBe(true);
    expect(largeDownload(downloading(40_000, 54_000))).toBe(false); // nearly done: not held anew
    expect(largeDownload(downloading(10, null))).toBe(false);
    // Only the practice arriving (more to come than is here), not a colleague's import of 30,000.
    expect(practiceArriving(downloading(0, 54_000), 0)).toBe(true);
    expect(practiceArriving(downloading(0, 640_000), 436_000)).toBe(true); // a first pull resumed
    expect(practiceArriving(downloading(0, 30_000), 1_080_000)).toBe(false);
    expect(practiceArriving(downloading(0, 30_000), 54_000)).toBe(false);
    expect(downloadOver(downloading(40_000, 54_000))).toBe(false); // once held, until the end
    expect(downloadOver(status({ phase: { state: 'upToDate' } }))).toBe(true);
    expect(
      downloadOver(
        status({
          phase: { state: 'offline', since: 0, nextRetryAt: null, cause: 'unreachable' },
          pendingDown: { done: 5, total: 54_000 },
        }),
      ),
    ).toBe(true);
  });
});
