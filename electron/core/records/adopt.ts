// A workstation used before it had a server login wrote its records as the placeholder user
// "local"; the practice server accepts only records whose author is the writing user. At the
// first login those records are adopted: re-stamped with the new user, a new revision each.
// Synthetic sample records stay behind: fake patients have no place on the practice server.
import type { LocalDb } from '../store/open';

export const PLACEHOLDER_USER = 'local';

const isSynthetic = (doc: Record<string, unknown>) =>
  Array.isArray(doc.tags) && doc.tags.some((t) => (t as { code?: unknown })?.code === 'synthetic');

export async function adoptLocalRecords(db: LocalDb, username: string, device: string, now = Date.now()): Promise<number> {
  let adopted = 0;
  let startkey: string | undefined;
  for (;;) {
    const page = await db.allDocs({ include_docs: true, limit: 1000, ...(startkey ? { startkey, skip: 1 } : {}) });
    const docs = page.rows
      .map((r) => r.doc as (Record<string, unknown> & { _id: string }) | undefined)
      .filter((d): d is Record<string, unknown> & { _id: string } => !!d && d.author === PLACEHOLDER_USER && !isSynthetic(d));
    if (docs.length) {
      const res = await db.bulkDocs(docs.map((d) => ({ ...d, author: username, device, modified: now })));
      adopted += res.filter((r) => 'ok' in r && r.ok).length;
    }
    if (page.rows.length < 1000) return adopted;
    startkey = page.rows.at(-1)!.id;
  }
}
