// What the right-hand side shows: nothing, a chart, or one of the editors.
import { create } from 'zustand';

export type View =
  | { kind: 'none' }
  | { kind: 'chart'; patientId: string }
  | { kind: 'newPatient' }
  | { kind: 'editPatient'; patientId: string }
  | { kind: 'newContact'; patientId: string }
  | { kind: 'conflicts' }
  /** The merge screen of one conflicted record; `patientId`: whose chart to go back to. */
  | { kind: 'merge'; id: string; patientId?: string }
  /** A record's revisions and past resolutions; `title` names the record on screen. */
  | { kind: 'history'; id: string; patientId: string; title: string };

export const useNavigation = create<{ view: View; go(view: View): void }>((set) => ({
  view: { kind: 'none' },
  go: (view) => set({ view }),
}));
