// Who and where: the workstation, user and host, shown in the status bar; and how far its
// indexes are after a start.
import { create } from 'zustand';
import type { CallOutput } from '../../shared/contract/contract';
import { api } from '../client';

type AppState = {
  info: CallOutput<'app.info'> | undefined;
  error: string | undefined;
  /** The indexes' catch-up after a start (lists may miss records while it runs). */
  indexing: CallOutput<'app.indexing'> | undefined;
  load(): Promise<void>;
  setIndexing(progress: CallOutput<'app.indexing'>): void;
};

export const useApp = create<AppState>((set) => ({
  info: undefined,
  error: undefined,
  indexing: undefined,
  async load() {
    try {
      const [info, indexing] = await Promise.all([api.call('app.info', {}), api.call('app.indexing', {})]);
      set({ info, indexing, error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  setIndexing: (indexing) => set({ indexing }),
}));
