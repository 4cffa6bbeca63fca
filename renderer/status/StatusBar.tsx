// Bottom bar: who and where on the left, the conflict count and the sync slot on the right.
import { useApp } from '../stores/app';
import { useConnection } from '../stores/connection';
import { ConflictCount, ConflictNotice } from './ConflictCount';
import { SyncSlot } from './SyncSlot';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',
  'no-token': 'Not connected',
} as const;

export function StatusBar() {
  const info = useApp((s) => s.info);
  const error = useApp((s) => s.error);
  const connection = useConnection((s) => s.state);
  return (
    <footer className="status-bar">
      <div role="status" className="status-info" aria-label="Workstation status">
        {info ? (
          <>
            <span>User: {info.userName}</span>
            <span title={info.deviceId}>Workstation {info.deviceId.slice(0, 8)}</span>
            <span>{info.host === 'electron' ? 'Desktop app' : 'Browser host'}</span>
            <span>v{info.version}</span>
            <span className="muted" title={info.dataDir}>
              Data: {info.dataDir}
            </span>
          </>
        ) : (
          <span>{error ? `Workstation info unavailable: ${error}` : 'Loading workstation…'}</span>
        )}
        <span className={`conn conn-${connection}`}>{CONNECTION_TEXT[connection]}</span>
      </div>
      <div className="status-separator" aria-hidden="true" />
      <ConflictNotice />
      <ConflictCount />
      <SyncSlot />
    </footer>
  );
}
