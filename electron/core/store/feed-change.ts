// What the change pipeline (changes.ts) hands its subscribers, and how its start-up catch-up ends
// when the core closes first.

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
