// The status bar's sync slot: the state in words with its icon and colour, changes waiting to go
// up, pull progress, last successful sync. A button that opens the sync panel. Screen readers
// hear only state changes (a separate polite region), never the counters or the countdown.
// One line at any width: the details shrink with an ellipsis and the whole text is the tooltip.
import { useT } from '../i18n';
import { useSync } from '../stores/sync';
import { announcement, headline, lastSyncText, localOnlyText, pendingUpText, pullText } from '../sync/format';
import { SettingsDialog } from '../sync/SettingsDialog';
import { SyncPanel } from '../sync/SyncPanel';
import { useNow, useSettled } from '../sync/useNow';
import '../sync/sync.css';

const ANNOUNCE_AFTER_MS = 1500;

export function SyncSlot() {
  const { t } = useT('sync');
  const status = useSync((s) => s.status);
  const loaded = useSync((s) => s.loaded);
  const settings = useSync((s) => s.settings);
  const panelOpen = useSync((s) => s.panelOpen);
  const settingsOpen = useSync((s) => s.settingsOpen);
  const openPanel = useSync((s) => s.openPanel);
  const now = useNow(status);
  const configured = settings !== null && settings !== undefined;
  const head = loaded
    ? headline(status, now, configured)
    : { text: t('head.loading'), icon: '○', tone: 'idle' as const };
  const localOnly = status.localOnly;
  const details = [
    pendingUpText(status.pendingUp),
    pullText(status.pendingDown),
    localOnly > 0 ? localOnlyText(localOnly, true) : undefined,
    configured && loaded ? lastSyncText(status.lastSuccessAt, now) : undefined,
  ].filter((d): d is string => d !== undefined);
  // A save goes syncing → up to date in a blink; only a state that holds is worth saying aloud.
  const spoken = useSettled(loaded ? announcement(status, configured) : '', ANNOUNCE_AFTER_MS);

  return (
    <div
      className="status-sync"
      data-slot="sync"
      data-state={loaded ? status.phase.state : 'loading'}
      role="group"
      aria-label={t('slot.label')}
    >
      <button
        type="button"
        className={`sync-slot sync-tone-${head.tone}`}
        title={`${[head.text, ...details].join(' · ')}\n${t('slot.open')}`}
        aria-haspopup="dialog"
        onClick={openPanel}
      >
        <span className={`sync-icon sync-tone-${head.tone}`} aria-hidden="true">
          {head.icon}
        </span>
        <span className="sync-headline">{head.text}</span>
        {details.length > 0 && <span className="sync-detail">· {details.join(' · ')}</span>}
      </button>
      <span className="sr-only" role="status" aria-live="polite" aria-label={t('slot.announcements')}>
        {spoken}
      </span>
      {panelOpen && <SyncPanel />}
      {settingsOpen && <SettingsDialog focus={settingsOpen.focus} />}
    </div>
  );
}
