// What the change pipeline (changes.ts) hands its subscribers, and how its start-up catch-up ends
// when the core closes first.
import type { Change } from './pouch';

export type FeedDoc = Record<string, unknown> & {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
};

/** A change with the document's winning body (a tombstone when deleted) and every leaf revision. */
export type FeedChange = { id: string; seq: number | string; deleted: boolean; leaves: string[]; doc: FeedDoc };

/** start()'s catch-up was cut short by close(): the seq stays at what was read to the end. */
export class PipelineClosed extends Error {
  constructor() {
    super('the change pipeline closed while catching up');
  }
}

/** A feed entry with its body as the pipeline passes it on (a deletion: a stub marked deleted). */
export function feedChangeOf(
  raw: { id: string; seq: number | string; deleted?: boolean | undefined; changes: Array<{ rev: string }> },
  doc: FeedDoc | undefined,
): FeedChange {
  const change: FeedChange = {
    id: raw.id,
    seq: raw.seq,
    deleted: raw.deleted === true,
    leaves: raw.changes.map((c) => c.rev),
    doc: doc ?? { _id: raw.id, _deleted: true },
  };
  if (change.deleted) change.doc._deleted = true;
  return change;
}

/** What the live listeners hear of a change read off the store: its id, seq and leaf revisions. */
export function liveEntryOf(change: FeedChange): Change {
  return {
    id: change.id,
    seq: change.seq,
    changes: change.leaves.map((rev) => ({ rev })),
    ...(change.deleted ? { deleted: true } : {}),
  };
}
