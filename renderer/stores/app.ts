// Who and where: the workstation, user and host, shown in the status bar.
import { create } from 'zustand';
import type { CallOutput } from '../../shared/contract/contract';
import { api } from '../client';

type AppState = {
  info: CallOutput<'app.info'> | undefined;
  error: string | undefined;
  load(): Promise<void>;
};

export const useApp = create<AppState>((set) => ({
  info: undefined,
  error: undefined,
  async load() {
    try {
      set({ info: await api.call('app.info', {}), error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
}));
