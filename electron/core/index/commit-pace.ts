// When the indexer commits its open transaction (rows and seq together, index-db.ts): COMMIT_MS
// after the first row written, or at once past COMMIT_ROWS. A long catch-up commits seldom: each
// commit writes every index page it dirtied, and 250 ms apart the commits were most of its time
// (430,000 changes at 1,080,000 documents: 55-67 s; 5 s apart 40-41 s). A page cache of 64 MB
// instead of 16 MB meanwhile took 34-38 s but raised the restarted workstation's peak by ~80 MB:
// not taken.
// Searches see the rows at once all the same (one connection); a crash replays the rest.
const COMMIT_MS = 250;
export const COMMIT_ROWS = 20_000;
const CATCH_UP_COMMIT_MS = 5_000;
const CATCH_UP_COMMIT_ROWS = 200_000;

export class CommitPace {
  private timer: NodeJS.Timeout | undefined;
  private long = false;

  constructor(private readonly commit: () => void) {}

  /** A catch-up of more than COMMIT_ROWS changes starts (true) or ends (false). */
  longCatchUp(on: boolean): void {
    this.long = on;
  }

  /** `pending` rows are written and not committed: commit now, or soon. */
  written(pending: number): void {
    if (pending >= (this.long ? CATCH_UP_COMMIT_ROWS : COMMIT_ROWS)) this.commit();
    else this.soon();
  }

  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.commit();
      },
      this.long ? CATCH_UP_COMMIT_MS : COMMIT_MS,
    );
  }

  /** A commit is being made: the one scheduled is not needed. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
