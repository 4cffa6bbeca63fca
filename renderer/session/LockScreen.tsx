// Locked: who locked it, their password to unlock, or "switch user" (SessionGate then shows the
// sign-in form; signing in signs the locked person out). Nothing of a patient is here: the stores were reset on the way.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../client';
import { useT } from '../i18n';
import { SessionField } from './Field';
import { SessionLayout } from './SessionLayout';
import { Refused } from './SignInForm';
import { useSession } from './store';
import { useRefusal } from './useRefusal';

export function LockScreen({ username, onSwitch }: { username: string; onSwitch(): void }) {
  return (
    <SessionLayout>
      <UnlockForm username={username} onSwitch={onSwitch} />
    </SessionLayout>
  );
}

function UnlockForm({ username, onSwitch }: { username: string; onSwitch(): void }) {
  const { t } = useT('session');
  const messageId = useId();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const refusal = useRefusal(true);
  const passwordRef = useRef<HTMLInputElement>(null);
  const title = t('lock.title', { name: username });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || refusal.waiting) return;
    if (!password) {
      refusal.say(t('errors.invalid'));
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      useSession.getState().apply(await api.call('session.unlock', { password }));
    } catch (err) {
      setPassword('');
      refusal.refused(err);
      setBusy(false);
      passwordRef.current?.focus();
    }
  };

  return (
    <form className="session-form" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{title}</h2>
      <p className="muted">{t('lock.intro', { name: username })}</p>
      <fieldset disabled={busy || refusal.waiting}>
        <SessionField
          label={t('lock.password')}
          type="password"
          autoComplete="current-password"
          autoFocus
          inputRef={passwordRef}
          value={password}
          onChange={setPassword}
          invalid={refusal.message !== undefined}
          describedBy={refusal.message ? messageId : undefined}
        />
      </fieldset>
      <Refused id={messageId} message={refusal.message} waitLeft={refusal.waitLeft} />
      <div className="form-actions">
        <button type="submit" disabled={busy || refusal.waiting}>
          {busy ? t('lock.unlocking') : t('lock.unlock')}
        </button>
        <button type="button" className="secondary" onClick={onSwitch}>
          {t('lock.switchUser')}
        </button>
      </div>
    </form>
  );
}
