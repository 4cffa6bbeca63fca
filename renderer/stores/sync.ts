// Sync with the practice server: the status the core pushes (event 'sync.status'), the saved
// connection (never the password: only whether one is stored), "Sync now" / "Pause" / "Resume",
// and which sync dialog is open (the header, status bar and password banner all open them).
import { create } from 'zustand';
import type { CallOutput } from '../../shared/contract/contract';
import { initialSyncStatus, type SyncStatus } from '../../shared/sync/status';
import { api } from '../client';

export type SyncSettingsView = CallOutput<'sync.settings'>;

/** What the last "Sync now" came to; shown in the panel until the next one. */
export type SyncNowState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; at: number; pendingUp: number }
  | { state: 'failed'; message: string };

type SyncState = {
  status: SyncStatus;
  /** false until the first status arrived (the bar says "…" rather than a guess). */
  loaded: boolean;
  /** undefined until loaded; null when no server was ever set up. */
  settings: SyncSettingsView | undefined;
  error: string | undefined;
  now: SyncNowState;
  /** A pause/resume call on its way (its button is disabled meanwhile). */
  toggling: boolean;
  panelOpen: boolean;
  /** Open, and the field to focus first ('password' when the server refused it). */
  settingsOpen: false | { focus: 'first' | 'password' };
  load(): Promise<void>;
  setStatus(status: SyncStatus): void;
  setSettings(settings: SyncSettingsView): void;
  syncNow(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  openPanel(): void;
  closePanel(): void;
  openSettings(focus?: 'first' | 'password'): void;
  closeSettings(): void;
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useSync = create<SyncState>((set, get) => ({
  status: initialSyncStatus,
  loaded: false,
  settings: undefined,
  error: undefined,
  now: { state: 'idle' },
  toggling: false,
  panelOpen: false,
  settingsOpen: false,
  async load() {
    try {
      const [settings, status] = await Promise.all([api.call('sync.settings', {}), api.call('sync.status', {})]);
      set({ settings, status, loaded: true, error: undefined });
    } catch (err) {
      set({ error: message(err) });
    }
  },
  setStatus: (status) => set({ status, loaded: true }),
  setSettings: (settings) => set({ settings }),
  async syncNow() {
    if (get().now.state === 'running') return;
    set({ now: { state: 'running' } });
    try {
      // Resolves only once a pull and a push begun after the call have both completed.
      const res = await api.call('sync.now', {});
      set({ now: { state: 'done', at: Date.now(), pendingUp: res.pendingUp } });
    } catch (err) {
      set({ now: { state: 'failed', message: message(err) } });
    }
  },
  async pause() {
    set({ toggling: true });
    try {
      set({ status: await api.call('sync.pause', {}), error: undefined });
    } catch (err) {
      set({ error: message(err) });
    } finally {
      set({ toggling: false });
    }
  },
  async resume() {
    set({ toggling: true });
    try {
      set({ status: await api.call('sync.resume', {}), error: undefined });
    } catch (err) {
      set({ error: message(err) });
    } finally {
      set({ toggling: false });
    }
  },
  openPanel: () => set({ panelOpen: true, settingsOpen: false }),
  closePanel: () => set({ panelOpen: false }),
  openSettings: (focus = 'first') => set({ settingsOpen: { focus }, panelOpen: false }),
  closeSettings: () => set({ settingsOpen: false }),
}));
