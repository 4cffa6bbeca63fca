// What the sync engine must remember across restarts, in one local document:
// - the push checkpoint: every local change at or before it is on the server or refused by it
//   (never simply passed over), so the pending count is exact after a restart, offline too;
// - the pull checkpoint and the initial load's progress;
// - the records the server refused (kept locally, with the reason, retried when what caused the
//   refusal may have changed) and the server documents that could not be stored here;
// - the last successful sync.
import type { RecordIssues, WaitingForSignIn } from '../../../shared/sync/status';
import { isSeq, type Seq } from './seq';
import type { Db } from './types';

const STATE_DOC = '_local/cw-sync-state';
/** How many ids a status carries; the panel lists these, the count is exact. */
const LISTED = 20;

/** waitingFor: the author whose own credential is missing or refused (see per-person.ts). */
export type Problem = { revs: string[]; reason: string; at: number; waitingFor?: string };

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function readProblems(x: unknown): Map<string, Problem> {
  const out = new Map<string, Problem>();
  if (!isObj(x)) return out;
  for (const [id, p] of Object.entries(x)) {
    if (!isObj(p) || typeof p.reason !== 'string' || !Array.isArray(p.revs)) continue;
    const revs = p.revs.filter((r): r is string => typeof r === 'string');
    const at = typeof p.at === 'number' ? p.at : 0;
    out.set(id, {
      revs,
      reason: p.reason,
      at,
      ...(typeof p.waitingFor === 'string' ? { waitingFor: p.waitingFor } : {}),
    });
  }
  return out;
}

/** The records with a problem, those waiting for their author's sign-in left out (see waitingSummary). */
export function summarize(problems: ReadonlyMap<string, Problem>): RecordIssues {
  const reasons = new Map<string, number>();
  const ids: string[] = [];
  for (const [id, p] of problems) {
    if (p.waitingFor !== undefined) continue;
    reasons.set(p.reason, (reasons.get(p.reason) ?? 0) + 1);
    ids.push(id);
  }
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0];
  return { count: ids.length, reason: top ? top[0] : null, ids: ids.slice(0, LISTED) };
}

/** Who is waited for, by name, with how many records each. */
export function waitingSummary(problems: ReadonlyMap<string, Problem>): WaitingForSignIn[] {
  const counts = new Map<string, number>();
  for (const p of problems.values())
    if (p.waitingFor !== undefined) counts.set(p.waitingFor, (counts.get(p.waitingFor) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0])).map(([username, count]) => ({ username, count }));
}

export class SyncState {
  pushSeq: Seq | null = null;
  pullSeq: Seq | null = null;
  loadSeq: Seq | null = null;
  loadDone = false;
  /** Documents the initial load has read so far (its progress resumes from here). */
  loadRead = 0;
  lastSuccessAt: number | null = null;
  /** lastSuccessAt as the state document holds it. */
  savedSuccessAt: number | null = null;
  /** Local records the server refused, by id. */
  readonly refused = new Map<string, Problem>();
  /** Server documents that could not be stored locally (too deep, too large, refused here), by id. */
  readonly skipped = new Map<string, Problem>();
  private loaded = false;
  /** The state document's revision as last read or written (undefined: none yet; null: not known). */
  private rev: string | undefined | null = null;
  /** The state as last written, to skip writing it again unchanged. */
  private written: string | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  async load(): Promise<void> {
    if (this.loaded) return;
    try {
      const doc = (await this.db.get(STATE_DOC)) as unknown as Record<string, unknown>;
      if (isSeq(doc.pushSeq)) this.pushSeq = doc.pushSeq;
      if (isSeq(doc.pullSeq)) this.pullSeq = doc.pullSeq;
      if (isObj(doc.load)) {
        if (isSeq(doc.load.seq)) this.loadSeq = doc.load.seq;
        this.loadDone = doc.load.done === true;
        if (typeof doc.load.read === 'number') this.loadRead = doc.load.read;
      }
      if (typeof doc.lastSuccessAt === 'number') this.lastSuccessAt = this.savedSuccessAt = doc.lastSuccessAt;
      for (const [id, p] of readProblems(doc.refused)) this.refused.set(id, p);
      for (const [id, p] of readProblems(doc.skipped)) this.skipped.set(id, p);
    } catch {
      // No state yet: first sync.
    }
    this.loaded = true;
  }

  /** Writes the state as it is now; writes are serialised so two never race for the revision. */
  save(): Promise<void> {
    const next = this.chain.catch(() => undefined).then(() => this.write());
    this.chain = next;
    return next;
  }

  /**
   * Each round saves, most with nothing new (bench/many.ts: three saves per edit delivered): a
   * state as last written is not written again, and the revision is remembered, not read first.
   */
  private async write(): Promise<void> {
    const body = {
      pushSeq: this.pushSeq,
      pullSeq: this.pullSeq,
      load: { seq: this.loadSeq, done: this.loadDone, read: this.loadRead },
      lastSuccessAt: this.lastSuccessAt,
      refused: Object.fromEntries(this.refused),
      skipped: Object.fromEntries(this.skipped),
    };
    const text = JSON.stringify(body);
    if (text === this.written) return;
    this.rev ??= await this.currentRev();
    const put = (rev: string | undefined) => this.db.put({ _id: STATE_DOC, ...(rev ? { _rev: rev } : {}), ...body });
    let res: { rev: string };
    try {
      res = await put(this.rev);
    } catch (err) {
      if ((err as { status?: unknown }).status !== 409) throw err;
      res = await put(await this.currentRev()); // written meanwhile by another copy of the engine
    }
    this.rev = res.rev;
    this.written = text;
    this.savedSuccessAt = body.lastSuccessAt;
  }

  private async currentRev(): Promise<string | undefined> {
    try {
      return ((await this.db.get(STATE_DOC)) as { _rev: string })._rev;
    } catch {
      return undefined;
    }
  }
}
