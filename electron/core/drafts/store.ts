// Unsaved form input, kept by the core so that a reload, a crash or a closed window loses nothing.
// One `_local/` document per form: PouchDB never replicates local documents nor lists them in the
// changes feed, so a draft stays on this workstation and never reaches the indexes or the server.
import type { JsonObject } from '../../../shared/conflicts/json';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/pouch';

export type StoredDraft = { value: JsonObject; savedAt: number; author: string };

type LocalDoc = StoredDraft & { _id: string; _rev?: string };

const docId = (key: string) => `_local/cw-draft:${key}`;
const status = (err: unknown) => (err as { status?: number }).status;

export class DraftStore {
  constructor(
    private readonly db: LocalDb,
    private readonly who: () => Identity,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<StoredDraft | null> {
    const doc = await this.read(key);
    return doc ? { value: doc.value, savedAt: doc.savedAt, author: doc.author } : null;
  }

  /** Replaces the form's draft. Two puts racing on one key: the later one wins, neither fails. */
  async put(key: string, value: JsonObject): Promise<{ savedAt: number }> {
    const savedAt = this.now();
    for (let attempt = 0; ; attempt++) {
      const current = await this.read(key);
      const doc: LocalDoc = { _id: docId(key), value, savedAt, author: this.who().userId };
      if (current?._rev) doc._rev = current._rev;
      try {
        await this.db.put(doc);
        return { savedAt };
      } catch (err) {
        if (status(err) !== 409 || attempt >= 3) throw err;
      }
    }
  }

  async clear(key: string): Promise<Record<string, never>> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.read(key);
      if (!current?._rev) return {};
      try {
        await this.db.remove(current._id, current._rev);
        return {};
      } catch (err) {
        if ((status(err) !== 409 && status(err) !== 404) || attempt >= 3) throw err;
      }
    }
  }

  private async read(key: string): Promise<LocalDoc | undefined> {
    try {
      return (await this.db.get(docId(key))) as unknown as LocalDoc;
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  }
}
