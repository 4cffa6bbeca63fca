// Base copies: for every document edited here, the last body seen in sync with the others. The
// three-way merge needs a common ancestor and compaction (here or on the server) throws ancestor
// bodies away; this copy survives it (Joplin keeps one per note for the same reason). Kept in
// _local documents, which never replicate.
import type { LocalDb } from '../store/open';

type Body = Record<string, unknown> & { _id: string; _rev?: string };
const key = (id: string) => `_local/cw-base:${id}`;

export class BaseCopies {
  constructor(
    private readonly db: LocalDb,
    private readonly deviceId: () => string,
  ) {}

  async get(id: string): Promise<Body | undefined> {
    try {
      const doc = (await this.db.get(key(id))) as unknown as { body: Body };
      return doc.body;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }

  /**
   * Called before a local edit replaces `stored`. A revision written elsewhere reached us through
   * sync, so it is in sync and becomes the base. One written here is kept as base only when there
   * is none yet: an older base is still a true common ancestor, a newer unsent one would not be.
   */
  async beforeLocalEdit(stored: Body): Promise<void> {
    const existing = await this.getLocal(stored._id);
    const fromElsewhere = stored.device !== this.deviceId();
    if (existing && !fromElsewhere) return;
    const doc: Record<string, unknown> & { _id: string } = { _id: key(stored._id), body: stored };
    if (existing) doc._rev = existing._rev;
    await this.db.put(doc);
  }

  private async getLocal(id: string): Promise<{ _rev: string } | undefined> {
    try {
      return (await this.db.get(key(id))) as unknown as { _rev: string };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }
}
