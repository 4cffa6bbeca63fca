// The workstation core: plain Node, no Electron. The shell (Electron) or the browser host gives it
// a data folder and a secret store, and wires its handlers and events to a transport.
import { mkdirSync } from 'node:fs';
import type { EventName, EventPayload } from '../../shared/contract/contract';
import { CallError } from '../../shared/contract/errors';
import type { Handlers } from './dispatch';
import { BaseCopies } from './conflicts/base-copies';
import { ConflictService } from './conflicts/service';
import { createHandlers } from './handlers';
import { Indexer } from './index/indexer';
import { Repository } from './records/repository';
import { ConnectionManager } from './connection/manager';
import { adoptLocalRecords, PLACEHOLDER_USER } from './records/adopt';
import { loadIdentity, saveIdentity, type Identity } from './store/identity';
import { limitHeapGrowth } from './heap';
import { openLocalDb } from './store/open';
import { LocalWrites } from './store/writes';
import { SampleLoader } from './samples/load';
import type { Core, CoreOptions, EventListener } from './types';

export async function createCore(opts: CoreOptions): Promise<Core> {
  limitHeapGrowth();
  mkdirSync(opts.dataDir, { recursive: true });
  const { identity: loaded } = await loadIdentity(opts.dataDir);
  let identity: Identity = loaded;
  const db = openLocalDb(opts.dataDir);
  try {
    await db.info();
  } catch (err) {
    const message = String((err as Error).message ?? err);
    if (/lock/i.test(message)) {
      throw new Error(`the data folder ${opts.dataDir} is already open in another workstation process; close it first`);
    }
    throw new Error(`the local database in ${opts.dataDir} could not be opened: ${message}`);
  }
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
  const bases = new BaseCopies(db, () => identity.deviceId);
  const writes = new LocalWrites();
  // The conflict index is created just below; the closure reads it when a record is viewed.
  const repo = new Repository(
    db,
    () => identity,
    Date.now,
    bases,
    (id) => indexer.conflicts.hiddenBranches(id),
    writes,
  );
  const indexer = new Indexer(db, opts.dataDir, {
    changed: (ids, types) => emit('records.changed', { ids, types }),
    conflictsChanged: (count, newIds) => emit('conflicts.changed', { count, newIds }),
  });
  await indexer.start();
  const conflicts = new ConflictService(db, indexer.conflicts, bases, () => identity, Date.now, writes);
  void conflicts.warm();
  const connection = new ConnectionManager({
    db: db as never,
    dataDir: opts.dataDir,
    secrets: opts.secrets,
    onStatus: (status) => emit('sync.status', status),
    onUser: async (username) => {
      if (identity.userId === username) return;
      const first = identity.userId === PLACEHOLDER_USER;
      identity = { ...identity, userId: username, userName: username };
      await saveIdentity(opts.dataDir, identity);
      if (first) await adoptLocalRecords(db, username, identity.deviceId);
    },
    localChanges: (listener) => indexer.onChange(listener),
    ...(opts.syncTuning ? { tuning: opts.syncTuning } : {}),
  });
  await connection.start();
  // What the core itself wrote: shown by the indexes at once, a person's saves pushed at once.
  writes.subscribe((w) => {
    for (const doc of w.docs) indexer.applyLocal(doc);
    if (w.priority) connection.prioritize(w.ids);
  });

  let closing: Promise<void> | undefined;
  const handlers = guardClosed(
    createHandlers({
      repo,
      indexer,
      conflicts,
      connection,
      samples: new SampleLoader(db, writes, () => identity, emit),
      identity: () => identity,
      host: opts.host,
      dataDir: opts.dataDir,
      version: opts.version ?? '0.1.0',
    }),
    () => closing !== undefined,
  );

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        listeners.clear();
        await connection.close();
        await indexer.close();
        await db.close();
      })();
      return closing;
    },
    // exposed for the sync engine and tests through the same object
    ...({ internals: { db, indexer, repo, connection, setIdentity: (next: Identity) => (identity = next) } } as object),
  };
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
