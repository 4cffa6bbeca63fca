// Lock and sign out from the app: what open forms typed is saved as drafts first (the forms
// unmount with the lock), then the core is told. The answer updates the session store.
import { api } from '../client';
import { flushDrafts } from '../forms/useDraft';
import { useSession } from './store';

/** A draft still not saved after this long does not keep the screen unlocked. */
const FLUSH_WAIT_MS = 3000;

async function saveDrafts(): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    flushDrafts().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_WAIT_MS))),
  ]);
  clearTimeout(timer);
}

let busy: Promise<void> | undefined;

function leave(call: 'session.lock' | 'session.signOut'): Promise<void> {
  busy ??= (async () => {
    try {
      await saveDrafts();
      useSession.getState().apply(await api.call(call, {}));
    } catch {
      // Whatever happened, show what the core says now rather than a screen it no longer backs.
      await useSession.getState().refresh();
    } finally {
      busy = undefined;
    }
  })();
  return busy;
}

export const lockNow = () => leave('session.lock');
export const signOutNow = () => leave('session.signOut');
