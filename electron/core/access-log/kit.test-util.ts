// A workstation core for the access-log suites: real PouchDB in a temp folder, synced with the
// practice server as `sync` (the push credential), who is signed in first; tests switch to others.
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/contract';
import { fileSecretStore } from '../../host/file-secrets';
import type { PracticeServer } from '../../testing/practice';
import { tempDir } from '../../testing/temp';
import { waitSynced } from '../../testing/sync-kit';
import { openCore, type CoreParts } from '../core';
import type { Core } from '../types';
import { PREFIX } from './ids';

export type Station = {
  core: Core;
  parts: CoreParts;
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** The access-log documents on this workstation's disk. */
  logs(): Promise<Array<Record<string, unknown>>>;
  synced(label: string): Promise<boolean>;
  close(): Promise<void>;
};

export async function station(server: PracticeServer, sync?: { username: string; password: string }): Promise<Station> {
  const t = await tempDir('cw-access-log-');
  const { core, parts } = await openCore({
    dataDir: t.dir,
    host: 'browser',
    secrets: fileSecretStore(t.dir),
    syncTuning: { backoffBaseMs: 100, probeIntervalMs: 200 },
  });
  const call = <N extends CallName>(name: N, input: CallInput<N>) =>
    (core.handlers[name] as (i: unknown) => Promise<CallOutput<N>>)(input);
  // The sync user signs in first (their first sign-in here goes through the server, as in a clinic).
  if (sync) {
    await call('sync.saveSettings', { serverUrl: server.url, db: server.db, ...sync, enabled: true });
    await call('session.signIn', sync);
  }
  let closed = false;
  return {
    core,
    parts,
    call,
    logs: async () => {
      const res = await parts.db.allDocs({ startkey: PREFIX, endkey: `${PREFIX}\uffff`, include_docs: true });
      return res.rows.flatMap((r) => ('doc' in r && r.doc ? [r.doc as Record<string, unknown>] : []));
    },
    synced: async (label) => {
      await call('sync.now', {});
      return waitSynced(() => call('sync.status', {}), 20_000, label, 50);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await core.close();
      await t.remove();
    },
  };
}

export async function newPatient(s: Station, lastName: string): Promise<string> {
  const view = await s.call('records.save', { doc: { type: 'patient', firstName: 'Anne', lastName } });
  return view.doc._id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first defined answer of `check` (polled), or a timeout naming `label`. */
export async function until<T>(check: () => Promise<T | undefined>, label: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${label}`);
    await sleep(25);
  }
}
