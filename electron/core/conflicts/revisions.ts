// Reading a document's revision tree: its leaves, their histories and their common ancestor.
import type { LocalDb } from '../store/open';
import { leavesOf } from '../store/pouch';

export type Leaf = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _revisions?: { start: number; ids: string[] };
};

export async function readLeaves(db: LocalDb, id: string): Promise<Leaf[]> {
  return leavesOf(db, id, true);
}

export function history(leaf: Leaf): string[] {
  const r = leaf._revisions;
  if (!r) return [leaf._rev];
  return r.ids.map((h, i) => `${r.start - i}-${h}`);
}

/** The newest revision every leaf descends from, if their histories still reach one. */
export function commonAncestorRev(leaves: Leaf[]): string | undefined {
  const [first, ...rest] = leaves;
  if (!first) return undefined;
  const others = rest.map((l) => new Set(history(l)));
  return history(first).find((rev) => rev !== first._rev && others.every((s) => s.has(rev)));
}

export async function bodyAt(db: LocalDb, id: string, rev: string): Promise<Record<string, unknown> | undefined> {
  try {
    const doc = (await db.get(id, { rev })) as Record<string, unknown>;
    return doc;
  } catch {
    return undefined; // compacted away, or never here
  }
}

export function strip(leaf: Leaf): Record<string, unknown> & { _id: string; _rev: string } {
  const { _revisions: _r, _conflicts: _c, ...body } = leaf as Leaf & { _conflicts?: unknown };
  return body;
}
