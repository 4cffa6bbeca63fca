// Leaving a form with unsaved changes asks first: another view (a click on another patient, the
// Escape key, Cancel) through the navigation's guard, and closing or reloading the page through the
// browser's own prompt. What is typed is kept as a draft by the core meanwhile (useDraft), so a
// crash loses nothing either; leaving on purpose discards it.
import { useCallback, useEffect, useRef } from 'react';
import { setLeaveGuard, type View } from '../stores/navigation';

export type LeaveGuardOptions = {
  /** The question asked, already translated. */
  question: string;
  /** Called when the person chose to leave (e.g. to discard the draft). */
  onLeave?: () => void;
};

/**
 * While `dirty`, leaving asks `question`. Returns `leaveFreely(then)`, for a form that has just
 * saved: it runs `then` (usually a navigation) without asking.
 */
export function useLeaveGuard(dirty: boolean, options: LeaveGuardOptions): (then: () => void) => void {
  const state = useRef({ dirty, options, free: false });
  state.current.dirty = dirty;
  state.current.options = options;

  useEffect(() => {
    const off = setLeaveGuard((next: View) => {
      void next;
      const s = state.current;
      if (s.free || !s.dirty) return true;
      // A blocking question on purpose: the navigation waits for the answer, nothing else can run.
      const leave = window.confirm(s.options.question);
      if (leave) s.options.onLeave?.();
      return leave;
    });
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (state.current.free || !state.current.dirty) return;
      e.preventDefault();
      e.returnValue = ''; // Chromium shows its own text; setting it is what makes it ask
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      off();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);

  return useCallback((then: () => void) => {
    state.current.free = true;
    try {
      then();
    } finally {
      state.current.free = false;
    }
  }, []);
}
