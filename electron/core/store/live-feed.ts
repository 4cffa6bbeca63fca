// The pipeline's live reader: PouchDB's live feed of the local db, bodies included (its leveldb
// feed parses each change's stored body whether or not it is asked for, so asking costs nothing
// and no second read is needed). Each change is reported when seen, then handed over in order a
// macrotask later, so that changes reported together are delivered together.
import type { RawChange } from './feed-ranges';
import type { LocalDb } from './pouch';

export type LiveFeedHooks = {
  /** At once, as the feed reports it (the sync engine's entries). */
  seen(change: RawChange): void;
  /** In order, a macrotask later (the indexes'). */
  deliver(change: RawChange): void;
  /** The feed stopped on an error (e.g. the database closing). */
  failed(): void;
};

export class LiveFeed {
  private feed: PouchDB.Core.Changes<Record<string, unknown>> | undefined;
  private queue: RawChange[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly db: LocalDb,
    private readonly hooks: LiveFeedHooks,
  ) {}

  /** Follows from `since` (a feed already running is replaced). */
  follow(since: number | string): void {
    this.stop();
    const feed = this.db.changes({ since, live: true, style: 'all_docs', include_docs: true, conflicts: true });
    this.feed = feed;
    feed.on('change', (change) => {
      if (this.feed !== feed) return; // replaced or stopped
      this.hooks.seen(change);
      this.queue.push(change);
      this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    });
    feed.on('error', () => {
      if (this.feed === feed) this.hooks.failed();
    });
  }

  stop(): void {
    this.feed?.cancel();
    this.feed = undefined;
  }

  /** Resolves once what was seen has been delivered. */
  async drained(): Promise<void> {
    await this.draining?.catch(() => undefined);
  }

  private drain(): void {
    try {
      for (const c of this.queue.splice(0)) this.hooks.deliver(c);
    } finally {
      this.draining = undefined;
    }
  }
}
