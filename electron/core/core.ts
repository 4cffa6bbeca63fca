// The workstation core: plain Node, no Electron. The shell (Electron) or the browser host gives it
// a data folder and a secret store, and wires its handlers and events to a transport.
import { mkdirSync } from 'node:fs';
import type { EventName, EventPayload } from '../../shared/contract/contract';
import { CallError } from '../../shared/contract/errors';
import type { Handlers } from './dispatch';
import { createAccessLog, logAccesses, refuseAccessLogEdits } from './access-log';
import { Access } from './access/access';
import { guardReads } from './access/reads';
import { BaseCopies } from './conflicts/base-copies';
import { ConflictService } from './conflicts/service';
import { createHandlers } from './handlers';
import { Indexer } from './index/indexer';
import { downloadOver, largeDownload, practiceArriving, startIndexes } from './index/start';
import { Charts } from './records/chart';
import { Contacts } from './records/contacts';
import { DraftStore } from './drafts/store';
import { Patients } from './records/patients';
import { Repository } from './records/repository';
import { ConnectionManager } from './connection/manager';
import { adoptLocalRecords, PLACEHOLDER_USER } from './records/adopt';
import { loadIdentity, saveIdentity, type Identity } from './store/identity';
import { limitHeapGrowth } from './heap';
import { createDiagnosticsLog, type DiagnosticsLog } from './log/diagnostics-log';
import { observeCalls } from './log/observe-calls';
import { syncStatusLogger } from './log/sync-status-log';
import { openLocalDb } from './store/open';
import { ChangePipeline } from './store/changes';
import { Compactor, DEFAULT_COMPACTION } from './store/compaction';
import type { LocalDb } from './store/pouch';
import { LocalWrites } from './store/writes';
import { SampleLoader } from './samples/load';
import { PeopleFile } from './session/people-file';
import { gateSession } from './session/gate';
import { SessionService } from './session/service';
import type { Core, CoreOptions, EventListener } from './types';
import type { SyncStatus } from '../../shared/sync/status';

/**
 * The core's parts, for tools (the seed tool writes in bulk through them) and tests (which read
 * the database behind the calls). Product code uses only `core`.
 */
export type CoreParts = {
  db: LocalDb;
  indexer: Indexer;
  connection: ConnectionManager;
  writes: LocalWrites;
  /** The one reader of the local feed (latency benchmarks listen to its live entries). */
  pipeline: ChangePipeline;
};

export async function createCore(opts: CoreOptions): Promise<Core> {
  return (await openCore(opts)).core;
}

/** The core with its parts: the typed entry point for tools and tests (see CoreParts). */
export async function openCore(opts: CoreOptions): Promise<{ core: Core; parts: CoreParts }> {
  limitHeapGrowth();
  mkdirSync(opts.dataDir, { recursive: true });
  const { identity: loaded } = await loadIdentity(opts.dataDir);
  let identity: Identity = loaded;
  const db = await openDatabase(opts.dataDir);
  // Only once the database is ours: a second process on the same folder must not write the log.
  const log = await createDiagnosticsLog(opts.dataDir);
  const version = opts.version ?? '0.1.0';
  log.info('core started', { host: opts.host, version });
  const logStatus = syncStatusLogger(log);
  const { listeners, emit } = eventHub();
  const bases = new BaseCopies(db, () => identity.deviceId);
  // Who writes: the person signed in (or who locked the screen: the core may finish their work),
  // so every write's author is them; the workstation's own identity otherwise.
  const writer = (): Identity => {
    const p = session.person();
    return p ? { ...identity, userId: p.username, userName: p.username } : identity;
  };
  const writes = new LocalWrites();
  // The role of whoever is signed in (or locked), read at each call; the session is created below.
  const access = new Access(() => session.person());
  // The conflict index is created just below; the closure reads it when a record is viewed.
  const repo = new Repository(
    db,
    writer,
    Date.now,
    bases,
    (id) => indexer.conflicts.hiddenBranches(id),
    writes,
    access,
  );
  const pipeline = new ChangePipeline(db);
  const indexer = new Indexer(
    pipeline,
    opts.dataDir,
    {
      changed: (ids, types) => emit('records.changed', { ids, types }),
      conflictsChanged: (count, newIds) => emit('conflicts.changed', { count, newIds }),
      catchingUp: (progress) => emit('index.progress', progress),
    },
    log,
  );
  const indexStart = await startIndexes(indexer, log, opts.indexWaitMs);
  // Old revision bodies dropped now and then, so the disk does not grow with every edit.
  const compactor = new Compactor(db, log, { ...DEFAULT_COMPACTION, ...opts.compaction });
  await compactor.start(pipeline);
  const conflicts = new ConflictService(db, indexer.conflicts, bases, writer, Date.now, writes, access);
  void conflicts.warm();
  let lastStatus: SyncStatus | undefined;
  const holdIfArriving = async () => {
    if (pipeline.holding) return;
    const here = (await db.info().catch(() => null))?.doc_count;
    if (here !== undefined && practiceArriving(lastStatus, here)) pipeline.hold();
  };
  const connection = new ConnectionManager({
    db,
    dataDir: opts.dataDir,
    secrets: opts.secrets,
    onStatus: (status) => {
      lastStatus = status;
      logStatus(status);
      // The practice arriving is not read back and indexed beside itself: afterwards, in one go.
      if (largeDownload(status)) void holdIfArriving();
      else if (downloadOver(status) && pipeline.holding)
        indexer
          .afterDownload()
          .catch((e: unknown) =>
            log.error('index: catch-up failed', { error: e instanceof Error ? e.name : 'unknown' }),
          );
      indexStart.onStatus(status);
      emit('sync.status', status);
    },
    onUser: async (username) => {
      if (identity.userId === username) return;
      const first = identity.userId === PLACEHOLDER_USER;
      identity = { ...identity, userId: username, userName: username };
      await saveIdentity(opts.dataDir, identity);
      if (first) await adoptLocalRecords(db, username, identity.deviceId);
    },
    localChanges: (listener) => pipeline.onLive(listener),
    // A person's push credential refused (password changed on the server): their session locks.
    onPersonRefused: (username) => void session.serverRefused(username).catch(() => undefined),
    ...(opts.syncTuning ? { tuning: opts.syncTuning } : {}),
  });
  await connection.start();
  // Not set up, the sync says nothing more: what it says now may start a held-back catch-up.
  indexStart.onStatus(connection.current());
  // What the core itself wrote: shown by the indexes at once, a person's saves pushed at once.
  writes.subscribe((w) => {
    indexer.applyWritten(w);
    if (w.priority) connection.prioritize(w.docs.length ? w.docs : w.ids);
  });

  // Who is at the keyboard; the server it asks is the one in the sync settings.
  const session = new SessionService({
    people: new PeopleFile(opts.dataDir),
    server: async () => {
      const s = await connection.view();
      return s ? { serverUrl: s.serverUrl, db: s.db } : undefined;
    },
    log,
    onChange: (state) => emit('session.changed', state),
    // The password the server just accepted is that person's push credential (secret store only).
    onServerAccepted: (username, password) => connection.personAccepted(username, password),
  });
  // Who opened which chart: written only while someone is signed in.
  const accessLog = createAccessLog({
    db,
    writes,
    pipeline,
    session: () => session.state(),
    identity: writer,
    log,
  });

  let closing: Promise<void> | undefined;
  const handlers = guardClosed(
    refuseAccessLogEdits(
      observeCalls(
        createHandlers({
          repo,
          patients: new Patients(repo, () => indexer.patients),
          charts: new Charts(repo, indexer, conflicts),
          contacts: new Contacts(repo, writer),
          drafts: new DraftStore(db, writer),
          indexer,
          conflicts,
          connection,
          samples: new SampleLoader(db, writes, writer, emit),
          session,
          accessLog,
          identity: writer,
          host: opts.host,
          dataDir: opts.dataDir,
          version,
          idleLockMs: opts.idleLockMs ?? DEFAULT_IDLE_LOCK_MS,
          log,
        }),
        log,
      ),
      db,
    ),
    () => closing !== undefined,
  );

  const core: Core = {
    // The role's cut around the table, so the services read whole records for their own work and
    // only answers are cut; accesses are logged outside it: a read the role refused was no access.
    // Outermost, the session gate: signed out or locked, nothing but the open calls is answered.
    handlers: gateSession(logAccesses(guardReads(handlers, access, repo), accessLog), {
      state: () => session.state(),
      serverSetUp: async () => (await connection.view()) !== null,
    }),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      // In order: sync stops writing, the indexes save their snapshot, then the database closes.
      closing ??= closeAll(log, [
        () => accessLog.flush(),
        () => connection.close(),
        () => compactor.close(),
        async () => indexStart.stop(),
        () => indexer.close(),
        () => db.close(),
      ]);
      return closing;
    },
  };
  return { core, parts: { db, indexer, connection, writes, pipeline } };
}

/** The screen locks after 5 minutes without use unless the practice sets another time. */
const DEFAULT_IDLE_LOCK_MS = 5 * 60_000;

async function closeAll(log: DiagnosticsLog, steps: Array<() => Promise<void>>): Promise<void> {
  log.info('core closing');
  for (const step of steps) await step();
  log.info('core closed');
  await log.close();
}

/** The local database, or a clear reason why this folder cannot be opened. */
async function openDatabase(dataDir: string): Promise<LocalDb> {
  const db = openLocalDb(dataDir);
  try {
    await db.info();
    return db;
  } catch (err) {
    const message = String((err as Error).message ?? err);
    if (/lock/i.test(message)) {
      throw new Error(`the data folder ${dataDir} is already open in another workstation process; close it first`);
    }
    throw new Error(`the local database in ${dataDir} could not be opened: ${message}`);
  }
}

function eventHub(): { listeners: Set<EventListener>; emit: EventListener } {
  const listeners = new Set<EventListener>();
  const emit: EventListener = <N extends EventName>(name: N, payload: EventPayload<N>) => {
    for (const l of listeners) {
      try {
        l(name, payload);
      } catch {
        // A broken listener (a closed window) must not stop the others.
      }
    }
  };
  return { listeners, emit };
}

/** After close() every call answers 'unavailable' instead of touching a closed database. */
function guardClosed(handlers: Handlers, isClosed: () => boolean): Handlers {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(handlers) as Array<[string, (input: never) => Promise<unknown>]>) {
    out[name] = (input) => {
      if (isClosed()) return Promise.reject(new CallError('unavailable', 'the workstation is closing'));
      return fn(input);
    };
  }
  return out as Handlers;
}
