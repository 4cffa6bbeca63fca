// Signed out (or switching user from the lock screen): the sign-in form, and, while no practice server is set up on this workstation,
// the way to the connection settings (a person's first sign-in needs the server). On a fresh
// workstation (nobody signed in here yet, no server), above them: "Set up this workstation".
import { useEffect, useState } from 'react';
import { api } from '../client';
import { useT } from '../i18n';
import { useSync } from '../stores/sync';
import { SettingsDialog } from '../sync/SettingsDialog';
import { SessionLayout } from './SessionLayout';
import { SetUpForm } from './SetUpForm';
import { SignInForm } from './SignInForm';

/** `onBack`: switching user from the lock screen, the way back to it. */
export function SignInScreen({ onBack }: { onBack?: (() => void) | undefined }) {
  const firstRun = useFirstRun();
  return (
    <SessionLayout>
      {firstRun && <SetUpForm />}
      <SignInForm {...(onBack ? { onBack } : {})} />
      <SetupOffer />
    </SessionLayout>
  );
}

/** Whether the core offers to set this workstation up; asked again when the settings dialog closes (a server may be set up now). */
function useFirstRun(): boolean {
  const open = useSync((s) => s.settingsOpen) !== false;
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    if (open) return;
    let live = true;
    api.call('session.firstRun', {}).then(
      (r) => live && setAvailable(r.available),
      () => live && setAvailable(false),
    );
    return () => {
      live = false;
    };
  }, [open]);
  return available;
}

/** Shown only when `sync.settings` answers null; refused (a server is set up), it stays hidden. */
function SetupOffer() {
  const { t } = useT('session');
  const settingsOpen = useSync((s) => s.settingsOpen);
  const openSettings = useSync((s) => s.openSettings);
  const [noServer, setNoServer] = useState(false);
  const open = settingsOpen !== false;

  // Asked again when the dialog closes: it may have just set the server up.
  useEffect(() => {
    if (open) return;
    let live = true;
    api.call('sync.settings', {}).then(
      (settings) => live && setNoServer(settings === null),
      () => live && setNoServer(false),
    );
    return () => {
      live = false;
    };
  }, [open]);

  return (
    <>
      {noServer && (
        <section className="session-setup" aria-label={t('setup.open')}>
          <p>{t('setup.none')}</p>
          <button type="button" className="secondary" aria-haspopup="dialog" onClick={() => openSettings()}>
            {t('setup.open')}
          </button>
        </section>
      )}
      {settingsOpen && <SettingsDialog focus={settingsOpen.focus} />}
    </>
  );
}
