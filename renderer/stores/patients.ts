// The patient list: a search query and the pages of its answer, fetched as the list scrolls.
// Only the visible windows are ever asked for, so 50,000 patients cost what 100 do.
import { create } from 'zustand';
import type { PatientSummary } from '../../shared/contract/contract';
import { api } from '../client';

export const PAGE_SIZE = 100;
const DEBOUNCE_MS = 150;

type PatientListState = {
  /** What is in the search box. */
  input: string;
  /** The query the pages answer (the input, debounced). */
  query: string;
  total: number | undefined;
  pages: ReadonlyMap<number, PatientSummary[]>;
  /** Pages of the previous answer, shown while a refresh is on its way (no flicker). */
  stale: ReadonlyMap<number, PatientSummary[]>;
  error: string | undefined;
  active: number;
  setInput(text: string): void;
  ensureRange(first: number, last: number): void;
  refresh(): void;
  setActive(index: number): void;
  itemAt(index: number): PatientSummary | undefined;
};

let generation = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const inFlight = new Set<string>();
let lastRange: [number, number] = [0, PAGE_SIZE - 1];

export const usePatients = create<PatientListState>((set, get) => {
  const fetchPage = (page: number) => {
    const gen = generation;
    const key = `${gen}:${page}`;
    if (inFlight.has(key) || get().pages.has(page)) return;
    inFlight.add(key);
    const query = get().query;
    api
      .call('patients.search', { query, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      .then((res) => {
        if (gen !== generation) return; // an older query's answer
        const pages = new Map(get().pages);
        pages.set(page, res.items);
        set({ pages, total: res.total, error: undefined });
      })
      .catch((err: unknown) => {
        if (gen === generation) set({ error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => inFlight.delete(key));
  };

  const restart = (keepVisible: boolean) => {
    generation++;
    const { pages, stale } = get();
    set({ stale: keepVisible ? new Map([...stale, ...pages]) : new Map(), pages: new Map() });
    if (!keepVisible) set({ total: undefined, active: 0 });
    get().ensureRange(...(keepVisible ? lastRange : ([0, PAGE_SIZE - 1] as [number, number])));
  };

  return {
    input: '',
    query: '',
    total: undefined,
    pages: new Map(),
    stale: new Map(),
    error: undefined,
    active: 0,
    setInput(text) {
      set({ input: text });
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (get().query === text.trim() && get().total !== undefined) return;
        set({ query: text.trim() });
        restart(false);
      }, DEBOUNCE_MS);
    },
    ensureRange(first, last) {
      lastRange = [first, last];
      const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const to = Math.floor(Math.max(0, last) / PAGE_SIZE);
      for (let p = from; p <= to; p++) fetchPage(p);
    },
    refresh() {
      restart(true);
    },
    setActive(index) {
      const total = get().total ?? 0;
      set({ active: Math.max(0, Math.min(index, total - 1)) });
    },
    itemAt(index) {
      const page = Math.floor(index / PAGE_SIZE);
      const { pages, stale } = get();
      return (pages.get(page) ?? stale.get(page))?.[index % PAGE_SIZE];
    },
  };
});
