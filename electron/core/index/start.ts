// The indexes at start-up: the core waits for their catch-up only a moment (a first build, all). A long one (a restart
// after a large pull was cut short: hundreds of thousands of changes) goes on behind, so that the
// workstation is ready in seconds whatever the gap; lists answer from what is indexed meanwhile and
// the renderer shows the catch-up's progress (the 'index.progress' event, the 'app.indexing' call).
import type { DiagnosticsLog } from '../log/diagnostics-log';
import type { Indexer } from './indexer';

/** How long start-up waits for the indexes before it goes on without them. */
export const INDEX_WAIT_MS = 500;

/** Resolves once the catch-up is over or `waitMs` has passed; rejects if it fails meanwhile. */
export async function startIndexes(indexer: Indexer, log: DiagnosticsLog, waitMs = INDEX_WAIT_MS): Promise<void> {
  // A first build (a new index file over records already here) is waited out: its tables get their
  // indexes only at its end. A new workstation's store is empty; a lost index file is rare.
  if (indexer.building) return indexer.start();
  const started = indexer.start();
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'waited'>((resolve) => {
    timer = setTimeout(() => resolve('waited'), waitMs);
  });
  try {
    if ((await Promise.race([started.then(() => 'done' as const), waited])) === 'done') return;
  } finally {
    clearTimeout(timer);
  }
  const { done, total } = indexer.catchUp();
  log.info('index: catching up after start', { done, total });
  started.catch((e: unknown) =>
    log.error('index: catch-up failed', { error: e instanceof Error ? e.name : 'unknown' }),
  );
}
