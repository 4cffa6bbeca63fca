// The sign-in form: user name and password, checked by the core (offline against the stored
// verifier, online by the practice server). Also "switch user" from the lock screen: signIn
// signs the locked person out first. A refusal says why in the person's language.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../client';
import { useT } from '../i18n';
import { SessionField } from './Field';
import { useSession } from './store';
import { useRefusal } from './useRefusal';

export function SignInForm({ onBack }: { onBack?: () => void }) {
  const { t } = useT('session');
  const messageId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const refusal = useRefusal(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);

  // The wait is over: back to the password box (it was disabled, so the focus had left it).
  const waiting = refusal.waiting;
  useEffect(() => {
    if (!waiting && refusal.message) passwordRef.current?.focus();
  }, [waiting, refusal.message]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || waiting) return;
    if (!username.trim() || !password) {
      refusal.say(t('errors.invalid'));
      (username.trim() ? passwordRef : usernameRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const state = await api.call('session.signIn', { username: username.trim(), password });
      useSession.getState().apply(state);
    } catch (err) {
      setPassword('');
      refusal.refused(err);
      setBusy(false);
      passwordRef.current?.focus();
    }
  };

  const message = refusal.message;
  return (
    <form className="session-form" aria-label={t('signIn.title')} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('signIn.title')}</h2>
      <p className="muted">{t('signIn.intro')}</p>
      <fieldset disabled={busy || waiting}>
        <SessionField
          label={t('signIn.username')}
          type="text"
          autoComplete="username"
          autoFocus
          inputRef={usernameRef}
          value={username}
          onChange={setUsername}
        />
        <SessionField
          label={t('signIn.password')}
          type="password"
          autoComplete="current-password"
          inputRef={passwordRef}
          value={password}
          onChange={setPassword}
          invalid={message !== undefined}
          describedBy={message ? messageId : undefined}
        />
      </fieldset>
      <Refused id={messageId} message={message} waitLeft={refusal.waitLeft} />
      <div className="form-actions">
        <button type="submit" disabled={busy || waiting}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
        {onBack && (
          <button type="button" className="secondary" onClick={onBack}>
            {t('signIn.back')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The refusal (announced once, as an alert) and the wait left (not announced every second). */
export function Refused({
  id,
  message,
  waitLeft,
}: {
  id: string;
  message?: string | undefined;
  waitLeft?: string | undefined;
}) {
  const { t } = useT('session');
  return (
    <>
      <p id={id} className="session-refused" role="alert">
        {message && (
          <>
            <span aria-hidden="true">⚠ </span>
            {message}
          </>
        )}
      </p>
      {waitLeft && <p className="session-wait">{t('wait.left', { time: waitLeft })}</p>}
    </>
  );
}
