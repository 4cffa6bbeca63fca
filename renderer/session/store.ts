// Who is at the keyboard, as the core says: asked on start, after each sign-in call, on the core's
// 'session.changed' event (it may lock by itself) and whenever a call answers 'unauthenticated'.
// Leaving a signed-in session (lock, sign-out, switch) resets every store in the same update, so
// the app tree unmounts with nothing of a patient left behind.
import { create } from 'zustand';
import type { SessionState } from '../../shared/contract/outputs';
import { api, onUnauthenticated } from '../client';
import { useConnection } from '../stores/connection';
import { resetStores } from './reset';

type SessionStore = {
  /** undefined until the core first answered. */
  state: SessionState | undefined;
  /** Why the core could not be asked (shown on the start screen). */
  error: string | undefined;
  apply(next: SessionState): void;
  refresh(): Promise<void>;
};

/** The same signed-in session (same person, same sign-in): anything else starts afresh. */
export function sameSession(a: SessionState | undefined, b: SessionState): boolean {
  return a?.state === 'signed-in' && b.state === 'signed-in' && a.username === b.username && a.since === b.since;
}

let asking: Promise<void> | undefined;

export const useSession = create<SessionStore>((set, get) => ({
  state: undefined,
  error: undefined,
  apply(next) {
    const before = get().state;
    if (before?.state === 'signed-in' && !sameSession(before, next)) resetStores();
    set({ state: next, error: undefined });
  },
  refresh() {
    // Several calls refused at once ask once.
    asking ??= api
      .call('session.state', {})
      .then(
        (s) => get().apply(s),
        (err: unknown) => set({ error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => (asking = undefined));
    return asking;
  },
}));

/** Ask once now, then follow the core's events; returns the unsubscribe (the app's lifetime). */
export function wireSession(): () => void {
  void useSession.getState().refresh();
  const offChanged = api.on('session.changed', (s) => useSession.getState().apply(s));
  const offRefused = onUnauthenticated(() => void useSession.getState().refresh());
  // After a reconnect the host may have restarted (signed out): ask again.
  const offConnection = useConnection.subscribe((now, before) => {
    if (now.state === 'connected' && before.state !== 'connected') void useSession.getState().refresh();
  });
  return () => {
    offChanged();
    offRefused();
    offConnection();
  };
}
