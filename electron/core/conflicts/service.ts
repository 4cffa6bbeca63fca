// Conflicts in the local database: the inbox, the merge screen's data, and resolution by one
// bulkDocs that writes the merged body on the winning branch and deletes every losing leaf.
import { randomUUID } from 'node:crypto';
import { CallError } from '../../../shared/contract/errors';
import {
  describeChoices,
  mergePlan,
  previewMerge,
  type BranchDoc,
  type Choices,
  type MergePlan,
} from '../../../shared/conflicts';
import { diffFields } from '../../../shared/conflicts';
import type { Access } from '../access/access';
import type { ConflictIndex } from '../index/conflict-index';
import { stamp } from '../records/stamp';
import { jsonBody } from '../store/pouch';
import type { LocalWrites } from '../store/writes';
import type { Identity } from '../store/identity';
import type { LocalDb } from '../store/open';
import type { BaseCopies } from './base-copies';
import { describeRecord } from './describe';
import { about, summarize, type InboxEntry } from './inbox-entry';
import { bodyAt, commonAncestorRev, readLeaves, strip, type Leaf } from './revisions';

export type { BranchSummary, InboxEntry } from './inbox-entry';

/** One revision in a record's history: who wrote it, where, when, and what it changed. */
export type HistoryRow = {
  rev: string;
  available: boolean;
  author?: string;
  device?: string;
  modified?: number;
  changes: ReturnType<typeof diffFields>;
};

export class ConflictService {
  /**
   * Inbox entries by id, valid for the winner rev and branch count they were read at (a
   * resolution arriving settles a tombstone without changing the winner).
   */
  private readonly cache = new Map<string, { key: string; entry: InboxEntry }>();

  constructor(
    private readonly db: LocalDb,
    private readonly index: ConflictIndex,
    private readonly bases: BaseCopies,
    private readonly who: () => Identity,
    private readonly now: () => number = Date.now,
    private readonly writes?: LocalWrites,
    /** The signed-in person's role: the plan shows what they may see, the merge writes what they may write. */
    private readonly access?: Access,
  ) {}

  count(): number {
    return this.index.size;
  }

  /** The conflicts inbox: every conflicted record with its branches, and their count. */
  async inbox(): Promise<{ count: number; items: InboxEntry[] }> {
    const items = await this.list();
    return { count: items.length, items };
  }

  async list(): Promise<InboxEntry[]> {
    const entries = this.index.list();
    const missing = entries.filter((e) => this.cache.get(e.id)?.key !== `${e.rev}/${e.revs}`);
    // A few at a time: a first listing of hundreds should not flood leveldb.
    for (let i = 0; i < missing.length; i += 32) {
      await Promise.all(missing.slice(i, i + 32).map((e) => this.entry(e.id)));
    }
    return entries.flatMap((e) => {
      const c = this.cache.get(e.id);
      return c ? [c.entry] : [];
    });
  }

  /** Read ahead so that the first inbox listing is instant (called after start-up). */
  warm(): Promise<unknown> {
    return this.list().catch(() => undefined);
  }

  private async entry(id: string): Promise<InboxEntry | undefined> {
    // The same branches the merge screen shows: tombstones a past resolution settled are not one.
    let leaves: Leaf[];
    let winner: Leaf;
    try {
      ({ leaves, winner } = await this.leaves(id));
    } catch {
      return undefined;
    }
    const entry: InboxEntry = {
      id,
      type: String(winner.type ?? 'unknown'),
      title: describeRecord(winner),
      about: about(winner),
      branches: leaves
        .map((l) => summarize(l, winner._rev))
        .sort((a, b) => Number(b.winner) - Number(a.winner) || a.rev.localeCompare(b.rev)),
    };
    if (typeof winner.patientId === 'string') entry.patientId = winner.patientId;
    else if (winner.type === 'patient') entry.patientId = id;
    this.cache.set(id, { key: `${winner._rev}/${leaves.length}`, entry });
    return entry;
  }

  async open(
    id: string,
  ): Promise<{ entry: InboxEntry; plan: MergePlan; ancestorSource: 'revisions' | 'base-copy' | 'none' }> {
    const { leaves, winner } = await this.leaves(id);
    const losers = leaves.filter((l) => l._rev !== winner._rev);
    if (!losers.length) throw new CallError('not-found', 'this record has no conflict any more');
    let ancestor: Record<string, unknown> | undefined;
    let ancestorSource: 'revisions' | 'base-copy' | 'none' = 'none';
    const rev = commonAncestorRev(leaves);
    if (rev) ancestor = await bodyAt(this.db, id, rev);
    if (ancestor) ancestorSource = 'revisions';
    else {
      const base = await this.bases.get(id);
      if (base) {
        ancestor = base;
        ancestorSource = 'base-copy';
      }
    }
    // Hidden fields are left out of every side: a merge by a secretary keeps the winner's (resolve).
    const seen = <T extends Record<string, unknown>>(doc: T): T => this.access?.body(doc) ?? doc;
    const input: Parameters<typeof mergePlan>[0] = {
      winner: seen(strip(winner) as BranchDoc),
      losers: losers.map((l) => seen(strip(l) as BranchDoc)),
    };
    if (ancestor) {
      input.ancestor = jsonBody(seen(ancestor));
      input.ancestorSource = ancestorSource as 'revisions' | 'base-copy';
    }
    const plan = mergePlan(input);
    const entry = (await this.entry(id))!;
    return { entry, plan, ancestorSource };
  }

  /**
   * Resolve with the person's choices. `revs` are the leaves they saw: if another branch has
   * arrived since, nothing is written and they are asked to look again.
   */
  async resolve(id: string, revs: string[], choices: Choices): Promise<{ rev: string; resolutionId: string }> {
    const { plan } = await this.open(id);
    const current = plan.branches.map((b) => b.rev).sort();
    if (current.join() !== [...revs].sort().join()) {
      throw new CallError(
        'conflict',
        'another version of this record arrived while you were merging; look at it again',
      );
    }
    let preview;
    try {
      preview = previewMerge(plan, choices);
    } catch (err) {
      throw new CallError('invalid-input', (err as Error).message);
    }
    if (preview.unresolved.length) {
      throw new CallError(
        'validation',
        'some fields still need a choice',
        Object.fromEntries(preview.unresolved.map((p) => [p, 'choose a value'])),
      );
    }
    if (!preview.validation.ok)
      throw new CallError('validation', 'the merged record is not valid', preview.validation.errors);
    const { leaves, winner } = await this.leaves(id);
    const who = this.who();
    const now = this.now();
    const body = this.access?.draft(preview.body as Record<string, unknown>, winner) ?? preview.body;
    const merged: Record<string, unknown> = preview.validation.deleted
      ? { _id: id, _rev: winner._rev, _deleted: true }
      : { ...stamp(body as Record<string, unknown>, who, now, winner), _id: id, _rev: winner._rev };
    const losers = leaves.filter((l) => l._rev !== winner._rev && !l._deleted);
    this.access?.checkWrite(merged, winner);
    for (const l of losers) this.access?.checkWrite({ _id: id, _rev: l._rev, _deleted: true }, l);
    const resolutionId = randomUUID();
    const resolution = stamp(
      {
        _id: resolutionId,
        type: 'conflictResolution',
        docId: id,
        docType: String(winner.type ?? 'unknown'),
        resolvedFrom: winner._rev,
        resolvedRev: '',
        // Every branch the merge replaces, whole: nothing a clinician typed is lost.
        discarded: leaves.map((l) => strip(l)),
        choices: describeChoices(plan, choices),
      } as Record<string, unknown>,
      who,
      now,
    );
    this.access?.checkWrite(resolution, null);
    // One bulkDocs: the merged body on the winning branch, every losing leaf deleted, and the record
    // of what was discarded, so that no crash can leave a merge without its discarded bodies.
    const writes = [merged, ...losers.map((l) => ({ _id: id, _rev: l._rev, _deleted: true })), resolution];
    const res = (await this.db.bulkDocs(writes)) as Array<{
      ok?: boolean;
      rev?: string;
      error?: string;
      message?: string;
    }>;
    const failed = res.slice(0, -1).find((r) => r.error);
    if (failed)
      throw new CallError(
        'conflict',
        `the record changed while it was being resolved (${failed.message ?? failed.error}); look at it again`,
      );
    const rev = res[0]!.rev!;
    const deletedRevs = res.slice(1, -1).map((r) => r.rev!);
    // Then the tombstones' revisions, by which every workstation knows these deletions are settled.
    const saved = res.at(-1)!;
    const final = { ...resolution, _id: resolutionId, _rev: saved.rev!, resolvedRev: rev, deletedRevs };
    const written = await this.db.put(final);
    this.cache.delete(id);
    // A person's merge: settled in the indexes at once (an inbox listed right after the save must
    // not show the conflict just resolved; the feed brings the tree a moment later) and sent ahead
    // of bulk work, so the other workstations see it settled soon.
    this.writes?.announce({
      ids: [id, resolutionId],
      docs: [],
      priority: true,
      settled: {
        id,
        winner: { ...merged, _id: id, _rev: rev },
        resolution: { ...final, _rev: written.rev },
        leaves: [rev, ...deletedRevs],
        acknowledged: [...leaves.map((l) => l._rev), ...deletedRevs],
      },
    });
    return { rev, resolutionId };
  }

  /** Revisions of the winning branch still readable here, newest first, with what each changed. */
  async history(id: string): Promise<HistoryRow[]> {
    const doc = await this.db.get(id, { revs_info: true });
    const infos = doc._revs_info ?? [];
    const bodies = await Promise.all(
      infos.map((i) => (i.status === 'available' ? bodyAt(this.db, id, i.rev) : Promise.resolve(undefined))),
    );
    return infos.map((info, i) => {
      const body = bodies[i];
      // A replicated record lacks the bodies of the other side's intermediate revisions: compare
      // with the next older one kept here, not with nothing (every field would read "added").
      const prev = bodies.slice(i + 1).find((x) => x !== undefined);
      const row: HistoryRow = {
        rev: info.rev,
        available: body !== undefined,
        changes: body ? diffFields(prev && jsonBody(prev), jsonBody(body)) : [],
      };
      if (body && typeof body.author === 'string') row.author = body.author;
      if (body && typeof body.device === 'string') row.device = body.device;
      if (body && typeof body.modified === 'number') row.modified = body.modified;
      return row;
    });
  }

  private async leaves(id: string): Promise<{ leaves: Leaf[]; winner: Leaf }> {
    let winner: Leaf;
    try {
      winner = (await this.db.get(id)) as Leaf;
    } catch (err) {
      if ((err as { status?: number }).status === 404) throw new CallError('not-found', `no record ${id}`);
      throw err;
    }
    // Live leaves, and deleted ones no resolution has accounted for (a delete against an edit).
    const pendingDeletes = new Set(this.index.unacknowledgedDeletions(id));
    const leaves = (await readLeaves(this.db, id)).filter(
      (l) => !l._deleted || l._rev === winner._rev || pendingDeletes.has(l._rev),
    );
    return { leaves, winner };
  }
}
