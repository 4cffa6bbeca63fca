// The open patient's chart, reloaded when its records change (here or by replication).
import { create } from 'zustand';
import type { CallOutput } from '../../shared/contract/contract';
import { api } from '../client';

export type ChartData = CallOutput<'chart.open'>;

type ChartState = {
  patientId: string | undefined;
  data: ChartData | undefined;
  loading: boolean;
  error: string | undefined;
  open(patientId: string): Promise<void>;
  reload(): Promise<void>;
};

let seq = 0;

export const useChart = create<ChartState>((set, get) => ({
  patientId: undefined,
  data: undefined,
  loading: false,
  error: undefined,
  async open(patientId) {
    const mine = ++seq;
    const same = get().patientId === patientId;
    set({ patientId, loading: true, error: undefined, ...(same ? {} : { data: undefined }) });
    try {
      const data = await api.call('chart.open', { patientId });
      if (mine === seq) set({ data, loading: false });
    } catch (err) {
      if (mine === seq) set({ loading: false, error: err instanceof Error ? err.message : String(err) });
    }
  },
  async reload() {
    const id = get().patientId;
    if (id) await get().open(id);
  },
}));

/** Close a clinical record (health element, contact) by its current revision, then refresh. */
export async function closeRecord(id: string, rev: string): Promise<void> {
  await api.call('records.close', { id, rev });
  await useChart.getState().reload();
}
