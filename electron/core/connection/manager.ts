// Owns the sync engine's life: starts it from the saved settings, restarts it when they change,
// and turns its status into contract events. Credentials stay here; the renderer only ever
// learns whether a password is stored.
import { initialSyncStatus, type SyncStatus } from '../../../shared/sync/status';
import { CallError } from '../../../shared/contract/errors';
import {
  createSyncEngine,
  type PriorityItem,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncTuning,
} from '../sync/engine';
import type { PushPeople } from '../sync/per-person';
import type { Db } from '../sync/types';
import type { SecretStore } from '../types';
import { loadSettings, passwordKey, saveSettings, type ConnectionSettings } from './settings';
import { testConnection, type ConnectionResult } from './test-connection';

export type SettingsView = {
  serverUrl: string;
  db: string;
  username: string;
  hasPassword: boolean;
  enabled: boolean;
} | null;

export type ConnectionManagerOptions = {
  db: Db;
  dataDir: string;
  secrets: SecretStore;
  onStatus: (status: SyncStatus) => void;
  /** The user the workstation writes as changes with the login. */
  onUser: (username: string) => Promise<void>;
  tuning?: Partial<SyncTuning>;
  /** The core's feed of local changes, shared with the engine (see SyncEngineOptions). */
  localChanges: SyncEngineOptions['localChanges'];
  /** The server refused this person's push credential (their password was changed there). */
  onPersonRefused?: (username: string) => void;
};

const EMIT_EVERY_MS = 100;

export class ConnectionManager {
  private engine: SyncEngine | undefined;
  private settings: ConnectionSettings | undefined;
  private status: SyncStatus = initialSyncStatus;
  private emitTimer: NodeJS.Timeout | undefined;
  private lastEmit = 0;

  constructor(private readonly o: ConnectionManagerOptions) {}

  async start(): Promise<void> {
    this.settings = await loadSettings(this.o.dataDir);
    if (this.settings?.enabled) await this.startEngine();
  }

  async view(): Promise<SettingsView> {
    const s = this.settings;
    if (!s) return null;
    const password = await this.o.secrets.get(passwordKey(s));
    return {
      serverUrl: s.serverUrl,
      db: s.db,
      username: s.username,
      enabled: s.enabled,
      hasPassword: password !== undefined,
    };
  }

  current(): SyncStatus {
    return this.engine?.status() ?? this.status;
  }

  async test(target: {
    serverUrl: string;
    db: string;
    username: string;
    password?: string | undefined;
  }): Promise<ConnectionResult> {
    const password = target.password ?? (await this.storedPassword(target));
    if (password === undefined)
      return { ok: false, reason: 'wrong-password', message: 'Enter the password for this user.' };
    return testConnection({ serverUrl: target.serverUrl, db: target.db, username: target.username, password });
  }

  /** Save new settings (the password only if given) and reconnect with them. */
  async save(next: {
    serverUrl: string;
    db: string;
    username: string;
    password?: string | undefined;
    enabled: boolean;
  }): Promise<SettingsView> {
    const settings: ConnectionSettings = {
      serverUrl: next.serverUrl.replace(/\/+$/, ''),
      db: next.db,
      username: next.username,
      enabled: next.enabled,
    };
    if (next.password === undefined && settings.enabled && (await this.storedPassword(settings)) === undefined) {
      throw new CallError('validation', 'enter the password for this user', { password: 'enter the password' });
    }
    await saveSettings(this.o.dataDir, settings, this.o.secrets, next.password);
    this.settings = settings;
    await this.stopEngine();
    await this.o.onUser(settings.username);
    if (settings.enabled) await this.startEngine();
    else this.publish({ ...initialSyncStatus });
    return this.view();
  }

  async syncNow(): Promise<{ pendingUp: number }> {
    if (!this.engine)
      throw new CallError('unavailable', 'sync is not set up: enter the practice server in the connection settings');
    try {
      return await this.engine.syncNow();
    } catch (err) {
      throw new CallError('unavailable', `sync did not complete: ${(err as Error).message}`);
    }
  }

  pause(): SyncStatus {
    this.requireEngine().pause();
    return this.current();
  }

  resume(): SyncStatus {
    this.requireEngine().resume();
    return this.current();
  }

  /** A clinician's write: send it ahead of any bulk transfer. */
  prioritize(items: ReadonlyArray<PriorityItem>): void {
    this.engine?.prioritize(items);
  }

  /**
   * The server accepted this person's password at sign-in: it becomes their push credential (in the
   * secret store only, under the sync settings' key for them), and what waited for it goes up.
   */
  async personAccepted(username: string, password: string): Promise<void> {
    const s = this.settings;
    if (!s) return;
    const key = passwordKey({ serverUrl: s.serverUrl, username });
    const before = await this.o.secrets.get(key);
    if (before !== password) await this.o.secrets.set(key, password);
    // The settings' own user: the engine's credential too (it may have been refused as outdated).
    if (username === s.username && before !== password) this.engine?.setCredentials({ username, password });
    this.engine?.personAccepted(username);
  }

  networkChanged(): Record<string, never> {
    this.engine?.networkChanged();
    return {};
  }

  /** The engine's rounds and counters, for tests and benchmarks (null when sync is not set up). */
  diagnostics(): ReturnType<SyncEngine['diagnostics']> | null {
    return this.engine?.diagnostics() ?? null;
  }

  async close(): Promise<void> {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.stopEngine();
  }

  private requireEngine(): SyncEngine {
    if (!this.engine)
      throw new CallError('unavailable', 'sync is not set up: enter the practice server in the connection settings');
    return this.engine;
  }

  private async storedPassword(s: { serverUrl: string; username: string }): Promise<string | undefined> {
    return this.o.secrets.get(passwordKey({ serverUrl: s.serverUrl.replace(/\/+$/, ''), username: s.username }));
  }

  private async startEngine(): Promise<void> {
    const s = this.settings!;
    const password = (await this.storedPassword(s)) ?? '';
    const opts: Parameters<typeof createSyncEngine>[0] = {
      local: this.o.db,
      remoteUrl: s.serverUrl,
      db: s.db,
      credentials: { username: s.username, password },
      people: this.people(s),
      onStatus: (status) => this.publish(status),
      localChanges: this.o.localChanges,
    };
    if (this.o.tuning) opts.tuning = this.o.tuning;
    this.engine = createSyncEngine(opts);
    this.engine.start();
  }

  /** Each person's push credential, read from the secret store when their documents go up. */
  private people(s: ConnectionSettings): PushPeople {
    const key = (username: string) => passwordKey({ serverUrl: s.serverUrl, username });
    return {
      password: (username) => this.o.secrets.get(key(username)),
      refused: async (username, password) => {
        // Only the password refused: a new one stored by a sign-in meanwhile stays.
        if ((await this.o.secrets.get(key(username))) !== password) return;
        await this.o.secrets.delete(key(username));
        this.o.onPersonRefused?.(username);
      },
    };
  }

  private async stopEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await engine.stop();
  }

  /** Sends a status held back by the 100 ms pacing now (an export must hold the status it shows). */
  flushStatus(): void {
    if (!this.emitTimer) return;
    clearTimeout(this.emitTimer);
    this.emitTimer = undefined;
    this.lastEmit = Date.now();
    this.o.onStatus(this.status);
  }

  /** Status events at most every 100 ms (a long pull reports progress constantly), always the latest. */
  private publish(status: SyncStatus): void {
    this.status = status;
    const wait = this.lastEmit + EMIT_EVERY_MS - Date.now();
    if (wait <= 0) {
      this.lastEmit = Date.now();
      this.o.onStatus(status);
      return;
    }
    this.emitTimer ??= setTimeout(() => {
      this.emitTimer = undefined;
      this.lastEmit = Date.now();
      this.o.onStatus(this.status);
    }, wait);
  }
}
