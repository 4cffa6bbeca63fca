// The indexes at start-up. A first build is waited out (its tables get their indexes only at its
// end); a catch-up of a few changes too, for at most a moment. A long one (a restart after a large
// pull was cut short: hundreds of thousands of changes the index file has not seen) goes on after
// READY, so that the workstation is ready in a second whatever the gap: lists answer from what is
// indexed meanwhile and the renderer shows the progress ('index.progress', 'app.indexing').
// While a large download is under way that catch-up waits for it to end: both run on the one
// main thread, and side by side the download slowed by half and its time-left estimate went wrong
// (measured: up to date 107 s after the restart instead of ~70 s, the estimate +156 % off).
import type { SyncStatus } from '../../../shared/sync/status';
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { Indexer } from './indexer';

/** How long start-up waits for a short catch-up before it goes on without it. */
export const INDEX_WAIT_MS = 500;
/** Behind by more than this, the catch-up is left for after start-up (and after a download). */
export const LONG_CATCH_UP = 20_000;
/** A download with more than this left holds the long catch-up back. */
const LARGE_DOWNLOAD = 20_000;
/** Until then a sync that has not said what it is doing may still announce a download. */
const DECIDE_MS = 10_000;

/** A download with more than LARGE_DOWNLOAD documents left: the indexes wait for it (core.ts). */
export function largeDownload(status: SyncStatus | undefined): boolean {
  return left(status) > LARGE_DOWNLOAD;
}

/** Documents still to download, as far as the sync knows (0: none, or unknown). */
function left(status: SyncStatus | undefined): number {
  const down = status?.pendingDown;
  return down && down.total !== null ? down.total - down.done : 0;
}

/**
 * A large download bigger than what is here already: the practice is arriving (a first pull, or
 * its resumption), not a colleague's bulk import into a practice this workstation holds, whose
 * records must keep reaching the lists while it comes down.
 */
export function practiceArriving(status: SyncStatus | undefined, docsHere: number): boolean {
  return largeDownload(status) && left(status) > docsHere;
}

/** The download is over (or stopped: an outage, an error): what it brought may be indexed. */
export function downloadOver(status: SyncStatus): boolean {
  return status.pendingDown === null || status.phase.state !== 'syncing';
}

/**
 * May a long catch-up start now, given the sync's status `elapsedMs` after start-up? Not while a
 * large download is under way, nor while the sync may still be about to announce one.
 */
export function catchUpMayStart(status: SyncStatus | undefined, elapsedMs: number): boolean {
  if (largeDownload(status)) return false;
  const down = status?.pendingDown;
  const undecided = !status || status.phase.state === 'connecting' || status.phase.state === 'syncing';
  return !(undecided && !down && elapsedMs < DECIDE_MS);
}

export type IndexStart = {
  /** Every sync status, so that a long catch-up deferred for a download starts when it ends. */
  onStatus(status: SyncStatus): void;
  /** Stops waiting for the sync (the core closes); a catch-up under way is cut short by close(). */
  stop(): void;
};

export async function startIndexes(indexer: Indexer, log: DiagnosticsLog, waitMs = INDEX_WAIT_MS): Promise<IndexStart> {
  const none: IndexStart = { onStatus: () => undefined, stop: () => undefined };
  if (indexer.building) {
    await indexer.start();
    return none;
  }
  const behind = await indexer.behind();
  if (behind <= LONG_CATCH_UP) {
    const starting = indexer.start();
    if (await settlesWithin(starting, waitMs)) return none;
    log.info('index: catching up after start', { ...indexer.catchUp() });
    starting.catch((e: unknown) => log.error('index: catch-up failed', { error: errorName(e) }));
    return none;
  }
  indexer.waiting(behind);
  log.info('index: catch-up deferred until the sync is settled', { behind });
  const t0 = Date.now();
  let last: SyncStatus | undefined;
  let started = false;
  const check = () => {
    if (started || !catchUpMayStart(last, Date.now() - t0)) return;
    started = true;
    clearTimeout(timer);
    log.info('index: catching up after start', { behind });
    indexer.start().catch((e: unknown) => log.error('index: catch-up failed', { error: errorName(e) }));
  };
  // Without news from the sync (none set up, or it says nothing), the catch-up starts anyway.
  const timer = setTimeout(check, DECIDE_MS + 50);
  return {
    onStatus(status) {
      last = status;
      check();
    },
    stop() {
      started = true;
      clearTimeout(timer);
    },
  };
}

/** Whether `p` settles within `ms`; a failure meanwhile rejects, a later one is logged by the caller. */
async function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true as const), waited]);
  } finally {
    clearTimeout(timer);
  }
}

const errorName = (e: unknown) => (e instanceof Error ? e.name : 'unknown');
