// What the indexer tells the core (which passes it on as events) and writes to the log.
import type { z } from 'zod';
import type { IndexProgress } from '../../../shared/contract/app';
import type { LogFields } from '../log/diagnostics-log';

/** `total`: the seqs the store was ahead of the index when start() began (done never passes it). */
export type CatchUpProgress = z.infer<typeof IndexProgress>;

export type IndexerEvents = {
  changed(ids: string[], types: string[]): void;
  conflictsChanged(count: number, newIds: string[]): void;
  /** The catch-up at start: how far it is, now and then, and once more when it is over. */
  catchingUp?(progress: CatchUpProgress): void;
};

export type IndexerLog = { info(msg: string, fields?: LogFields): void };
