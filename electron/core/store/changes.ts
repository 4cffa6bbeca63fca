// The one reader of the local changes feed. Every change (local writes and replication alike)
// reaches the subscribers once with its document, in seq order except in a catch-up read off the
// store (raw-scan.ts, in the store's order): the indexes subscribe to the bodies, the sync engine
// to the live feed's entries (ids and leaf revisions, no body). Far behind (a first build, a bulk
// pull) it reads seq ranges side by side; live, the feed brings the bodies itself (live-feed.ts).
// During a large download it is held, and reads what came after it.
import type { Change, LocalDb } from './pouch';
import { rawLevel } from './leveldb-handle';
import { BATCH, READERS, readFeed, type RawChange } from './feed-ranges';
import { RawLayoutError, rawScan } from './raw-scan';
import { PipelineClosed, feedChangeOf, liveEntryOf, type FeedChange, type FeedDoc } from './feed-change';
import { FeedListeners } from './feed-listeners';
import { LiveFeed } from './live-feed';

const LAG_CHECK_MS = 1000;
const LAG_LIMIT = 4 * READERS * BATCH;
/** A catch-up reads the whole store (raw-scan.ts) when it is behind by at least 1/RAW_RATIO of it. */
const RAW_RATIO = 8;
/** What close() awaits of a scan: that it settled, whatever its end. */
const settle = () => 0;

export class ChangePipeline {
  private seqNow: number | string = 0;
  private lagTimer: NodeJS.Timeout | undefined;
  private catching: Promise<void> | undefined;
  private closed = false;
  /** start()'s catch-up, while it runs: close() cuts it short instead of waiting it out. */
  private starting: Promise<number> | undefined;
  private abortStart = false;
  /** The first catch-up is over: every later change is passed to the live listeners. */
  private started = false;
  /** A large download holds the feed back (see hold). */
  private held = false;
  private readonly listeners = new FeedListeners();
  private readonly live: LiveFeed;
  /** How many times the live feed fell far behind and was replaced by a catch-up. */
  lagCatchUps = 0;
  /** Catch-ups that read the store directly, and those that could not (read the feed instead). */
  rawCatchUps = 0;
  rawFailures = 0;

  constructor(
    private readonly db: LocalDb,
    private readonly lag = { checkMs: LAG_CHECK_MS, limit: LAG_LIMIT },
  ) {
    this.live = new LiveFeed(db, {
      seen: (c) => this.listeners.tell({ id: c.id, seq: c.seq, changes: c.changes }),
      deliver: (c) => {
        this.emit(c, c.deleted ? undefined : (c.doc as FeedDoc | undefined), true);
        this.seqNow = c.seq;
      },
      failed: () => void setTimeout(() => this.follow(), 1000).unref(), // restarted unless closing
    });
  }

  /** The seq of the last change delivered. */
  get seq(): number | string {
    return this.seqNow;
  }

  /** Every change, with its body: `live` is false while catching up. Returns the unsubscribe. */
  subscribe(listener: (change: FeedChange, live: boolean) => void): () => void {
    return this.listeners.subscribe(listener);
  }

  /** The live feed's entries (no body), as soon as they are seen. Returns the unsubscribe. */
  onLive(listener: (change: Change) => void): () => void {
    return this.listeners.onLive(listener);
  }

  /** How many seqs the store is ahead of `since`: what a catch-up from there reads at most. */
  async gap(since: number | string): Promise<number> {
    const end = (await this.db.info()).update_seq;
    return typeof since === 'number' && typeof end === 'number' ? Math.max(0, end - since) : 0;
  }

  /**
   * Catches up from `since` (the indexes' snapshot), then follows the feed live. Rejects with
   * PipelineClosed when close() comes first.
   */
  async start(since: number | string, onProgress?: (done: number) => void): Promise<number> {
    this.starting = this.catchUpFrom(since, onProgress);
    try {
      return await this.starting;
    } finally {
      this.starting = undefined;
    }
  }

  private async catchUpFrom(since: number | string, onProgress?: (done: number) => void): Promise<number> {
    this.seqNow = since;
    // Far behind (a restart after a bulk pull was cut short): the store read directly first.
    const info = await this.db.info();
    const gap = typeof since === 'number' && typeof info.update_seq === 'number' ? info.update_seq - since : 0;
    const read = gap > LAG_LIMIT && gap * RAW_RATIO >= info.doc_count ? await this.rawFirst(onProgress) : 0;
    const done = read + (await this.catchUp((n) => onProgress?.(read + n)));
    this.started = true;
    this.follow();
    this.lagTimer = setInterval(() => void this.checkLag(), this.lag.checkMs);
    this.lagTimer.unref();
    return done;
  }

  private emit(raw: RawChange, doc: FeedDoc | undefined, live: boolean): void {
    const change = feedChangeOf(raw, doc);
    // A catch-up that replaced the live feed (see checkLag): its changes are live ones too.
    if (!live && this.telling()) this.listeners.tell({ id: raw.id, seq: raw.seq, changes: raw.changes });
    this.listeners.deliver(change, live);
  }

  /**
   * A first build, before start(): every document read in two sequential passes of the store
   * (raw-scan.ts); the seq is then the update_seq read before, and start(seq) reads what came
   * after. Answers the number delivered, or why the store could not be read so (opened
   * elsewhere, another layout): then part of it may have been delivered.
   */
  scanStore(
    onProgress?: (done: number) => void,
    stopOnClose = false,
    from?: number,
  ): Promise<{ done: number } | { failed: string }> {
    const scan = this.rawCatchUp(onProgress, from);
    // A rebuild beside (index/rebuild.ts) is cut short by close(), as start()'s catch-up is.
    const settled = scan.then(settle, settle);
    if (stopOnClose) {
      this.starting = settled;
      // Over: a later close() reads what came after it again, as after any catch-up.
      void settled.then(() => {
        if (this.starting === settled) this.starting = undefined;
      });
    }
    return scan;
  }

  /** Since the current seq (or `from`), off the store in two passes; told: those past the current seq. */
  private async rawCatchUp(
    onProgress?: (done: number) => void,
    from?: number,
  ): Promise<{ done: number } | { failed: string }> {
    const upTo = (await this.db.info()).update_seq;
    // After info(): a database just created opens its leveldb on first use.
    const level = rawLevel(this.db.name);
    const told = this.seqNow;
    const since = from ?? told;
    if (!level || typeof upTo !== 'number' || typeof since !== 'number') return { failed: 'the store is not at hand' };
    let done = 0;
    try {
      await rawScan(level, { since, upTo }, (change) => {
        this.checkAbort();
        if (this.telling() && !(typeof told === 'number' && typeof change.seq === 'number' && change.seq <= told))
          this.listeners.tell(liveEntryOf(change));
        this.listeners.deliver(change, false);
        if (++done % 1000 === 0) onProgress?.(done);
      });
    } catch (e) {
      if (e instanceof RawLayoutError || e instanceof SyntaxError) return { failed: e.message };
      throw e;
    }
    if (done % 1000 !== 0) onProgress?.(done); // the rest (an empty store: nothing to announce)
    this.seqNow = upTo;
    return { done };
  }

  /** A catch-up's first part off the store: how many it read (none when it could not: the feed reads them). */
  private async rawFirst(onProgress?: (done: number) => void): Promise<number> {
    const raw = await this.rawCatchUp(onProgress);
    if ('failed' in raw) this.rawFailures++;
    else this.rawCatchUps++;
    return 'done' in raw ? raw.done : 0;
  }

  private checkAbort(): void {
    if (this.abortStart) throw new PipelineClosed();
  }

  /** A catch-up after start (see checkLag) passes its changes to the live listeners too. */
  private telling(): boolean {
    return this.started && !this.closed;
  }

  /** Read the feed from the current seq to its end (not live). */
  private async catchUp(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    await readFeed(
      this.db,
      this.seqNow,
      (change) => {
        this.checkAbort();
        this.emit(change, change.doc as FeedDoc | undefined, false);
      },
      (n) => {
        done += n;
        if (n) onProgress?.(done);
      },
      (seq) => (this.seqNow = seq),
    );
    return done;
  }

  private follow(): void {
    if (!this.closed && !this.held) this.live.follow(this.seqNow);
  }

  /**
   * The live feed falls behind a bulk write (an initial pull writes faster than it reads). Far
   * behind, it is swapped for a catch-up, then resumed.
   */
  private async checkLag(): Promise<void> {
    if (this.catching || this.closed || this.held) return;
    const info = await this.db.info().catch(() => null);
    const end = info?.update_seq;
    if (!info || typeof end !== 'number' || typeof this.seqNow !== 'number' || this.catching || this.held) return;
    if (end - this.seqNow < this.lag.limit) return;
    this.lagCatchUps++;
    void this.resume(end, info.doc_count);
  }

  /** The feed stopped, what came meanwhile read (the whole store when that is cheaper), then followed again. */
  private resume(end: number, docCount: number, onProgress?: (done: number) => void): Promise<number> {
    const at = this.seqNow;
    let done = 0;
    const run = (async () => {
      this.live.stop();
      await this.live.drained();
      try {
        // Far behind for the store's size, one pass over the whole store beats reading changes.
        if (typeof at === 'number' && (end - at) * RAW_RATIO >= docCount) done = await this.rawFirst(onProgress);
        done += await this.catchUp((n) => onProgress?.(done + n));
      } finally {
        this.catching = undefined;
        if (!this.held) this.follow();
      }
    })();
    this.catching = run.catch(() => undefined);
    return run.then(() => done);
  }

  /**
   * A large download is under way (core.ts): nothing is passed on until release(). Side by side on
   * the one main thread, reading back and indexing every document it wrote took ~40 % of the
   * core's CPU during a first pull and slowed the download itself (bench/first-pull.ts).
   */
  hold(): void {
    if (this.held || this.closed || !this.started) return;
    this.held = true;
    this.live.stop();
  }

  /**
   * The download is over: what it wrote is read (off the store when that is cheaper), then live
   * again. Resolves with the number of changes read once caught up (0 when not held).
   */
  async release(onProgress?: (done: number) => void): Promise<number> {
    if (!this.held) return 0;
    await this.catching;
    const info = await this.db.info();
    // Still held until now, so that no lag check starts a catch-up of its own meanwhile.
    if (!this.held || this.closed) return 0; // another release() came first
    this.held = false;
    const end = typeof info.update_seq === 'number' ? info.update_seq : 0;
    return this.resume(end, info.doc_count, onProgress);
  }

  /**
   * Held for a download: every document of the store passed on again, off the store, for indexes
   * rebuilt beside (index/rebuild.ts); then still held, at the store's end. close() cuts it short.
   */
  async rescan(onProgress?: (done: number) => void): Promise<{ done: number } | { failed: string }> {
    if (!this.held || this.closed) return { failed: 'not held for a download' };
    await this.catching;
    return this.scanStore(onProgress, true, 0);
  }

  /** Held for a download (see hold). */
  get holding(): boolean {
    return this.held;
  }

  /**
   * Stops following; what was written meanwhile is read to the end, so `seq` is the end. A start
   * still catching up is cut short instead (its seq stays where it had read to the end of): a
   * quit must not wait for a long catch-up, which the next start resumes.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.starting) {
      this.abortStart = true;
      await this.starting.catch(() => undefined);
    }
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.catching;
    this.live.stop();
    await this.live.drained();
    this.listeners.stopTelling();
    // Held for a download: the next start reads what it wrote, as it does after a crash.
    if (this.started && !this.held) await this.catchUp().catch(() => undefined);
  }
}
