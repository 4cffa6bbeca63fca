// The sync engine: two-way replication between the local PouchDB and the practice database.
//
// Shape (after CHT's move from live replication to rounds):
// - a supervisor loop connects (checking the server is CouchDB, the password, the membership),
//   then runs checkpointed one-shot replication rounds (pull, then push) whenever there is work,
//   and on failure waits a capped, jittered back-off while a cheap probe watches for the network;
// - a watcher long-polls the server's `_changes` (with heartbeat) to trigger pulls, and proves
//   the link alive: a silent long-poll is followed by a probe, so a half-open link is noticed;
// - fast lanes copy a few documents at once (local edits up, the watcher's small batches down)
//   so a single edit never queues behind a bulk transfer.
import PouchDB from 'pouchdb-node';
import {
  initialSyncStatus,
  reduceSyncStatus,
  TERMINAL_REASONS,
  type SyncErrorReason,
  type SyncEvent,
  type SyncStatus,
} from '../../../shared/sync/status';
import { backoffDelay } from './backoff';
import { classifyFailure, errorMessage, type Failure } from './classify';
import { fastPull, fastPush, type RevRef } from './fast-lane';
import { FastQueue } from './fast-queue';
import { initialLoad, parseChanges, writeChanges, type ChangeWithDoc } from './initial-load';
import { KnownRevs } from './known-revs';
import { isSeq, seqParam, type Seq } from './seq';
import { createTransport, isNetworkError, type Credentials } from './transport';
import type { LocalChange } from '../store/open';
import type { Db, RoundInfo } from './types';

export type SyncTuning = {
  idleTimeoutMs: number; // a request silent this long is a dead link
  longpollMs: number; // server-side `timeout` of the watcher's long-poll
  heartbeatMs: number;
  probeIntervalMs: number; // while offline, how often to check whether the server is back
  probeTimeoutMs: number;
  backoffBaseMs: number;
  pullBatchSize: number;
  pullBatchesLimit: number;
  pushBatchSize: number;
  pushBatchesLimit: number;
  fastLaneMax: number; // at most this many documents go through a fast lane at once
  watchLimit: number; // at most this many changes per watcher answer (with documents during a burst)
  burstWindowMs: number; // after a burst of changes, the watcher reads documents this long
  roundDebounceMs: number; // lets the fast lane go first, and groups bursts into one round
  safetyIntervalMs: number; // a full round even when nothing signalled work
  initialLoadMinDocs: number; // a first pull of at least this many server documents uses the initial load
  initialLoadPageSize: number;
};

export const DEFAULT_TUNING: SyncTuning = {
  idleTimeoutMs: 15_000,
  longpollMs: 10_000,
  heartbeatMs: 5_000,
  probeIntervalMs: 3_000,
  probeTimeoutMs: 4_000,
  backoffBaseMs: 1_000,
  // Bulk rounds in small batches: a batch holds the local write lock (pull) or the server's (push),
  // and a clinician's edit in the fast lane waits behind it (2,000/500 gave p95 1.0-1.35 s under a
  // bulk push in the bench, 250/250 ~0.8 s, before the watcher's burst reads took it to ~0.55 s).
  // A first pull of a practice goes through the initial load and is unaffected.
  pullBatchSize: 250,
  pullBatchesLimit: 1,
  pushBatchSize: 250,
  pushBatchesLimit: 4,
  fastLaneMax: 25,
  watchLimit: 500,
  burstWindowMs: 5_000,
  roundDebounceMs: 150,
  safetyIntervalMs: 5 * 60_000,
  initialLoadMinDocs: 1_000,
  initialLoadPageSize: 1_000,
};

export type SyncEngineOptions = {
  local: Db;
  /** Server base URL without credentials, e.g. https://couch.clinic.lan:6984 */
  remoteUrl: string;
  db: string;
  credentials: Credentials;
  onStatus?: (status: SyncStatus, event: SyncEvent) => void;
  tuning?: Partial<SyncTuning>;
  /**
   * The core's own feed of local changes (the indexer's), to listen to instead of opening a second
   * one: every feed reads each written document back from leveldb, which during a bulk pull is a
   * large share of the work. Returns the unsubscribe function.
   */
  localChanges?: (listener: (change: LocalChange) => void) => () => void;
};

export type SyncEngine = {
  start(): void;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Resolves once a pull and a push that began after the call have both completed. */
  syncNow(): Promise<{ pendingUp: number }>;
  /** New credentials: clears a wrong-password stop and reconnects. */
  setCredentials(c: Credentials): void;
  /** The OS reports the network or the machine back: retry now instead of after the back-off. */
  networkChanged(): void;
  /** Push these documents at once through the fast lane (e.g. a clinician's save). */
  prioritize(ids: string[]): void;
  status(): SyncStatus;
  diagnostics(): {
    rounds: RoundInfo[];
    requests: number;
    pushSeq: Seq | null;
    pullSeq: Seq | null;
    waitingOn: string;
    waiters: number;
    /** Documents the watcher wrote itself during bursts of changes (read with their bodies). */
    watcherWrites: number;
  };
};

/** A failure the engine itself detected, with the reason the user sees. */
export class SyncFailure extends Error {
  constructor(
    readonly reason: SyncErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

const STATE_DOC = '_local/cw-sync-state';

type Waiter = { resolve: (v: { pendingUp: number }) => void; reject: (e: Error) => void };
type Replication = PromiseLike<Record<string, unknown>> & {
  cancel(): void;
  on(event: string, fn: (info: Record<string, unknown>) => void): unknown;
};

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const t: SyncTuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const local = opts.local;
  const base = opts.remoteUrl.replace(/\/+$/, '');
  const dbUrl = `${base}/${encodeURIComponent(opts.db)}`;
  let credentials = opts.credentials;
  const transport = createTransport({ credentials, idleTimeoutMs: t.idleTimeoutMs });
  const remote = new PouchDB(dbUrl, { fetch: transport.fetch, skip_setup: true } as never) as unknown as Db;
  // PouchDB's replicator calls src.info() after each batch for its progress figures and never
  // handles a failure: a pull cut by the network would leave an unhandled rejection (which ends a
  // Node process). The engine itself never reads remote.info(), so a failed one answers "unknown".
  const remoteInfo = remote.info.bind(remote);
  remote.info = (() =>
    remoteInfo().catch(() => ({ db_name: opts.db, doc_count: 0, update_seq: 0 }))) as typeof remote.info;
  const known = new KnownRevs();

  let status = initialSyncStatus;
  let running = false;
  let paused = false;
  let halted = false; // a terminal error: no retry until the settings change
  let connected = false;
  let pushRequested = false;
  let pullRequested = false;
  let pendingFailure: unknown = null;
  let pushSeq: Seq | null = null;
  let pullSeq: Seq | null = null;
  let remoteSince: Seq | null = null;
  let remoteDocs = 0;
  // The initial load: the server seq it reached (a restart resumes there), and whether it finished.
  let loadSeq: Seq | null = null;
  let loadDone = false;
  // The documents an initial load into an empty database wrote, until the push asks (see
  // onlyTheLoadWrote); null: no skip to offer.
  let loadWritten: number | null = null;
  let stateLoaded = false;
  const active = new Set<Replication>();
  const rounds: RoundInfo[] = [];
  let waiters: Waiter[] = [];
  let loopDone: Promise<void> | null = null;
  let watcherGen = 0;
  let localFeed: { cancel(): void } | null = null;
  let lastPending: number | null = null;
  let where = 'idle'; // what the supervisor is waiting on, for diagnostics

  const emit = (event: SyncEvent) => {
    status = reduceSyncStatus(status, event);
    try {
      opts.onStatus?.(status, event);
    } catch {
      // A listener's bug must not stop sync.
    }
  };

  // ---- waking the supervisor ----
  let wake: (() => void) | null = null;
  let woken = false;
  const poke = () => {
    woken = true;
    wake?.();
  };
  let debounceTimer: NodeJS.Timeout | null = null;
  const pokeSoon = () => {
    if (debounceTimer) return;
    debounceTimer = setTimeout(() => {
      debounceTimer = null;
      poke();
    }, t.roundDebounceMs);
  };
  /** Sleeps until `ms` passes or something pokes; returns true when poked. */
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (woken) {
        woken = false;
        resolve(true);
        return;
      }
      const timer = ms === Infinity ? null : setTimeout(() => finish(false), ms);
      function finish(poked: boolean) {
        if (timer) clearTimeout(timer);
        wake = null;
        woken = false;
        resolve(poked);
      }
      wake = () => finish(true);
    });

  // ---- persisted seqs (bounds for the pending count and the pull progress) ----
  async function loadState(): Promise<void> {
    if (stateLoaded) return;
    try {
      const doc = (await local.get(STATE_DOC)) as unknown as Record<string, unknown>;
      if (isSeq(doc.pushSeq)) pushSeq = doc.pushSeq;
      if (isSeq(doc.pullSeq)) pullSeq = doc.pullSeq;
      if (isObj(doc.load)) {
        if (isSeq(doc.load.seq)) loadSeq = doc.load.seq;
        loadDone = doc.load.done === true;
      }
    } catch {
      // No state yet: first sync.
    }
    stateLoaded = true;
  }
  async function saveState(): Promise<void> {
    let rev: string | undefined;
    try {
      rev = ((await local.get(STATE_DOC)) as { _rev: string })._rev;
    } catch {
      rev = undefined;
    }
    await local.put({
      _id: STATE_DOC,
      ...(rev ? { _rev: rev } : {}),
      pushSeq,
      pullSeq,
      load: { seq: loadSeq, done: loadDone },
    } as never);
  }

  // ---- the exact pending-up count ----
  let recountChain: Promise<number> = Promise.resolve(0);
  function recountPending(askServer: boolean): Promise<number> {
    recountChain = recountChain.catch(() => 0).then(() => countPending(askServer));
    return recountChain;
  }
  async function countPending(askServer: boolean): Promise<number> {
    const res = (await local.changes({
      since: pushSeq ?? 0,
      style: 'all_docs',
      return_docs: true,
    } as never)) as unknown as {
      results: Array<{ id: string; changes: Array<{ rev: string }> }>;
    };
    const ids = new Set<string>();
    let unknown: Record<string, string[]> = {};
    for (const r of res.results) {
      if (r.id.startsWith('_design/')) continue; // design documents are the server admin's, never pushed
      ids.add(r.id);
      const revs = r.changes.map((c) => c.rev);
      if (!known.hasAll(r.id, revs)) unknown[r.id] = revs;
    }
    known.retainOnly(ids);
    if (askServer && connected && Object.keys(unknown).length > 0) {
      const entries = Object.entries(unknown);
      const stillMissing: Record<string, string[]> = {};
      for (let i = 0; i < entries.length; i += 500) {
        const chunk = Object.fromEntries(entries.slice(i, i + 500));
        const diff = (await remote.revsDiff(chunk)) as Record<string, { missing?: string[] }>;
        for (const [id, revs] of Object.entries(chunk)) {
          const missing = new Set(diff[id]?.missing ?? []);
          for (const rev of revs) if (!missing.has(rev)) known.add(id, rev);
          if (missing.size > 0) stillMissing[id] = [...missing];
        }
      }
      unknown = stillMissing;
    }
    const count = Object.keys(unknown).length;
    if (count !== lastPending) {
      lastPending = count;
      emit({ type: 'pending-up', at: Date.now(), count });
    }
    return count;
  }
  let recountTimer: NodeJS.Timeout | null = null;
  const recountSoon = () => {
    if (recountTimer) return;
    recountTimer = setTimeout(() => {
      recountTimer = null;
      recountPending(false).catch(() => undefined);
    }, 100);
  };

  /** Documents a fast lane could not write (the other side's rules): reported, not retried. */
  const reportRefused = (refused: Map<string, string>, prefix = '') => {
    if (refused.size)
      emit({
        type: 'docs-rejected',
        at: Date.now(),
        count: refused.size,
        message: `${prefix}${[...refused.values()][0] ?? ''}`,
      });
  };

  // ---- local changes: fast lane up + triggering push rounds ----
  const upQueue = new FastQueue(t.fastLaneMax, 'priority', async (batch) => {
    if (!connected || paused || !running) return;
    const refs: RevRef[] = batch.flatMap((c) => c.revs.map((rev) => ({ id: c.id, rev })));
    try {
      const { refused } = await fastPush(local, remote, refs, known);
      reportRefused(refused, 'server refused: ');
      recountSoon();
    } catch (err) {
      noteBackgroundFailure(err);
    }
  });
  function onLocalChange(change: LocalChange): void {
    if (change.id.startsWith('_local/')) return;
    // At or below the push checkpoint: pushed already (the shared feed may trail far behind a bulk pull).
    if (typeof change.seq === 'number' && typeof pushSeq === 'number' && change.seq <= pushSeq) return;
    const revs = change.changes.map((c) => c.rev);
    if (known.hasAll(change.id, revs)) return; // an echo of what we pulled
    pushRequested = true;
    recountSoon();
    if (connected && !paused) upQueue.add(change.id, revs);
    pokeSoon();
  }
  const downQueue = new FastQueue(t.fastLaneMax, 'newest', async (batch) => {
    if (!connected || paused || !running) return;
    try {
      const { refused } = await fastPull(local, remote, batch, known);
      reportRefused(refused);
    } catch (err) {
      noteBackgroundFailure(err);
    }
  });
  let watcherWrites = 0;
  async function writeDirect(changes: ChangeWithDoc[]): Promise<void> {
    try {
      const written = await writeChanges(local, remote, changes, known);
      watcherWrites += written.direct + written.viaProtocol;
      reportRefused(written.refused);
    } catch (err) {
      noteBackgroundFailure(err); // the pull round does the work again
    }
  }
  function noteBackgroundFailure(err: unknown): void {
    // The bulk lane will retry the work; a dead link must still flip the status now.
    if (isNetworkError(err) && connected) failConnection(err);
  }
  /** A dead link seen outside the supervisor: stop what is in flight so the supervisor sees it now. */
  function failConnection(err: unknown): void {
    pendingFailure = err;
    cancelActive();
    transport.reset();
    poke();
  }

  // ---- the watcher: server changes → fast lane down + pull rounds; proves the link alive ----
  async function probe(timeoutMs = t.probeTimeoutMs): Promise<boolean> {
    try {
      const r = await transport.json(`${base}/`, { idleTimeoutMs: timeoutMs });
      return r.status > 0;
    } catch {
      return false;
    }
  }
  async function watch(gen: number): Promise<void> {
    let since: Seq = remoteSince ?? 'now';
    // While someone else bulk-writes, the watcher asks for the documents too and writes them at
    // once: an edit that lands amid such a burst then arrives with it, instead of waiting for the
    // pull round to work through the backlog. Off when quiet (a workstation's own pushes come back
    // in the feed, and their bodies are not worth the transfer).
    let withDocs = false;
    let lastBurstAt = 0;
    while (gen === watcherGen && connected && running && !paused) {
      try {
        const url =
          `${dbUrl}/_changes?feed=longpoll&style=all_docs&since=${seqParam(since)}` +
          `&timeout=${t.longpollMs}&heartbeat=${t.heartbeatMs}&limit=${t.watchLimit}${withDocs ? '&include_docs=true' : ''}`;
        const r = await transport.json(url, { idleTimeoutMs: Math.max(t.idleTimeoutMs, t.heartbeatMs * 2) });
        if (gen !== watcherGen) return;
        if (r.status !== 200 || !isObj(r.body) || !Array.isArray(r.body.results)) {
          throw Object.assign(new Error(`changes feed answered ${r.status}`), { status: r.status });
        }
        const changes = parseChanges(r.body.results).filter((c) => !known.hasAll(c.id, c.revs));
        const burst = changes.length > t.fastLaneMax;
        const docsCame = withDocs;
        if (burst) lastBurstAt = Date.now();
        withDocs = Date.now() - lastBurstAt < t.burstWindowMs;
        // A burst that came without documents: read the same changes again with them.
        if (burst && !docsCame && since !== 'now') continue;
        if (isSeq(r.body.last_seq)) since = r.body.last_seq;
        if (changes.length === 0) continue;
        pullRequested = true;
        pokeSoon();
        // With documents in hand, write them now; else a few changes at once are someone's edits,
        // which the fast lane brings now.
        if (docsCame) await writeDirect(changes);
        else for (const c of changes) downQueue.add(c.id, c.revs);
      } catch (err) {
        if (gen !== watcherGen) return;
        const f = classifyFailure(err, false);
        // A silent long-poll is a dead link or a server ignoring `timeout`: a quick probe tells.
        if (f.kind === 'offline' && (await probe())) continue;
        if (gen !== watcherGen) return;
        failConnection(err);
        return;
      }
    }
  }
  function stopWatcher(): void {
    watcherGen++;
  }

  // ---- connecting: reachability, CouchDB, password, membership ----
  async function authFailure(): Promise<never> {
    const s = await transport.json(`${base}/_session`);
    const ctx = isObj(s.body) && isObj(s.body.userCtx) ? s.body.userCtx : null;
    if (s.status === 200 && ctx && ctx.name === credentials.username) {
      throw new SyncFailure('not-a-member', `${credentials.username} is not a member of the practice database`);
    }
    throw new SyncFailure('wrong-password', 'the server refused the user name or password');
  }
  async function connect(): Promise<void> {
    const root = await transport.json(`${base}/`);
    if (root.status === 401 || root.status === 403) await authFailure();
    if (root.status >= 500) throw new SyncFailure('server-error', `server answered ${root.status}`);
    if (!isObj(root.body) || !('couchdb' in root.body))
      throw new SyncFailure('not-couchdb', `${base} does not answer like CouchDB`);
    const info = await transport.json(dbUrl);
    if (info.status === 401 || info.status === 403) await authFailure();
    if (info.status === 404) throw new SyncFailure('database-missing', `no database ${opts.db} on the server`);
    if (info.status !== 200 || !isObj(info.body))
      throw new SyncFailure('server-error', `server answered ${info.status} for the database`);
    remoteSince = isSeq(info.body.update_seq) ? info.body.update_seq : null;
    remoteDocs = typeof info.body.doc_count === 'number' ? info.body.doc_count : 0;
  }

  // ---- bulk lanes: checkpointed one-shot replications ----
  const newRound = (direction: RoundInfo['direction']): RoundInfo => ({
    direction,
    startedAt: Date.now(),
    endedAt: 0,
    changesChecked: 0,
    docsRead: 0,
    docsWritten: 0,
    writeFailures: 0,
    ok: false,
  });
  async function round(direction: 'push' | 'pull'): Promise<void> {
    emit({ type: 'active', at: Date.now(), direction });
    const info = newRound(direction);
    let total: number | null = null;
    if (direction === 'pull' && typeof remoteSince === 'number') {
      total = Math.max(0, remoteSince - (typeof pullSeq === 'number' ? pullSeq : 0));
    }
    // After an initial load, replication starts at the seq it reached (and checkpoints it there).
    const skip = direction === 'push' ? await pushSkipTo() : undefined;
    const since =
      direction === 'push' ? skip?.seq : pullSeq === null && loadDone && loadSeq !== null ? loadSeq : undefined;
    info.skippedTo = since ?? null;
    if (skip) info.skipBasis = skip.basis;
    const rep = (direction === 'pull'
      ? local.replicate.from(remote, {
          batch_size: t.pullBatchSize,
          batches_limit: t.pullBatchesLimit,
          retry: false,
          ...(since === undefined ? {} : { since }),
        } as never)
      : local.replicate.to(remote, {
          batch_size: t.pushBatchSize,
          batches_limit: t.pushBatchesLimit,
          retry: false,
          ...(since === undefined ? {} : { since }),
        } as never)) as unknown as Replication;
    active.add(rep);
    rep.on('change', (c) => {
      const docs = Array.isArray(c.docs) ? (c.docs as Array<{ _id?: unknown; _rev?: unknown }>) : [];
      for (const d of docs) if (typeof d._id === 'string' && typeof d._rev === 'string') known.add(d._id, d._rev);
      if (isSeq(c.last_seq)) {
        if (direction === 'push') pushSeq = c.last_seq;
        else pullSeq = c.last_seq;
      }
      if (direction === 'pull') {
        const done = typeof c.docs_read === 'number' ? c.docs_read : 0;
        const est = typeof c.pending === 'number' ? done + c.pending : total;
        emit({ type: 'pull-progress', at: Date.now(), done, total: est === null ? null : Math.max(est, done) });
      }
    });
    rep.on('checkpoint', (c) => {
      if ('revs_diff' in c) info.changesChecked++;
    });
    rep.on('denied', (err) => emit({ type: 'docs-rejected', at: Date.now(), count: 1, message: errorMessage(err) }));
    try {
      const result = await rep;
      info.docsRead = Number(result.docs_read ?? 0);
      info.docsWritten = Number(result.docs_written ?? 0);
      info.writeFailures = Number(result.doc_write_failures ?? 0);
      if (result.status === 'cancelled') throw new Error('replication cancelled');
      if (isSeq(result.last_seq)) {
        if (direction === 'push') pushSeq = result.last_seq;
        else pullSeq = result.last_seq;
      }
      if (info.writeFailures > 0) {
        const first = Array.isArray(result.errors) ? errorMessage(result.errors[0]) : 'write refused';
        emit({
          type: 'docs-rejected',
          at: Date.now(),
          count: info.writeFailures,
          message: direction === 'push' ? `server refused: ${first}` : first,
        });
      }
      info.ok = true;
      await saveState();
    } finally {
      active.delete(rep);
      info.endedAt = Date.now();
      rounds.push(info);
      if (rounds.length > 50) rounds.shift();
      emit({ type: 'idle', at: Date.now(), direction });
    }
  }

  /**
   * After a pull, the local changes feed is full of what just came down. When every change past
   * the push checkpoint is a revision the server is known to hold, the push can start at the
   * local seq instead of asking the server about each of them (an initial pull of 50,000
   * documents would otherwise be followed by 50,000 revs_diff entries). Any doubt: no skip.
   */
  async function pushSkipTo(): Promise<{ seq: Seq; basis: NonNullable<RoundInfo['skipBasis']> } | undefined> {
    const seqNow = (await local.info()).update_seq as Seq;
    if (pushSeq !== null && seqNow === pushSeq) return undefined;
    if (onlyTheLoadWrote(seqNow)) return { seq: seqNow, basis: 'initial-load' };
    const res = (await local.changes({
      since: pushSeq ?? 0,
      style: 'all_docs',
      return_docs: true,
    } as never)) as unknown as {
      results: Array<{ id: string; changes: Array<{ rev: string }> }>;
    };
    if (res.results.length < t.pushBatchSize) return undefined; // small: the normal round is cheap enough
    const unknown: RevRef[] = [];
    for (const r of res.results) {
      if (r.id.startsWith('_design/')) continue; // the server admin's, never pushed
      for (const c of r.changes) if (!known.has(r.id, c.rev)) unknown.push({ id: r.id, rev: c.rev });
      if (unknown.length > t.pushBatchSize) return undefined;
    }
    // The few local writes among them (e.g. made before the first push) go up first, so that
    // everything before seqNow is then on the server or refused by it (reported, as a round would).
    if (unknown.length > 0) {
      const { refused } = await fastPush(local, remote, unknown, known);
      reportRefused(refused, 'server refused: ');
    }
    return { seq: seqNow, basis: 'known-revs' };
  }

  // ---- the initial load (see initial-load.ts) and the push skip that follows it ----
  /**
   * True when every local change up to `seqNow` is a revision the server holds, known without
   * reading them back: the load began on an empty database, every written revision takes exactly
   * one seq, and the seqs used are exactly the documents the load wrote. A write by anyone else
   * (a clinician's save, a fast-lane pull, a second database object) takes a seq the load did not
   * write, unless the load later wrote that same revision again as a no-op — which it does only
   * when the revision came down from the server. Any doubt: no skip. Asked once.
   */
  function onlyTheLoadWrote(seqNow: Seq): boolean {
    const written = loadWritten;
    loadWritten = null;
    return written !== null && seqNow === written;
  }

  async function maybeInitialLoad(): Promise<void> {
    if (pullSeq !== null || loadDone) return;
    if (loadSeq === null && remoteDocs < t.initialLoadMinDocs) return;
    const seqAtStart = (await local.info()).update_seq;
    // An empty database: whatever the load adds is the server's, unless the seqs say otherwise.
    const intoEmpty = seqAtStart === 0 && pushSeq === null;
    emit({ type: 'active', at: Date.now(), direction: 'pull' });
    const info = newRound('pull');
    try {
      const res = await initialLoad({
        local,
        remote,
        json: (url) => transport.json(url),
        dbUrl,
        since: loadSeq ?? 0,
        pageSize: t.initialLoadPageSize,
        known,
        cancelled: () => !running || paused || pendingFailure !== null,
        onRefused: (count, message) => emit({ type: 'docs-rejected', at: Date.now(), count, message }),
        onPage: async (seq, read) => {
          loadSeq = seq;
          info.docsRead = read;
          info.changesChecked++;
          await saveState();
          emit({ type: 'pull-progress', at: Date.now(), done: read, total: Math.max(read, remoteDocs) });
        },
      });
      info.docsWritten = res.direct + res.viaProtocol;
      if (intoEmpty) loadWritten = info.docsWritten;
      info.writeFailures = res.refused;
      loadDone = true;
      info.ok = true;
      await saveState();
    } finally {
      info.endedAt = Date.now();
      rounds.push(info);
      if (rounds.length > 50) rounds.shift();
      emit({ type: 'idle', at: Date.now(), direction: 'pull' });
    }
  }

  async function cycle(): Promise<void> {
    // Pull first: the push that follows then skips what just came down.
    while ((pullRequested || pushRequested) && running && !paused) {
      if (pendingFailure) throw pendingFailure;
      if (pullRequested) {
        pullRequested = false;
        where = 'pull';
        await maybeInitialLoad();
        await round('pull');
      }
      if (pendingFailure) throw pendingFailure;
      if (pushRequested) {
        pushRequested = false;
        where = 'push';
        await round('push');
      }
    }
  }

  // ---- the supervisor ----
  function settleWaiters(list: Waiter[], err: Error | null, pendingUp = 0): void {
    for (const w of list) {
      if (err) w.reject(err);
      else w.resolve({ pendingUp });
    }
  }
  function cancelActive(): void {
    for (const rep of active) rep.cancel();
  }

  async function loop(): Promise<void> {
    let attempt = 0;
    let probeTimer: NodeJS.Timeout | null = null;
    const stopProbe = () => {
      if (probeTimer) clearInterval(probeTimer);
      probeTimer = null;
    };
    while (running) {
      if (paused || halted) {
        await sleep(Infinity);
        continue;
      }
      const startedAt = Date.now();
      try {
        await loadState();
        if (!connected) {
          emit({ type: 'connecting', at: Date.now() });
          where = 'connect';
          await connect();
          connected = true;
          attempt = 0;
          pendingFailure = null;
          pullRequested = true;
          pushRequested = true;
          const gen = ++watcherGen;
          void watch(gen);
        }
        if (pendingFailure) throw pendingFailure;
        // A waiter that arrived during the last cycle needs a cycle of its own.
        if (pullRequested || pushRequested || waiters.length > 0) {
          const batch = waiters;
          waiters = [];
          if (batch.length > 0) {
            pullRequested = true;
            pushRequested = true;
          }
          try {
            where = 'cycle';
            await cycle();
          } catch (err) {
            waiters = [...batch, ...waiters];
            throw err;
          }
          if (!running || paused) {
            waiters = [...batch, ...waiters];
            continue;
          }
          where = 'recount';
          const pending = await recountPending(true);
          settleWaiters(batch, null, pending);
          if (!pullRequested && !pushRequested && pending === 0) emit({ type: 'up-to-date', at: Date.now() });
          continue;
        }
        // Idle: the watcher and local changes poke; the timer is a safety net.
        where = 'idle';
        if (!(await sleep(t.safetyIntervalMs))) {
          pullRequested = true;
          pushRequested = true;
        }
      } catch (rawErr) {
        const err = pendingFailure ?? rawErr;
        pendingFailure = null;
        const wasConnected = connected;
        connected = false;
        stopWatcher();
        cancelActive();
        transport.reset(); // pooled sockets may be half-open
        if (!running || paused) continue;
        let failure: Failure =
          err instanceof SyncFailure
            ? { kind: 'error', reason: err.reason, message: err.message }
            : classifyFailure(err, transport.lastNetworkFailureAt() >= startedAt);
        // A 401/403 mid-replication: ask the server which of the two it is.
        if (
          failure.kind === 'error' &&
          (failure.reason === 'wrong-password' || failure.reason === 'not-a-member') &&
          !(err instanceof SyncFailure)
        ) {
          try {
            await authFailure();
          } catch (refined) {
            if (refined instanceof SyncFailure)
              failure = { kind: 'error', reason: refined.reason, message: refined.message };
          }
        }
        const failErr = new SyncFailure(failure.kind === 'offline' ? 'unreachable' : failure.reason, failure.message);
        settleWaiters(waiters.splice(0), failErr);
        if (failure.kind === 'error' && TERMINAL_REASONS.includes(failure.reason)) {
          halted = true;
          emit({ type: 'error', at: Date.now(), reason: failure.reason, message: failure.message, retrying: false });
          recountPending(false).catch(() => undefined);
          continue;
        }
        const delay = backoffDelay(attempt++, Math.random, t.backoffBaseMs);
        const nextRetryAt = Date.now() + delay;
        if (failure.kind === 'offline')
          emit({ type: 'offline', at: Date.now(), message: failure.message, nextRetryAt });
        else emit({ type: 'error', at: Date.now(), reason: failure.reason, message: failure.message, retrying: true });
        recountPending(false).catch(() => undefined);
        if (failure.kind === 'offline') {
          // Back-off paces full attempts; a tiny probe brings us back as soon as the server answers.
          let probing = false;
          probeTimer = setInterval(() => {
            if (probing) return;
            probing = true;
            void probe().then((ok) => {
              probing = false;
              if (ok) poke();
            });
          }, t.probeIntervalMs);
        }
        void wasConnected;
        await sleep(delay);
        stopProbe();
      }
    }
    stopProbe();
  }

  return {
    start() {
      if (running) return;
      running = true;
      halted = false;
      emit({ type: 'started', at: Date.now() });
      if (opts.localChanges) {
        localFeed = { cancel: opts.localChanges(onLocalChange) };
      } else {
        const feed = local.changes({
          live: true,
          since: 'now',
          style: 'all_docs',
          return_docs: false,
        } as never) as unknown as {
          on(e: 'change', fn: (c: LocalChange) => void): unknown;
          on(e: 'error', fn: (e: unknown) => void): unknown;
          cancel(): void;
        };
        feed.on('change', onLocalChange);
        feed.on('error', () => undefined);
        localFeed = feed;
      }
      loopDone = loop();
    },
    async stop() {
      if (!running) return;
      running = false;
      connected = false;
      stopWatcher();
      cancelActive();
      transport.reset();
      localFeed?.cancel();
      localFeed = null;
      upQueue.stop();
      downQueue.stop();
      if (debounceTimer) clearTimeout(debounceTimer);
      if (recountTimer) clearTimeout(recountTimer);
      poke();
      await loopDone;
      await recountChain.catch(() => undefined);
      settleWaiters(waiters.splice(0), new SyncFailure('local-error', 'sync stopped'));
      emit({ type: 'stopped', at: Date.now() });
    },
    pause() {
      if (!running || paused) return;
      paused = true;
      connected = false;
      stopWatcher();
      cancelActive();
      transport.reset();
      settleWaiters(waiters.splice(0), new SyncFailure('local-error', 'sync is paused'));
      emit({ type: 'paused', at: Date.now() });
      poke();
    },
    resume() {
      if (!running || !paused) return;
      paused = false;
      emit({ type: 'resumed', at: Date.now() });
      poke();
    },
    syncNow() {
      if (!running) return Promise.reject(new SyncFailure('local-error', 'sync is not started'));
      if (paused) return Promise.reject(new SyncFailure('local-error', 'sync is paused'));
      if (halted && status.phase.state === 'error')
        return Promise.reject(new SyncFailure(status.phase.reason, status.phase.message));
      return new Promise((resolve, reject) => {
        waiters.push({ resolve, reject });
        pullRequested = true;
        pushRequested = true;
        poke();
      });
    },
    setCredentials(c) {
      credentials = c;
      transport.setCredentials(c);
      transport.reset();
      connected = false;
      stopWatcher();
      if (halted) {
        halted = false;
        emit({ type: 'started', at: Date.now() });
      }
      poke();
    },
    networkChanged() {
      poke();
    },
    prioritize(ids) {
      void (async () => {
        const refs: RevRef[] = [];
        for (const id of ids.slice(0, t.fastLaneMax)) {
          try {
            const doc = (await local.get(id)) as { _rev: string };
            refs.push({ id, rev: doc._rev });
          } catch {
            // Gone or never written: nothing to push.
          }
        }
        for (const r of refs) upQueue.add(r.id, [r.rev], true);
      })();
    },
    status: () => status,
    diagnostics: () => ({
      rounds: [...rounds],
      requests: transport.requestCount(),
      pushSeq,
      pullSeq,
      waitingOn: where,
      waiters: waiters.length,
      watcherWrites,
    }),
  };
}
