// The status bar's sync slot: the state in words with its icon and colour, changes waiting to go
// up, pull progress, last successful sync. A button that opens the sync panel. Screen readers
// hear only state changes (a separate polite region), never the counters or the countdown.
// One line at any width: the details shrink with an ellipsis and the whole text is the tooltip.
// Records waiting for a person's next sign-in are named (the engine never says "up to date" then):
// they are the headline when nothing else is going on, a detail otherwise.
import { useT } from '../i18n';
import { useSync } from '../stores/sync';
import type { SyncStatus } from '../../shared/sync/status';
import { announcement, count, headline, lastSyncText, localOnlyText, pendingUpText, pullText } from '../sync/format';
import { SettingsDialog } from '../sync/SettingsDialog';
import { SyncPanel } from '../sync/SyncPanel';
import { downloadText } from './download';
import { useNow, useSettled } from '../sync/useNow';
import '../sync/sync.css';

const ANNOUNCE_AFTER_MS = 1500;

/** Nothing under way but records that wait for someone: that is the state to show. */
const onlyWaiting = (s: SyncStatus) =>
  s.waitingForSignIn.length > 0 && s.phase.state === 'syncing' && s.phase.directions.length === 0;

export function SyncSlot() {
  const { t } = useT('sync');
  const { t: ts } = useT('status');
  const status = useSync((s) => s.status);
  const loaded = useSync((s) => s.loaded);
  const settings = useSync((s) => s.settings);
  const panelOpen = useSync((s) => s.panelOpen);
  const settingsOpen = useSync((s) => s.settingsOpen);
  const openPanel = useSync((s) => s.openPanel);
  const now = useNow(status);
  const configured = settings !== null && settings !== undefined;
  const waiting = status.waitingForSignIn
    .map((w) => ts('waitingFor', { count: w.count, n: count(w.count), name: w.username }))
    .join(' · ');
  const waitingHead = loaded && onlyWaiting(status);
  const head = !loaded
    ? { text: t('head.loading'), icon: '○', tone: 'idle' as const }
    : waitingHead
      ? { text: waiting, icon: '⚠', tone: 'warn' as const }
      : headline(status, now, configured);
  const localOnly = status.localOnly;
  const details = [
    waiting && !waitingHead ? waiting : undefined,
    pendingUpText(status.pendingUp),
    downloadText(status.pendingDown) ?? pullText(status.pendingDown),
    localOnly > 0 ? localOnlyText(localOnly, true) : undefined,
    configured && loaded ? lastSyncText(status.lastSuccessAt, now) : undefined,
  ].filter((d): d is string => d !== undefined);
  // A save goes syncing → up to date in a blink; only a state that holds is worth saying aloud.
  const said = waitingHead ? waiting : announcement(status, configured);
  const spoken = useSettled(loaded ? said : '', ANNOUNCE_AFTER_MS);

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
