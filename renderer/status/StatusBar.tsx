// Bottom bar, one line at any width (1024 px included): who and where on the left, the conflict
// count and the sync slot on the right. Long parts shrink with an ellipsis; the workstation's
// details (host, version, data folder) are in its tooltip and in the sync panel.
import { useT } from '../i18n';
import { useApp } from '../stores/app';
import { useConnection } from '../stores/connection';
import { ConflictCount, ConflictNotice } from './ConflictCount';
import { IndexingSlot } from './IndexingSlot';
import { SyncSlot } from './SyncSlot';
import { shownUserName } from './userName';
import './status.css';

export function StatusBar() {
  const { t } = useT('status');
  const info = useApp((s) => s.info);
  const error = useApp((s) => s.error);
  const connection = useConnection((s) => s.state);
  return (
    <footer className="status-bar">
      <div role="status" className="status-info" aria-label={t('label')}>
        {info ? (
          <>
            <span className="status-user" title={t('user', { name: shownUserName(info) })}>
              {t('user', { name: shownUserName(info) })}
            </span>
            <span
              className="status-workstation"
              title={t('workstationTitle', {
                id: info.deviceId,
                host: info.host === 'electron' ? t('desktopApp') : t('browserHost'),
                version: info.version,
                dir: info.dataDir,
              })}
            >
              {t('workstation', { id: info.deviceId.slice(0, 8) })}
            </span>
          </>
        ) : (
          <span className="status-user">{error ? t('unavailable', { error }) : t('loading')}</span>
        )}
        <span className={`conn conn-${connection}`}>{t(`connection.${connection}`)}</span>
      </div>
      <div className="status-separator" aria-hidden="true" />
      <ConflictNotice />
      <IndexingSlot />
      <ConflictCount />
      <SyncSlot />
    </footer>
  );
}
