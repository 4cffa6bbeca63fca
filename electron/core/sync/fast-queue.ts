// Feeds a fast lane one small batch at a time. When more changes than one batch pile up between
// two sends, it is a bulk load, left to the checkpointed bulk lane. What the lane still sends:
// - 'newest': the newest changes (down: a person's edit is usually the server's latest change);
// - 'priority': only changes added as priority (up: the clinician's saves are named by the
//   core), because copying a local bulk load here too only doubles the load on the server that
//   the person's edit waits behind.
/** A change to send; `priority` when the core named it as a clinician's save. */
export type PendingChange = { id: string; revs: string[]; priority: boolean };

export class FastQueue {
  private items = new Map<string, string[]>();
  private urgent = new Set<string>();
  private draining = false;
  private stopped = false;
  /** Changes added so far, and of those the ones sent or dropped: for settled(). */
  private added = 0;
  private done = 0;
  private settling: Array<{ upTo: number; resolve: () => void }> = [];

  constructor(
    private readonly max: number,
    private readonly overflow: 'newest' | 'priority',
    private readonly work: (batch: PendingChange[]) => Promise<void>,
  ) {}

  add(id: string, revs: string[], priority = false): void {
    if (this.stopped) return;
    this.added++;
    this.items.delete(id); // re-insert so the newest change is last
    this.items.set(id, revs);
    if (priority) this.urgent.add(id);
    if (!this.draining) {
      this.draining = true;
      // Next macrotask: changes reported together are sent together.
      setImmediate(() => void this.drain());
    }
  }

  clear(): void {
    this.items.clear();
    this.urgent.clear();
    if (!this.draining) this.markDone(this.added);
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** Resolves once every change added before the call was sent (or dropped, or failed). */
  settled(): Promise<void> {
    if (this.done >= this.added || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.settling.push({ upTo: this.added, resolve }));
  }

  private markDone(upTo: number): void {
    this.done = upTo;
    const ready = this.settling.filter((s) => s.upTo <= upTo);
    this.settling = this.settling.filter((s) => s.upTo > upTo);
    for (const s of ready) s.resolve();
  }

  private async drain(): Promise<void> {
    while (this.items.size > 0 && !this.stopped) {
      let all = [...this.items];
      const upTo = this.added;
      const urgent = this.urgent;
      this.items = new Map();
      this.urgent = new Set();
      if (all.length > this.max && this.overflow === 'priority') all = all.filter(([id]) => urgent.has(id));
      const batch = all.slice(-this.max).map(([id, revs]) => ({ id, revs, priority: urgent.has(id) }));
      try {
        if (batch.length > 0) await this.work(batch);
      } catch {
        // The bulk lane covers whatever the fast lane could not do.
      }
      this.markDone(upTo);
    }
    this.draining = false;
    this.markDone(this.added); // every change was taken or cleared
  }
}
