// The header's way to the connection settings, and the banner that asks for the password again.
// The banner shows ONLY when the server is reachable and refused the password: offline or with
// an expired session the clinician keeps working on the local records, never blocked.
import { useT } from '../i18n';
import { useSync } from '../stores/sync';
import { needsPassword } from './format';

export function SyncSettingsButton() {
  const { t } = useT('sync');
  const openSettings = useSync((s) => s.openSettings);
  return (
    <button
      type="button"
      className="secondary small sync-header-button"
      aria-haspopup="dialog"
      onClick={() => openSettings()}
    >
      {t('settings.open')}
    </button>
  );
}

export function PasswordBanner() {
  const { t } = useT('sync');
  const asking = useSync((s) => needsPassword(s.status));
  const username = useSync((s) => s.settings?.username);
  const openSettings = useSync((s) => s.openSettings);
  if (!asking) return null;
  return (
    <div className="sync-password-banner" role="alert">
      <span>{username ? t('banner.refusedFor', { user: username }) : t('banner.refused')}</span>
      <button type="button" className="small" onClick={() => openSettings('password')}>
        {t('banner.enterPassword')}
      </button>
    </div>
  );
}
