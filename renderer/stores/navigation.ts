// What the right-hand side shows: nothing, a chart, or one of the editors.
import { create } from 'zustand';

export type View =
  | { kind: 'none' }
  | { kind: 'chart'; patientId: string }
  | { kind: 'newPatient' }
  | { kind: 'editPatient'; patientId: string }
  | { kind: 'newContact'; patientId: string }
  /** Correcting a saved contact. */
  | { kind: 'editContact'; patientId: string; contactId: string }
  | { kind: 'conflicts' }
  /** The merge screen of one conflicted record; `patientId`: whose chart to go back to. */
  | { kind: 'merge'; id: string; patientId?: string }
  /** A record's revisions and past resolutions; `title` names the record on screen. */
  | { kind: 'history'; id: string; patientId: string; title: string };

/** Asked before the view changes; false keeps the current one (a form with unsaved changes). */
export type LeaveGuard = (next: View) => boolean;
let leaveGuard: LeaveGuard | undefined;

/** Installs the guard of the form on screen; returns its removal. One form is on screen at a time. */
export function setLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = undefined;
  };
}

export const useNavigation = create<{ view: View; go(view: View): void }>((set) => ({
  view: { kind: 'none' },
  go: (view) => {
    if (leaveGuard && !leaveGuard(view)) return;
    set({ view });
  },
}));

/** The patient a view is about (a chart, its editors, a record's history or merge), if any. */
export function openPatientId(view: View): string | undefined {
  switch (view.kind) {
    case 'chart':
    case 'editPatient':
    case 'newContact':
    case 'editContact':
    case 'history':
    case 'merge':
      return view.patientId;
    default:
      return undefined;
  }
}
