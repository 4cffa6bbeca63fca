// The header's "who is signed in" (name, role), Lock and Sign out; and the ways the screen locks
// by itself: Ctrl+L anywhere (text fields too) and the practice's idle time.
import { useEffect } from 'react';
import type { SessionState } from '../../shared/contract/outputs';
import { useT } from '../i18n';
import { useApp } from '../stores/app';
import { lockNow, signOutNow } from './actions';
import { isLockShortcut, watchIdle } from './idle';
import './session.css';

type SignedIn = Extract<SessionState, { state: 'signed-in' }>;

export function SessionHeader({ session }: { session: SignedIn }) {
  const { t } = useT('session');
  const { t: ta } = useT('access');
  return (
    <div className="session-header" role="group" aria-label={t('header.region')}>
      <span className="session-who">
        {t('header.who', { name: session.username, role: ta(`roles.${session.role}`) })}
      </span>
      <button
        type="button"
        className="secondary small session-header-button"
        title={t('header.lockShortcut')}
        aria-keyshortcuts="Control+L"
        onClick={() => void lockNow()}
      >
        {t('header.lock')}
      </button>
      <button type="button" className="secondary small session-header-button" onClick={() => void signOutNow()}>
        {t('header.signOut')}
      </button>
    </div>
  );
}

/** While signed in: Ctrl+L locks, and so does `app.info`'s idle time without keyboard or pointer. */
export function useLockTriggers(): void {
  const idleMs = useApp((s) => s.info?.idleLockMs);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isLockShortcut(e)) return;
      e.preventDefault(); // a text field's own Ctrl+L (none today) or the browser's address bar
      e.stopPropagation();
      void lockNow();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => {
    if (!idleMs) return;
    return watchIdle(window, idleMs, () => void lockNow());
  }, [idleMs]);
}
