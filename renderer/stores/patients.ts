// The patient list: a search query and the pages of its answer, fetched as the list scrolls.
// Only the visible windows are ever asked for, so 50,000 patients cost what 100 do. While a new
// query runs the previous answer stays on screen (no blank list on every keystroke), and the
// highlighted row follows the open chart, wherever the chart was opened from.
import { create } from 'zustand';
import type { PatientSummary } from '../../shared/contract/contract';
import { api } from '../client';

export const PAGE_SIZE = 100;
const DEBOUNCE_MS = 150;

type PatientListState = {
  /** What is in the search box. */
  input: string;
  /** The query being asked (the input, debounced). */
  query: string;
  /** The query the rows on screen answer; differs from `query` while a search runs. */
  answered: string | undefined;
  total: number | undefined;
  pages: ReadonlyMap<number, PatientSummary[]>;
  /** Pages of the previous answer, shown while a refresh or a new search is on its way. */
  stale: ReadonlyMap<number, PatientSummary[]>;
  error: string | undefined;
  /** The highlighted row (-1: none). */
  active: number;
  /** The patient the highlight follows: the open chart's (none while the person moves it). */
  followId: string | undefined;
  setInput(text: string): void;
  ensureRange(first: number, last: number): void;
  refresh(): void;
  setActive(index: number): void;
  /** Highlight the row of this patient (when loaded) now and after each answer. */
  follow(id: string | undefined): number;
  itemAt(index: number): PatientSummary | undefined;
};

let generation = 0;
/** The generation whose first answer replaces the previous query's rows. */
let replacing = -1;
let timer: ReturnType<typeof setTimeout> | undefined;
const inFlight = new Set<string>();
let lastRange: [number, number] = [0, PAGE_SIZE - 1];

function indexOf(pages: ReadonlyMap<number, PatientSummary[]>, id: string): number {
  for (const [page, items] of pages) {
    const i = items.findIndex((p) => p.id === id);
    if (i >= 0) return page * PAGE_SIZE + i;
  }
  return -1;
}

export const usePatients = create<PatientListState>((set, get) => {
  const locate = (pages: ReadonlyMap<number, PatientSummary[]>, stale: ReadonlyMap<number, PatientSummary[]>) => {
    const id = get().followId;
    if (!id) return get().active;
    const i = indexOf(pages, id);
    return i >= 0 ? i : indexOf(stale, id);
  };

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
        // A new query's first answer takes the place of the previous query's rows at once.
        const fresh = replacing === gen;
        const stale = fresh ? new Map<number, PatientSummary[]>() : get().stale;
        if (fresh) replacing = -1;
        const active = fresh && !get().followId ? -1 : locate(pages, stale);
        set({ pages, stale, total: res.total, answered: query, error: undefined, active });
      })
      .catch((err: unknown) => {
        if (gen === generation) set({ error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => inFlight.delete(key));
  };

  const restart = (newQuery: boolean) => {
    generation++;
    const { pages, stale } = get();
    set({ stale: new Map([...stale, ...pages]), pages: new Map() });
    if (newQuery) replacing = generation;
    get().ensureRange(...(newQuery ? ([0, PAGE_SIZE - 1] as [number, number]) : lastRange));
  };

  return {
    input: '',
    query: '',
    answered: undefined,
    total: undefined,
    pages: new Map(),
    stale: new Map(),
    error: undefined,
    active: -1,
    followId: undefined,
    setInput(text) {
      set({ input: text });
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (get().query === text.trim() && get().total !== undefined) return;
        set({ query: text.trim() });
        restart(true);
      }, DEBOUNCE_MS);
    },
    ensureRange(first, last) {
      lastRange = [first, last];
      const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const to = Math.floor(Math.max(0, last) / PAGE_SIZE);
      for (let p = from; p <= to; p++) fetchPage(p);
    },
    refresh() {
      restart(false);
    },
    setActive(index) {
      // The person moves the highlight (arrow keys): it no longer follows the chart until
      // `follow` is called again (a chart opens, the list loses focus).
      const total = get().total ?? 0;
      set({ active: Math.max(-1, Math.min(index, total - 1)), followId: undefined });
    },
    follow(id) {
      set({ followId: id });
      const active = id ? locate(get().pages, get().stale) : get().active;
      set({ active });
      return active;
    },
    itemAt(index) {
      if (index < 0) return undefined;
      const page = Math.floor(index / PAGE_SIZE);
      const { pages, stale } = get();
      return (pages.get(page) ?? stale.get(page))?.[index % PAGE_SIZE];
    },
  };
});

/**
 * Back to the empty list (the screen locked or the person signed out): answers still on their way
 * belong to an older generation and are dropped, so no row comes back after the reset.
 */
export function resetPatients(): void {
  generation++;
  replacing = -1;
  if (timer) clearTimeout(timer);
  timer = undefined;
  inFlight.clear();
  lastRange = [0, PAGE_SIZE - 1];
  usePatients.setState(usePatients.getInitialState(), true);
}
