// Connection settings: server address, practice database, user, password (never shown back:
// only "a password is stored"), the Enabled switch, "Test connection" and Save (which reconnects).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../client';
import { useT } from '../i18n';
import { formErrorsFrom, submitForm } from '../forms/errors';
import { useApp } from '../stores/app';
import { useSync } from '../stores/sync';
import { CheckField, FormMessage, TextField } from '../ui/fields';
import { needsPassword, testResultText, type TestResult } from './format';
import { Modal } from './Modal';
import { settingsErrors, toSaveInput, toSettingsForm, toTestInput, type SettingsFormValues } from './settingsForm';

export function SettingsDialog({ focus }: { focus: 'first' | 'password' }) {
  const { t } = useT('sync');
  const { t: tc } = useT('common');
  const close = useSync((s) => s.closeSettings);
  const setSettings = useSync((s) => s.setSettings);
  const askingPassword = useSync((s) => needsPassword(s.status));
  const [stored, setStored] = useState<{ hasPassword: boolean } | undefined>();
  const [values, setValues] = useState<SettingsFormValues | undefined>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [test, setTest] = useState<{ running: true } | { running: false; result: TestResult } | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .call('sync.settings', {})
      .then((view) => {
        if (!live) return;
        setStored({ hasPassword: view?.hasPassword ?? false });
        setValues(toSettingsForm(view));
      })
      .catch((err: unknown) => live && setMessage(settingsErrors(formErrorsFrom(err)).message));
    return () => {
      live = false;
    };
  }, []);

  // Focus once the form is there: the password box when the server refused the password.
  const ready = values !== undefined;
  useEffect(() => {
    if (!ready) return;
    const target =
      focus === 'password'
        ? document.getElementById('sync-password')
        : document.querySelector<HTMLElement>('.sync-settings input');
    target?.focus();
  }, [ready, focus]);

  const set = <K extends keyof SettingsFormValues>(key: K, value: SettingsFormValues[K]) => {
    setValues((v) => (v ? { ...v, [key]: value } : v));
    setTest(undefined); // a result for other values would mislead
  };

  const onTest = async () => {
    if (!values) return;
    setTest({ running: true });
    setFields({});
    setMessage(undefined);
    try {
      setTest({ running: false, result: await api.call('sync.testConnection', toTestInput(values)) });
    } catch (err) {
      setTest(undefined);
      const fe = settingsErrors(formErrorsFrom(err));
      setFields(fe.fields);
      setMessage(fe.message);
    }
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!values) return;
    setFields({});
    setMessage(undefined);
    await submitForm(
      {
        setSaving,
        onErrors: (errors) => {
          const fe = settingsErrors(errors);
          setFields(fe.fields);
          setMessage(fe.message);
        },
      },
      async () => {
        setSettings(await api.call('sync.saveSettings', toSaveInput(values)));
        // The workstation now writes as this user: the status bar's "User:" follows.
        void useApp.getState().load();
        close();
      },
    );
  };

  return (
    <Modal labelledBy="sync-settings-title" className="sync-settings" onClose={close}>
      <form aria-labelledby="sync-settings-title" onSubmit={(e) => void onSave(e)} noValidate>
        <h2 id="sync-settings-title">{t('settings.title')}</h2>
        {askingPassword && (
          <p className="warning" role="alert">
            {t('settings.passwordRefused')}
          </p>
        )}
        {!values ? (
          <p className="muted">{message ?? t('settings.loading')}</p>
        ) : (
          <>
            <fieldset disabled={saving}>
              <legend>{t('settings.legend')}</legend>
              <TextField
                label={t('settings.serverUrl')}
                hint={t('settings.serverUrlHint')}
                value={values.serverUrl}
                error={fields.serverUrl}
                onChange={(v) => set('serverUrl', v)}
              />
              <TextField label={t('settings.db')} value={values.db} error={fields.db} onChange={(v) => set('db', v)} />
              <TextField
                label={t('settings.username')}
                value={values.username}
                error={fields.username}
                onChange={(v) => set('username', v)}
              />
              <PasswordField
                value={values.password}
                error={fields.password}
                label={t('settings.password')}
                hint={stored?.hasPassword ? t('settings.passwordStored') : t('settings.noPassword')}
                onChange={(v) => set('password', v)}
              />
              <CheckField label={t('settings.enabled')} checked={values.enabled} onChange={(v) => set('enabled', v)} />
            </fieldset>
            <div className="sync-test" role="status" aria-live="polite" aria-label={t('settings.testResult')}>
              {test?.running && <span>{t('settings.testing')}</span>}
              {test && !test.running && (
                <span className={test.result.ok ? 'sync-test-ok' : 'sync-test-failed'}>
                  <span aria-hidden="true">{test.result.ok ? '✓ ' : '✕ '}</span>
                  {testResultText(test.result)}
                </span>
              )}
            </div>
            <FormMessage message={message} />
          </>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="secondary"
            disabled={!values || test?.running === true || saving}
            onClick={() => void onTest()}
          >
            {t('settings.test')}
          </button>
          <button type="submit" disabled={!values || saving}>
            {saving ? t('settings.saving') : t('settings.save')}
          </button>
          <button type="button" className="secondary" onClick={close}>
            {tc('cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A password box: never pre-filled, never echoed back; its message beside it like the others. */
function PasswordField(props: {
  label: string;
  value: string;
  error: string | undefined;
  hint: string;
  onChange(v: string): void;
}) {
  const hintId = useId();
  const errorId = useId();
  return (
    <div className="field">
      <label htmlFor="sync-password">{props.label}</label>
      <input
        id="sync-password"
        type="password"
        autoComplete="off"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={[hintId, props.error ? errorId : ''].filter(Boolean).join(' ')}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p className="field-hint" id={hintId}>
        {props.hint}
      </p>
      {props.error && (
        <p className="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </div>
  );
}
