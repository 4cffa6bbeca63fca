// The status bar's slot for sync state and the conflict count. The sync work fills it in;
// until then it says plainly that this workstation is not syncing.
export function SyncSlot() {
  return (
    <div className="status-sync" data-slot="sync" aria-label="Sync status">
      <span className="dot dot-idle" aria-hidden="true" /> Sync: not set up
    </div>
  );
}
