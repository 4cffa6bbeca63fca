// The sync panel: everything the status bar says and more (last error, rejected documents, the
// log of recent events), with "Sync now", "Pause"/"Resume", "Export diagnostics" and the way to
// the settings.
import { useState } from 'react';
import { useT } from '../i18n';
import { useApp } from '../stores/app';
import { shownUserName } from '../status/userName';
import { useSync } from '../stores/sync';
import {
  clock,
  count,
  headline,
  localOnlyText,
  logText,
  notAcceptedText,
  notStoredText,
  pendingUpDetail,
  pullText,
  reasonTitle,
  when,
} from './format';
import { exportDiagnostics } from './diagnostics';
import { FlaggedRecords } from './FlaggedRecords';
import { Modal } from './Modal';
import { useNow } from './useNow';

type ExportState =
  { state: 'idle' } | { state: 'running' } | { state: 'done'; fileName: string } | { state: 'failed'; message: string };

export function SyncPanel() {
  const { t } = useT('sync');
  const { t: tc } = useT('common');
  const {
    status,
    settings,
    now: syncNow,
    toggling,
    error,
    closePanel,
    openSettings,
    syncNow: runSyncNow,
    pause,
    resume,
  } = useSync();
  const now = useNow(status);
  const info = useApp((s) => s.info);
  const configured = settings !== null && settings !== undefined;
  const head = headline(status, now, configured);
  const paused = status.phase.state === 'paused';
  const stopped = status.phase.state === 'disabled';
  const log = [...status.log].reverse();
  const localOnly = status.localOnly;
  const [exported, setExported] = useState<ExportState>({ state: 'idle' });

  async function runExport(dialog: HTMLElement | null) {
    setExported({ state: 'running' });
    try {
      setExported({ state: 'done', fileName: await exportDiagnostics(dialog ?? undefined) });
    } catch (err) {
      setExported({ state: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <Modal labelledBy="sync-panel-title" className="sync-panel" onClose={closePanel}>
      <h2 id="sync-panel-title">{t('panel.title')}</h2>
      <dl className="facts sync-facts">
        <dt>{t('panel.state')}</dt>
        <dd className={`sync-tone-${head.tone}`} data-testid="sync-panel-state">
          <span aria-hidden="true">{head.icon} </span>
          {head.text}
        </dd>
        {configured && (
          <>
            <dt>{t('panel.server')}</dt>
            <dd>{t('panel.serverValue', { url: settings.serverUrl, db: settings.db, user: settings.username })}</dd>
          </>
        )}
        {info && (
          <>
            <dt>{t('panel.workstation')}</dt>
            <dd className="sync-workstation">
              {t('status:user', { name: shownUserName(info) })} ·{' '}
              {t('status:workstationTitle', {
                id: info.deviceId,
                host: info.host === 'electron' ? t('status:desktopApp') : t('status:browserHost'),
                version: info.version,
                dir: info.dataDir,
              })}
            </dd>
          </>
        )}
        <dt>{t('panel.pending')}</dt>
        <dd data-testid="sync-panel-pending">{pendingUpDetail(status.pendingUp)}</dd>
        {status.pendingDown && (
          <>
            <dt>{t('panel.comingDown')}</dt>
            <dd>{pullText(status.pendingDown)}</dd>
          </>
        )}
        <dt>{t('panel.lastSuccess')}</dt>
        <dd>{status.lastSuccessAt === null ? t('panel.never') : when(status.lastSuccessAt, now)}</dd>
        <dt>{t('panel.lastError')}</dt>
        <dd>
          {status.lastError
            ? t('panel.lastErrorValue', {
                reason: reasonTitle(status.lastError.reason),
                when: when(status.lastError.at, now),
                message: status.lastError.message,
              })
            : t('panel.none')}
        </dd>
        <dt>{t('panel.notAccepted')}</dt>
        <dd className={status.notAccepted.count ? 'sync-rejected' : undefined} data-testid="sync-panel-not-accepted">
          {notAcceptedText(status.notAccepted)}
          {status.notAccepted.count > 0 && <IdList ids={status.notAccepted.ids} total={status.notAccepted.count} />}
        </dd>
        <dt>{t('panel.notStored')}</dt>
        <dd className={status.notStored.count ? 'sync-rejected' : undefined} data-testid="sync-panel-not-stored">
          {notStoredText(status.notStored)}
          {status.notStored.count > 0 && <IdList ids={status.notStored.ids} total={status.notStored.count} />}
        </dd>
        {localOnly > 0 && (
          <>
            <dt>{t('panel.localOnly')}</dt>
            <dd data-testid="sync-panel-local-only">{localOnlyText(localOnly)}</dd>
          </>
        )}
      </dl>

      <div className="form-actions">
        <button
          type="button"
          disabled={stopped || paused || syncNow.state === 'running'}
          onClick={() => void runSyncNow()}
        >
          {syncNow.state === 'running' ? t('panel.syncingNow') : t('panel.syncNow')}
        </button>
        {paused ? (
          <button type="button" className="secondary" disabled={toggling} onClick={() => void resume()}>
            {t('panel.resume')}
          </button>
        ) : (
          <button type="button" className="secondary" disabled={toggling || stopped} onClick={() => void pause()}>
            {t('panel.pause')}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => openSettings()}>
          {t('panel.settings')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={exported.state === 'running'}
          onClick={(e) => void runExport(e.currentTarget.closest('dialog'))}
        >
          {exported.state === 'running' ? t('panel.exporting') : t('panel.exportDiagnostics')}
        </button>
        <button type="button" className="secondary" onClick={closePanel}>
          {tc('close')}
        </button>
      </div>
      <p className="sync-now-result" role="status" aria-live="polite" aria-label={t('panel.syncNowResult')}>
        {syncNow.state === 'running' &&
          t('panel.syncingResult', {
            state: [head.text, pullText(status.pendingDown)].filter(Boolean).join(' · '),
          })}
        {syncNow.state === 'done' &&
          [
            t('panel.syncComplete', { time: clock(syncNow.at) }),
            syncNow.pendingUp ? t('panel.newer', { count: syncNow.pendingUp, n: count(syncNow.pendingUp) }) : '',
          ]
            .filter(Boolean)
            .join(' ')}
        {syncNow.state === 'failed' && (
          <span className="field-error">{t('panel.syncNowFailed', { message: syncNow.message })}</span>
        )}
      </p>
      <p className="sync-now-result" role="status" aria-live="polite" aria-label={t('panel.exportResult')}>
        {exported.state === 'done' && t('panel.exportDone', { file: exported.fileName })}
        {exported.state === 'failed' && (
          <span className="field-error">{t('panel.exportFailed', { message: exported.message })}</span>
        )}
      </p>
      {error && <p className="form-message">{error}</p>}

      <h3>{t('panel.flaggedTitle')}</h3>
      <FlaggedRecords rejected={status.notStored.count + (status.lastSuccessAt ?? 0)} />

      <h3 id="sync-log-title">{t('panel.logTitle')}</h3>
      {log.length === 0 ? (
        <p className="muted">{t('panel.logEmpty')}</p>
      ) : (
        <ol className="sync-log" aria-labelledby="sync-log-title" tabIndex={0}>
          {log.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={new Date(e.at).toISOString()}>{when(e.at, now)}</time> {logText(e)}
            </li>
          ))}
        </ol>
      )}
    </Modal>
  );
}

function IdList({ ids, total }: { ids: string[]; total: number }) {
  const { t } = useT('sync');
  return (
    <ul className="sync-flagged" aria-label={t('panel.records')}>
      {ids.map((id) => (
        <li key={id}>
          <code>{id}</code>
        </li>
      ))}
      {total > ids.length && <li className="muted">{t('panel.more', { n: count(total - ids.length) })}</li>}
    </ul>
  );
}
