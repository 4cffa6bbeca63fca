// "Set up this workstation": offered while nobody has signed in here and no practice server is set
// up (session.firstRun). The person creates their own account, the workstation's owner (a doctor),
// and is signed in; the core refuses it once anyone is known here or a server is set up. Problems
// are shown under the field they concern, in the person's language.
import { useId, useRef, useState, type FormEvent } from 'react';
import { RemoteCallError } from '../../shared/contract/errors';
import { api } from '../client';
import { useT } from '../i18n';
import { SessionField } from './Field';
import { Refused } from './SignInForm';
import { MIN_SETUP_PASSWORD, setUpProblem, type SetUpProblem } from './setup-check';
import { useSession } from './store';

type Field = SetUpProblem['field'];

export function SetUpForm() {
  const { t } = useT('session');
  const headingId = useId();
  const messageId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<SetUpProblem | undefined>();
  const [refused, setRefused] = useState<string | undefined>();
  const refs = {
    username: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  };

  const errorOf = (field: Field): string | undefined => {
    if (problem?.field !== field) return undefined;
    if (problem.why === 'username') return t('firstRun.errors.username');
    if (problem.why === 'short') return t('firstRun.errors.short', { min: MIN_SETUP_PASSWORD });
    return t('firstRun.errors.mismatch');
  };

  const show = (p: SetUpProblem) => {
    setProblem(p);
    refs[p.field].current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setRefused(undefined);
    const found = setUpProblem(username, password, repeat);
    if (found) return show(found);
    setProblem(undefined);
    setBusy(true);
    try {
      const state = await api.call('session.setUp', { username: username.trim(), password });
      useSession.getState().apply(state);
    } catch (err) {
      setBusy(false);
      const p = coreProblem(err);
      if (p) return show(p);
      setRefused(refusalText(err, t));
    }
  };

  return (
    <form
      className="session-form session-first-run"
      aria-labelledby={headingId}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2 id={headingId}>{t('firstRun.title')}</h2>
      <p className="muted">{t('firstRun.intro')}</p>
      <fieldset disabled={busy}>
        <SessionField
          label={t('firstRun.username')}
          type="text"
          autoComplete="username"
          autoFocus
          inputRef={refs.username}
          value={username}
          onChange={setUsername}
          error={errorOf('username')}
        />
        <SessionField
          label={t('firstRun.password')}
          type="password"
          autoComplete="new-password"
          inputRef={refs.password}
          value={password}
          onChange={setPassword}
          hint={t('firstRun.passwordHint', { min: MIN_SETUP_PASSWORD })}
          error={errorOf('password')}
        />
        <SessionField
          label={t('firstRun.repeat')}
          type="password"
          autoComplete="new-password"
          inputRef={refs.repeat}
          value={repeat}
          onChange={setRepeat}
          error={errorOf('repeat')}
        />
      </fieldset>
      <Refused id={messageId} message={refused} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('firstRun.creating') : t('firstRun.submit')}
        </button>
      </div>
    </form>
  );
}

/** A refusal of the core that concerns one field (its own checks, should this renderer differ). */
function coreProblem(err: unknown): SetUpProblem | undefined {
  if (!(err instanceof RemoteCallError)) return undefined;
  if (err.code === 'validation' && err.fields?.password) return { field: 'password', why: 'short' };
  if (err.code === 'invalid-input' && err.fields?.username) return { field: 'username', why: 'username' };
  return undefined;
}

function refusalText(err: unknown, t: ReturnType<typeof useT>['t']): string {
  if (err instanceof RemoteCallError && err.code === 'forbidden') return t('firstRun.errors.alreadySetUp');
  if (err instanceof RemoteCallError && err.code === 'unavailable') return t('errors.unavailable');
  return t('firstRun.errors.other', { error: err instanceof Error ? err.message : String(err) });
}
