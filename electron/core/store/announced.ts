// The bodies the core announced with its own writes (store/writes.ts), kept until the live feed
// reaches them so that they are not read back from leveldb. Bounded: a bulk write is not
// announced with bodies, and a body the feed never reaches must not stay.
import type { WrittenDoc } from './writes';

const ANNOUNCED_MAX = 2000;

export class AnnouncedBodies {
  private readonly bodies = new Map<string, WrittenDoc>();

  remember(doc: WrittenDoc): void {
    this.bodies.delete(doc._id);
    this.bodies.set(doc._id, doc);
    if (this.bodies.size > ANNOUNCED_MAX) {
      const oldest = this.bodies.keys().next().value;
      if (oldest !== undefined) this.bodies.delete(oldest);
    }
  }

  /** The body in hand for a live change whose single leaf is the revision announced (used once). */
  take(change: { id: string; deleted?: boolean | undefined; changes: Array<{ rev: string }> }): WrittenDoc | undefined {
    const mine = this.bodies.get(change.id);
    if (!mine || change.deleted || change.changes.length !== 1 || change.changes[0]?.rev !== mine._rev)
      return undefined;
    this.bodies.delete(change.id);
    return mine;
  }
}
