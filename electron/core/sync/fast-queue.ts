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

  constructor(
    private readonly max: number,
    private readonly overflow: 'newest' | 'priority',
    private readonly work: (batch: PendingChange[]) => Promise<void>,
  ) {}

  add(id: string, revs: string[], priority = false): void {
    if (this.stopped) return;
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
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private async drain(): Promise<void> {
    while (this.items.size > 0 && !this.stopped) {
      let all = [...this.items];
      const urgent = this.urgent;
      this.items = new Map();
      this.urgent = new Set();
      if (all.length > this.max && this.overflow === 'priority') all = all.filter(([id]) => urgent.has(id));
      const batch = all.slice(-this.max).map(([id, revs]) => ({ id, revs, priority: urgent.has(id) }));
      if (batch.length === 0) continue;
      try {
        await this.work(batch);
      } catch {
        // The bulk lane covers whatever the fast lane could not do.
      }
    }
    this.draining = false;
  }
}
