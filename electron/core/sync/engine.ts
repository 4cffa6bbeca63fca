// The sync engine: two-way replication between the local PouchDB and the practice database.
//
// Shape (after CHT's move from live replication to rounds), in parts around one state record
// (context.ts):
// - the supervisor (supervisor.ts) connects (connect.ts), then runs checkpointed rounds
//   (rounds.ts: pull-round.ts, push-round.ts, initial-load.ts) whenever there is work, and on
//   failure waits a capped, jittered back-off while a cheap probe watches for the network;
// - the watcher (watcher.ts) long-polls the server's `_changes` to trigger pulls and proves the
//   link alive;
// - fast lanes (fast-lane.ts) copy a few documents at once (local edits up, the watcher's small
//   batches down) so a single edit never queues behind a bulk transfer;
// - the saved state (sync-state.ts): checkpoints that never pass an unacknowledged change, the
//   records the server refused and the ones that could not be stored here.
import PouchDB from 'pouchdb-node';
import { initialSyncStatus, reduceSyncStatus, type SyncEvent, type SyncStatus } from '../../../shared/sync/status';
import { DEFAULT_TUNING, SyncFailure, type EngineCtx, type SyncTuning } from './context';
import { KnownRevs } from './known-revs';
import { perPersonRemote, type PushPeople } from './per-person';
import { fastLanes, localFeed, stopRecount } from './lanes';
import type { Seq } from './seq';
import { settleWaiters, supervise } from './supervisor';
import { SyncState } from './sync-state';
import { createTransport, type Credentials } from './transport';
import type { LocalChange } from '../store/open';
import type { Db, RoundInfo } from './types';
import { Waker } from './waker';
import { stopWatcher } from './watcher';

export { DEFAULT_TUNING, SyncFailure, type SyncTuning };

export type SyncEngineOptions = {
  local: Db;
  /** Server base URL without credentials, e.g. https://couch.clinic.lan:6984 */
  remoteUrl: string;
  db: string;
  credentials: Credentials;
  /**
   * Each author's own push credential (per-person.ts). Without it every document goes up with
   * `credentials`, as before personal sign-in.
   */
  people?: PushPeople;
  onStatus?: (status: SyncStatus, event: SyncEvent) => void;
  tuning?: Partial<SyncTuning>;
  /**
   * The core's one feed of local changes (store/changes.ts): the engine never opens a second one
   * (every feed reads the documents back from leveldb). Returns the unsubscribe function.
   */
  localChanges: (listener: (change: LocalChange) => void) => () => void;
};

/** A document to push at once: its id, or the document as written (id and revision). */
export type PriorityItem = string | { _id: string; _rev?: string };

export type SyncEngine = {
  start(): void;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Resolves once a pull and a push that began after the call have both completed. */
  syncNow(): Promise<{ pendingUp: number }>;
  /** New credentials: clears a final refusal and reconnects. */
  setCredentials(c: Credentials): void;
  /** This person's new credential is stored: their records waiting for it go up at once. */
  personAccepted(username: string): void;
  /** The OS reports the network or the machine back: retry now instead of after the back-off. */
  networkChanged(): void;
  /**
   * Push these documents at once through the fast lane (e.g. a clinician's save): ids, or the
   * documents as written (their revision is then not read back).
   */
  prioritize(items: ReadonlyArray<PriorityItem>): void;
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
    /** Local records the server refused, with the reason. */
    refused: Array<{ id: string; reason: string }>;
  };
};

function createContext(opts: SyncEngineOptions): EngineCtx {
  const t: SyncTuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const base = opts.remoteUrl.replace(/\/+$/, '');
  const dbUrl = `${base}/${encodeURIComponent(opts.db)}`;
  const transport = createTransport({ credentials: opts.credentials, idleTimeoutMs: t.idleTimeoutMs });
  // PouchDB's http adapter calls this fetch (node-fetch's Response, which the DOM type does not describe).
  const config: PouchDB.Configuration.RemoteDatabaseConfiguration = {
    fetch: transport.fetch as unknown as typeof fetch,
    skip_setup: true,
  };
  const server: Db = new PouchDB<Record<string, unknown>>(dbUrl, config);
  const people = opts.people;
  const remote = people
    ? perPersonRemote(server, { transport, dbUrl, settingsUser: () => c.credentials.username, people })
    : server;
  const c: EngineCtx = {
    t,
    local: opts.local,
    remote,
    transport,
    base,
    dbUrl,
    dbName: opts.db,
    credentials: opts.credentials,
    state: new SyncState(opts.local),
    known: new KnownRevs(),
    waker: new Waker(t.roundDebounceMs),
    status: initialSyncStatus,
    emit: (event) => {
      c.status = reduceSyncStatus(c.status, event);
      try {
        opts.onStatus?.(c.status, event);
      } catch {
        // A listener's bug must not stop sync.
      }
    },
    running: false,
    paused: false,
    halted: false,
    connected: false,
    pushRequested: false,
    pullRequested: false,
    pendingFailure: null,
    remoteSince: null,
    remoteDocs: 0,
    lastPending: null,
    issuesKey: '',
    recountChain: Promise.resolve(0),
    lastRefusedRetryAt: 0,
    retryFor: new Set(),
    watcherGen: 0,
    watcherWrites: 0,
    watcherBurst: false,
    localOnlyStale: true,
    pullCovered: null,
    coverChain: Promise.resolve(),
    watcherResync: false,
    bulkHoldUntil: 0,
    lastSaveUpAt: 0,
    waiters: [],
    rounds: [],
    where: 'idle',
    upQueue: null,
    downQueue: null,
  };
  return c;
}

/** Connection controls: what the user (pause, resume, sync now) and the OS (network back) ask. */
function controls(
  c: EngineCtx,
  disconnect: () => void,
): Pick<SyncEngine, 'pause' | 'resume' | 'syncNow' | 'setCredentials' | 'personAccepted' | 'networkChanged'> {
  return {
    pause() {
      if (!c.running || c.paused) return;
      c.paused = true;
      disconnect();
      settleWaiters(c.waiters.splice(0), new SyncFailure('local-error', 'sync is paused'));
      c.emit({ type: 'paused', at: Date.now() });
      c.waker.poke('net');
    },
    resume() {
      if (!c.running || !c.paused) return;
      c.paused = false;
      c.emit({ type: 'resumed', at: Date.now() });
      c.waker.poke('net');
    },
    syncNow() {
      if (!c.running) return Promise.reject(new SyncFailure('local-error', 'sync is not started'));
      if (c.paused) return Promise.reject(new SyncFailure('local-error', 'sync is paused'));
      // A final refusal is re-checked on its own pace, not at each click (the server is left alone).
      if (c.halted && c.status.phase.state === 'error')
        return Promise.reject(new SyncFailure(c.status.phase.reason, c.status.phase.message));
      return new Promise((resolve, reject) => {
        c.waiters.push({ resolve, reject });
        c.pullRequested = c.pushRequested = true;
        c.waker.poke('work');
      });
    },
    setCredentials(next) {
      c.credentials = next;
      c.transport.setCredentials(next);
      disconnect();
      if (c.halted) {
        c.halted = false;
        c.emit({ type: 'started', at: Date.now() });
      }
      c.waker.poke('net');
    },
    personAccepted(username) {
      c.retryFor.add(username);
      c.pushRequested = true;
      c.waker.poke('work');
    },
    networkChanged() {
      c.waker.poke('net');
    },
  };
}

/** A clinician's saves, ahead of any bulk transfer: the revision given, or read once. */
function prioritize(c: EngineCtx, items: ReadonlyArray<PriorityItem>): void {
  void (async () => {
    for (const item of items.slice(0, c.t.fastLaneMax)) {
      if (typeof item !== 'string' && typeof item._rev === 'string') {
        c.upQueue?.add(item._id, [item._rev], true);
        continue;
      }
      const id = typeof item === 'string' ? item : item._id;
      try {
        c.upQueue?.add(id, [(await c.local.get(id))._rev], true);
      } catch {
        // Gone or never written: nothing to push.
      }
    }
  })();
}

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const c = createContext(opts);
  fastLanes(c);
  let unsubscribe: (() => void) | null = null;
  let loopDone: Promise<void> | null = null;
  const disconnect = () => {
    c.connected = false;
    stopWatcher(c);
    c.transport.reset();
  };

  return {
    start() {
      if (c.running) return;
      c.running = true;
      c.halted = false;
      c.emit({ type: 'started', at: Date.now() });
      unsubscribe = localFeed(c, opts.localChanges);
      loopDone = supervise(c);
    },
    async stop() {
      if (!c.running) return;
      c.running = false;
      disconnect();
      unsubscribe?.();
      unsubscribe = null;
      c.upQueue?.stop();
      c.downQueue?.stop();
      stopRecount(c);
      c.waker.stop();
      await loopDone;
      await c.recountChain.catch(() => undefined);
      await c.state.save().catch(() => undefined);
      settleWaiters(c.waiters.splice(0), new SyncFailure('local-error', 'sync stopped'));
      c.emit({ type: 'stopped', at: Date.now() });
    },
    ...controls(c, disconnect),
    prioritize: (items) => prioritize(c, items),
    status: () => c.status,
    diagnostics: () => ({
      rounds: [...c.rounds],
      requests: c.transport.requestCount(),
      pushSeq: c.state.pushSeq,
      pullSeq: c.state.pullSeq,
      waitingOn: c.where,
      waiters: c.waiters.length,
      watcherWrites: c.watcherWrites,
      refused: [...c.state.refused].map(([id, p]) => ({ id, reason: p.reason })),
    }),
  };
}
