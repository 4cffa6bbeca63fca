// What the conflicts inbox shows of a record in conflict: its type, the fields its title is made
// of, and each branch's author, device and time (the UI words and labels them).
import type { Leaf } from './revisions';

export type BranchSummary = {
  rev: string;
  winner: boolean;
  deleted: boolean;
  author?: string;
  device?: string;
  modified?: number;
};
export type InboxEntry = {
  id: string;
  type: string;
  title: string;
  about?: Record<string, string | number>;
  branches: BranchSummary[];
  patientId?: string;
};

/** The fields a record's title is made of. */
const ABOUT = ['firstName', 'lastName', 'dateOfBirth', 'descr', 'openingDate', 'name', 'login'];

export function about(doc: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const k of ABOUT) {
    const v = doc[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

export function summarize(leaf: Leaf, winnerRev: string): BranchSummary {
  const b: BranchSummary = { rev: leaf._rev, winner: leaf._rev === winnerRev, deleted: leaf._deleted === true };
  if (typeof leaf.author === 'string') b.author = leaf.author;
  if (typeof leaf.device === 'string') b.device = leaf.device;
  if (typeof leaf.modified === 'number') b.modified = leaf.modified;
  return b;
}
