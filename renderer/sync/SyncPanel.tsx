// The sync panel: everything the status bar says and more (last error, rejected documents, the
// log of recent events), with "Sync now", "Pause"/"Resume", "Export diagnostics" and the way to
// the settings.
import { useState } from 'react';
import { useSync } from '../stores/sync';
import {
  clock,
  count,
  headline,
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
  const configured = settings !== null && settings !== undefined;
  const head = headline(status, now, configured);
  const paused = status.phase.state === 'paused';
  const stopped = status.phase.state === 'disabled';
  const log = [...status.log].reverse();
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
      <h2 id="sync-panel-title">Sync with the practice server</h2>
      <dl className="facts sync-facts">
        <dt>State</dt>
        <dd className={`sync-tone-${head.tone}`} data-testid="sync-panel-state">
          <span aria-hidden="true">{head.icon} </span>
          {head.text}
        </dd>
        {configured && (
          <>
            <dt>Server</dt>
            <dd>
              {settings.serverUrl} · database {settings.db} · user {settings.username}
            </dd>
          </>
        )}
        <dt>Waiting to go up</dt>
        <dd data-testid="sync-panel-pending">{pendingUpDetail(status.pendingUp)}</dd>
        {status.pendingDown && (
          <>
            <dt>Coming down</dt>
            <dd>{pullText(status.pendingDown)}</dd>
          </>
        )}
        <dt>Last successful sync</dt>
        <dd>{status.lastSuccessAt === null ? 'Never' : when(status.lastSuccessAt, now)}</dd>
        <dt>Last error</dt>
        <dd>
          {status.lastError
            ? `${reasonTitle(status.lastError.reason)} at ${when(status.lastError.at, now)}: ${status.lastError.message}`
            : 'None'}
        </dd>
        <dt>Not accepted by the server</dt>
        <dd className={status.notAccepted.count ? 'sync-rejected' : undefined} data-testid="sync-panel-not-accepted">
          {notAcceptedText(status.notAccepted)}
          {status.notAccepted.count > 0 && <IdList ids={status.notAccepted.ids} total={status.notAccepted.count} />}
        </dd>
        <dt>Not stored here</dt>
        <dd className={status.notStored.count ? 'sync-rejected' : undefined} data-testid="sync-panel-not-stored">
          {notStoredText(status.notStored)}
          {status.notStored.count > 0 && <IdList ids={status.notStored.ids} total={status.notStored.count} />}
        </dd>
      </dl>

      <div className="form-actions">
        <button
          type="button"
          disabled={stopped || paused || syncNow.state === 'running'}
          onClick={() => void runSyncNow()}
        >
          {syncNow.state === 'running' ? 'Syncing now…' : 'Sync now'}
        </button>
        {paused ? (
          <button type="button" className="secondary" disabled={toggling} onClick={() => void resume()}>
            Resume
          </button>
        ) : (
          <button type="button" className="secondary" disabled={toggling || stopped} onClick={() => void pause()}>
            Pause
          </button>
        )}
        <button type="button" className="secondary" onClick={() => openSettings()}>
          Connection settings
        </button>
        <button
          type="button"
          className="secondary"
          disabled={exported.state === 'running'}
          onClick={(e) => void runExport(e.currentTarget.closest('dialog'))}
        >
          {exported.state === 'running' ? 'Exporting…' : 'Export diagnostics'}
        </button>
        <button type="button" className="secondary" onClick={closePanel}>
          Close
        </button>
      </div>
      <p className="sync-now-result" role="status" aria-live="polite" aria-label="Sync now result">
        {syncNow.state === 'running' &&
          `Syncing: ${head.text}${pullText(status.pendingDown) ? ` · ${pullText(status.pendingDown)}` : ''}`}
        {syncNow.state === 'done' &&
          `Sync complete at ${clock(syncNow.at)}: both directions finished.${syncNow.pendingUp ? ` ${count(syncNow.pendingUp)} newer changes are waiting to go up.` : ''}`}
        {syncNow.state === 'failed' && <span className="field-error">Sync now failed: {syncNow.message}</span>}
      </p>
      <p className="sync-now-result" role="status" aria-live="polite" aria-label="Export diagnostics result">
        {exported.state === 'done' && `Diagnostics saved as ${exported.fileName}.`}
        {exported.state === 'failed' && (
          <span className="field-error">Export diagnostics failed: {exported.message}</span>
        )}
      </p>
      {error && <p className="form-message">{error}</p>}

      <h3>Flagged records</h3>
      <FlaggedRecords rejected={status.notStored.count + (status.lastSuccessAt ?? 0)} />

      <h3 id="sync-log-title">Recent sync events</h3>
      {log.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <ol className="sync-log" aria-labelledby="sync-log-title" tabIndex={0}>
          {log.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={new Date(e.at).toISOString()}>{when(e.at, now)}</time> {e.message}
            </li>
          ))}
        </ol>
      )}
    </Modal>
  );
}

function IdList({ ids, total }: { ids: string[]; total: number }) {
  return (
    <ul className="sync-flagged" aria-label="Records">
      {ids.map((id) => (
        <li key={id}>
          <code>{id}</code>
        </li>
      ))}
      {total > ids.length && <li className="muted">and {count(total - ids.length)} more</li>}
    </ul>
  );
}
