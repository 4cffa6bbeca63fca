// Loading the synthetic sample patients into an empty database, with progress.
import { create } from 'zustand';
import { api } from '../client';

type SamplesState = {
  running: boolean;
  done: number;
  total: number;
  error: string | undefined;
  load(patients: number, contactsPerPatient: number): Promise<void>;
  progress(done: number, total: number): void;
};

export const useSamples = create<SamplesState>((set, get) => ({
  running: false,
  done: 0,
  total: 0,
  error: undefined,
  async load(patients, contactsPerPatient) {
    if (get().running) return;
    set({ running: true, done: 0, total: patients, error: undefined });
    try {
      await api.call('samples.load', { patients, contactsPerPatient });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    } finally {
      set({ running: false });
    }
  },
  progress: (done, total) => set({ done, total }),
}));
