// What the indexer announces once live: the records and types that changed, and the conflict
// count with the newly conflicted ids, a burst batched into one event (10 ms: short, so that a
// replicated edit shows at once).
import type { IndexerEvents } from './indexer-events';

export class Announcer {
  private timer: NodeJS.Timeout | undefined;
  private ids = new Set<string>();
  private types = new Set<string>();
  private newConflicts: string[] = [];
  private conflictsDirty = false;

  constructor(
    private readonly events: IndexerEvents,
    private readonly conflictCount: () => number,
  ) {}

  /** A record changed (its type, when it has one). */
  record(id: string, type: unknown): void {
    this.ids.add(id);
    if (typeof type === 'string') this.types.add(type);
  }

  /** The conflict index changed; `id` is newly conflicted. */
  conflicts(id?: string): void {
    if (id !== undefined) this.newConflicts.push(id);
    this.conflictsDirty = true;
  }

  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const ids = [...this.ids].slice(0, 500);
      const types = [...this.types];
      this.ids.clear();
      this.types.clear();
      this.events.changed(ids, types);
      if (this.conflictsDirty) {
        this.events.conflictsChanged(this.conflictCount(), this.newConflicts);
        this.newConflicts = [];
        this.conflictsDirty = false;
      }
    }, 10);
  }

  /** A catch-up is over: lists shown while it ran are refreshed (the types it touched, then cleared). */
  caughtUp(types: Set<string>): void {
    if (types.size > 0) {
      this.events.changed([], [...types]);
      this.events.conflictsChanged(this.conflictCount(), []);
    }
    types.clear();
  }

  /** Nothing collected so far is announced (start-up: its end announces the types at once). */
  forget(): void {
    this.ids.clear();
    this.types.clear();
    this.newConflicts = [];
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
