// Who the change pipeline (changes.ts) hands its changes to: subscribers of the bodies (the
// indexes) and of the live feed's entries (the sync engine). A listener's bug stops neither the
// others nor the feed.
import type { FeedChange } from './feed-change';
import type { Change } from './pouch';

export class FeedListeners {
  private readonly bodies = new Set<(change: FeedChange, live: boolean) => void>();
  private readonly entries = new Set<(change: Change) => void>();

  subscribe(listener: (change: FeedChange, live: boolean) => void): () => void {
    this.bodies.add(listener);
    return () => this.bodies.delete(listener);
  }

  onLive(listener: (change: Change) => void): () => void {
    this.entries.add(listener);
    return () => this.entries.delete(listener);
  }

  deliver(change: FeedChange, live: boolean): void {
    for (const l of this.bodies) {
      try {
        l(change, live);
      } catch {
        // see the header
      }
    }
  }

  tell(entry: Change): void {
    for (const l of this.entries) {
      try {
        l(entry);
      } catch {
        // see the header
      }
    }
  }

  /** The live listeners are let go (the pipeline closes). */
  stopTelling(): void {
    this.entries.clear();
  }
}
