// How far the indexes' start is (a first build, a rebuild beside, a catch-up): what app.indexing
// answers, the 'index.progress' events now and then, and a first build's log lines.
import type { CatchUpProgress, IndexerEvents, IndexerLog } from './indexer-events';

const PROGRESS_MS = 250;
const LOG_EVERY = 100_000;

export class BuildProgress {
  now: CatchUpProgress = { indexing: false, done: 0, total: 0 };
  private announced = false;
  private logged = 0;
  private told = 0;
  private t0 = Date.now();

  constructor(
    private readonly log: IndexerLog,
    private readonly events: IndexerEvents,
    /** A first build is what runs (its progress is logged too). */
    private readonly firstBuild: () => boolean,
  ) {}

  /** start()'s own callback (tests). */
  onProgress: ((done: number) => void) | undefined;

  /** start() runs. */
  begin(onProgress?: (done: number) => void): void {
    this.onProgress = onProgress;
    this.t0 = Date.now();
  }

  /** A build is logged when there is something to build (not each start of an empty workstation). */
  announce(migrating: boolean): void {
    if (this.announced) return;
    this.announced = true;
    this.log.info('index: building', { migrating });
  }

  /** `done` documents read of `now.total`. */
  report(done: number): void {
    this.onProgress?.(done);
    this.now.done = Math.min(done, this.now.total);
    if (Date.now() - this.told >= PROGRESS_MS) {
      this.told = Date.now();
      this.events.catchingUp?.({ ...this.now });
    }
    if (!this.firstBuild()) return;
    this.announce(false);
    if (done - this.logged >= LOG_EVERY) {
      this.logged = done;
      this.log.info('index: building', { done });
    }
  }

  /** It is over: logged if it was announced, and said once more. */
  over(done: number): void {
    if (this.announced) this.log.info('index: built', { done, ms: Date.now() - this.t0 });
    this.now = { indexing: false, done: this.now.total, total: this.now.total };
    this.events.catchingUp?.({ ...this.now });
  }
}
