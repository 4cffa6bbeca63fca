// Feeds a fast lane one small batch at a time. When changes arrive faster than that (a bulk
// load), only the newest ones are kept: a person's edit is the latest change, and everything
// older is left to the checkpointed bulk lane, so the fast lane's load stays bounded.
export type PendingChange = { id: string; revs: string[] };

export class FastQueue {
  private items = new Map<string, string[]>();
  private draining = false;
  private stopped = false;

  constructor(
    private readonly max: number,
    private readonly work: (batch: PendingChange[]) => Promise<void>,
  ) {}

  add(id: string, revs: string[]): void {
    if (this.stopped) return;
    this.items.delete(id); // re-insert so the newest change is last
    this.items.set(id, revs);
    if (!this.draining) {
      this.draining = true;
      // Next macrotask: changes reported together are sent together.
      setImmediate(() => void this.drain());
    }
  }

  clear(): void {
    this.items.clear();
  }

  stop(): void {
    this.stopped = true;
    this.items.clear();
  }

  private async drain(): Promise<void> {
    while (this.items.size > 0 && !this.stopped) {
      const all = [...this.items];
      this.items.clear();
      const batch = all.slice(-this.max).map(([id, revs]) => ({ id, revs }));
      try {
        await this.work(batch);
      } catch {
        // The bulk lane covers whatever the fast lane could not do.
      }
    }
    this.draining = false;
  }
}
