// Conflicted records: the count for the status bar, the inbox listing, the "new conflict" notice
// and the polite announcements of the conflicts screens (kept here so they outlive the screen).
import { create } from 'zustand';
import type { InboxEntry } from '../../shared/contract/contract';
import { api } from '../client';
import { entryTitle } from '../conflicts/title';
import { t } from '../conflicts/tr';

export type ConflictNotice = { ids: string[]; titles: string[] };

type ConflictsState = {
  /** undefined until the first answer */
  count: number | undefined;
  items: InboxEntry[];
  loading: boolean;
  error: string | undefined;
  /** records that have just become conflicted, until dismissed */
  notice: ConflictNotice | undefined;
  /** last message for the polite live region (e.g. "conflict resolved") */
  announcement: string;
  /** Lists again; answers what this listing found (undefined when it failed). */
  refresh(): Promise<InboxEntry[] | undefined>;
  changed(count: number, newIds: string[]): void;
  dismissNotice(): void;
  announce(message: string): void;
};

let seq = 0;

export const useConflicts = create<ConflictsState>((set, get) => ({
  count: undefined,
  items: [],
  loading: false,
  error: undefined,
  notice: undefined,
  announcement: '',
  async refresh() {
    const mine = ++seq;
    set({ loading: true });
    try {
      const res = await api.call('conflicts.list', {});
      if (mine === seq) set({ count: res.count, items: res.items, loading: false, error: undefined });
      return res.items;
    } catch (err) {
      if (mine === seq) set({ loading: false, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  },
  changed(count, newIds) {
    set({ count });
    void get()
      .refresh()
      .then((items) => {
        if (newIds.length === 0 || !items) return;
        // Only those still conflicted when this listing answered (not the store's items: a later
        // event's listing may have superseded this one's and not answered yet, and the notice was
        // lost): a notice for a settled one would mislead.
        const fresh = newIds.flatMap((id) => items.filter((i) => i.id === id));
        if (fresh.length === 0) return;
        const before = get().notice;
        const ids = [...new Set([...(before?.ids ?? []), ...fresh.map((i) => i.id)])];
        const titles = ids.map((id) => {
          const item = items.find((i) => i.id === id);
          return item ? entryTitle(item) : t('conflicts:titles.aRecord');
        });
        set({ notice: { ids, titles } });
      });
  },
  dismissNotice: () => set({ notice: undefined }),
  announce: (message) => set({ announcement: message }),
}));

/** Nothing listed (the screen locked or the person signed out); a listing on its way is dropped. */
export function resetConflicts(): void {
  seq++;
  useConflicts.setState(useConflicts.getInitialState(), true);
}
