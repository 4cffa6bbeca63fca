// The sync engine's one explicit state record, shared by its parts (supervisor, connection,
// watcher, rounds, fast lanes). Each part reads and writes only what it names here.
import type { SyncErrorReason, SyncEvent, SyncStatus } from '../../../shared/sync/status';
import type { FastQueue } from './fast-queue';
import type { KnownRevs } from './known-revs';
import type { Seq } from './seq';
import type { SyncState } from './sync-state';
import type { Credentials, Transport } from './transport';
import type { Db, RoundInfo } from './types';
import type { Waker } from './waker';

export type SyncTuning = {
  idleTimeoutMs: number; // a request silent this long is a dead link
  longpollMs: number; // server-side `timeout` of the watcher's long-poll
  heartbeatMs: number;
  probeIntervalMs: number; // while offline, how often to check whether the server is back
  probeTimeoutMs: number;
  connectTimeoutMs: number; // each request while connecting: a black hole must not hold it 15 s
  backoffBaseMs: number;
  authRetries: number; // a 401/403/missing database is confirmed this many times before it is final
  authRetryMs: number;
  recheckMs: number; // a final refusal is tried again this often (and at once on network/settings)
  refusedRetryMs: number; // records the server refused are offered again this often
  pullBatchSize: number;
  pushBatchSize: number;
  fastLaneMax: number; // at most this many documents go through a fast lane at once
  watchLimit: number; // at most this many changes per watcher answer (with documents during a burst)
  burstWindowMs: number; // after a burst of changes, the watcher reads documents this long
  roundDebounceMs: number; // lets the fast lane go first, and groups bursts into one round
  editHoldMs: number; // after a clinician's save went up, the bulk push waits this long
  editPartSize: number; // while someone saves, the bulk push uploads its batches in parts this size
  editWindowMs: number; // … for this long after their last save went up
  safetyIntervalMs: number; // a full round even when nothing signalled work
  initialLoadMinDocs: number; // a first pull of at least this many server documents uses the initial load
  initialLoadPageSize: number;
  initialLoadRequestSize: number; // rows per streamed request of the initial load (bench/first-pull.ts)
};

export const DEFAULT_TUNING: SyncTuning = {
  idleTimeoutMs: 15_000,
  longpollMs: 10_000,
  // The watcher's long-poll gets a heartbeat every 4 s; 9 s of silence is a dead link, and a
  // 3 s probe confirms it: an outage is shown ~12 s after it starts, edits or not.
  heartbeatMs: 4_000,
  probeIntervalMs: 2_000,
  probeTimeoutMs: 3_000,
  connectTimeoutMs: 5_000,
  backoffBaseMs: 1_000,
  authRetries: 3,
  authRetryMs: 1_500,
  recheckMs: 3 * 60_000,
  refusedRetryMs: 5 * 60_000,
  // Bulk rounds in small batches: a batch holds the local write lock (pull) or the server's (push),
  // and a clinician's edit in the fast lane waits behind it. A first pull of a practice goes through
  // the initial load and is unaffected.
  pullBatchSize: 250,
  pushBatchSize: 250,
  fastLaneMax: 25,
  watchLimit: 500,
  burstWindowMs: 5_000,
  roundDebounceMs: 150,
  editHoldMs: 300,
  editPartSize: 100,
  editWindowMs: 10_000,
  safetyIntervalMs: 5 * 60_000,
  initialLoadMinDocs: 1_000,
  // Measured with bench/first-pull.ts (2026-12-02): 2,000-row writes; 5,000-row requests are as
  // fast as 20,000 and keep fewer documents read ahead (RSS).
  initialLoadPageSize: 2_000,
  initialLoadRequestSize: 5_000,
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

export type Waiter = { resolve: (v: { pendingUp: number }) => void; reject: (e: Error) => void };

export type EngineCtx = {
  readonly t: SyncTuning;
  readonly local: Db;
  readonly remote: Db;
  readonly transport: Transport;
  /** Server base URL without credentials, and the practice database's URL. */
  readonly base: string;
  readonly dbUrl: string;
  readonly dbName: string;
  credentials: Credentials;
  readonly state: SyncState;
  readonly known: KnownRevs;
  readonly waker: Waker;
  status: SyncStatus;
  emit(event: SyncEvent): void;

  running: boolean;
  paused: boolean;
  /** A refusal confirmed final (wrong password, not a member, no database): re-checked slowly. */
  halted: boolean;
  connected: boolean;
  pushRequested: boolean;
  pullRequested: boolean;
  /** A dead link seen outside the supervisor, for it to act on. */
  pendingFailure: unknown;
  remoteSince: Seq | null;
  remoteDocs: number;
  lastPending: number | null;
  /** The last issues event sent, to send only changes. */
  issuesKey: string;
  /** Pending counts run one at a time (each reads the local feed). */
  recountChain: Promise<number>;
  lastRefusedRetryAt: number;
  /** People whose new credential was just stored: their waiting records go up in the next push. */
  retryFor: Set<string>;
  watcherGen: number;
  watcherWrites: number;
  /** Server changes from `from` to `to` that the watcher saw and that are stored here (cover.ts). */
  pullCovered: { from: Seq; to: Seq } | null;
  /** A sample record changed here since the local-only count was taken (report.ts). */
  localOnlyStale: boolean;
  /** The watcher checks its answers in order, one after the other (cover.ts). */
  coverChain: Promise<void>;
  /** A pull round moved the checkpoint: the watcher asks from there next (cover.ts). */
  watcherResync: boolean;
  /** The watcher is bringing a burst down itself, documents included: pull rounds wait for it. */
  watcherBurst: boolean;
  /** The bulk push holds its next batch until then: a clinician's save just went up (lanes.ts). */
  bulkHoldUntil: number;
  /** When a clinician's save last went up (lanes.ts): the bulk push uploads in parts for a while. */
  lastSaveUpAt: number;
  waiters: Waiter[];
  rounds: RoundInfo[];
  /** What the supervisor is waiting on, for diagnostics. */
  where: string;
  upQueue: FastQueue | null;
  downQueue: FastQueue | null;
};

export const isLive = (c: EngineCtx) => c.running && !c.paused;

export function newRound(direction: RoundInfo['direction']): RoundInfo {
  return {
    direction,
    startedAt: Date.now(),
    endedAt: 0,
    changesChecked: 0,
    docsRead: 0,
    docsWritten: 0,
    writeFailures: 0,
    ok: false,
  };
}

export function endRound(c: EngineCtx, info: RoundInfo): void {
  info.endedAt = Date.now();
  c.rounds.push(info);
  if (c.rounds.length > 50) c.rounds.shift();
  c.emit({ type: 'idle', at: Date.now(), direction: info.direction });
}

export function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
