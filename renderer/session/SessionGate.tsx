// Which screen the session allows: starting, sign-in, lock, or the app itself. The app tree is
// keyed by the signed-in session, so each sign-in (or switch) mounts it afresh and any other state
// unmounts it (the stores were reset by the session store in the same update).
import { useEffect, useState, type ReactNode } from 'react';
import type { SessionState } from '../../shared/contract/outputs';
import { useT } from '../i18n';
import { LockScreen } from './LockScreen';
import { SessionLayout } from './SessionLayout';
import { SignInScreen } from './SignInScreen';
import { useSession, wireSession } from './store';

type SignedIn = Extract<SessionState, { state: 'signed-in' }>;

export function SessionGate({ children }: { children(session: SignedIn): ReactNode }) {
  const { t } = useT('session');
  const state = useSession((s) => s.state);
  const error = useSession((s) => s.error);
  useEffect(() => wireSession(), []);
  // "Switch user" pressed on the lock screen of this person; forgotten once someone is signed in.
  const [switchingFrom, setSwitchingFrom] = useState<string | undefined>();
  const signedIn = state?.state === 'signed-in';
  useEffect(() => {
    if (signedIn) setSwitchingFrom(undefined);
  }, [signedIn]);

  if (!state) {
    return (
      <SessionLayout>
        <p className={error ? 'session-refused' : 'muted'} role="status">
          {error ? t('startError', { error }) : t('starting')}
        </p>
      </SessionLayout>
    );
  }
  if (state.state === 'signed-in') {
    return (
      <div key={`${state.username}:${state.since}`} className="app-session">
        {children(state)}
      </div>
    );
  }
  // Switching user and signed out share one sign-in screen at one place in the tree: a switch
  // signs the locked person out before checking the password, and a refusal must stay on screen.
  if (state.state === 'signed-out' || switchingFrom === state.username) {
    const back = state.state === 'locked' ? () => setSwitchingFrom(undefined) : undefined;
    return <SignInScreen onBack={back} />;
  }
  return (
    <LockScreen key={state.username} username={state.username} onSwitch={() => setSwitchingFrom(state.username)} />
  );
}
