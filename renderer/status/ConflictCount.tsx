// The status bar's conflict count (a button to the inbox), the polite notice when a record has
// just become conflicted, and the live region the conflicts screens announce results in.
import { useConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';
import { noticeText } from '../conflicts/format';
import '../conflicts/conflicts.css';

export function ConflictCount() {
  const count = useConflicts((s) => s.count);
  const go = useNavigation((s) => s.go);
  const text =
    count === undefined
      ? 'Conflicts: …'
      : count === 0
        ? 'No conflicts'
        : `${count} ${count === 1 ? 'conflict' : 'conflicts'}`;
  return (
    <button
      type="button"
      className={`secondary small conflict-count${count ? ' has-conflicts' : ''}`}
      data-count={count ?? ''}
      aria-label={`${text}: open the conflicts inbox`}
      onClick={() => go({ kind: 'conflicts' })}
    >
      {count ? <span aria-hidden="true">⇄ </span> : null}
      {text}
    </button>
  );
}

/** Always in the page (an empty live region), so screen readers hear what is put in it. */
export function ConflictNotice() {
  const notice = useConflicts((s) => s.notice);
  const announcement = useConflicts((s) => s.announcement);
  const dismiss = useConflicts((s) => s.dismissNotice);
  const go = useNavigation((s) => s.go);
  return (
    <>
      <div className="conflict-notice" role="status" aria-live="polite" aria-label="Conflict notifications">
        {notice && (
          <div>
            <span>
              <span aria-hidden="true">⇄ </span>
              {noticeText(notice)}
            </span>
            <button
              type="button"
              className="small"
              onClick={() => {
                dismiss();
                go({ kind: 'conflicts' });
              }}
            >
              Review conflicts
            </button>
            <button type="button" className="secondary small" onClick={dismiss}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      <p className="conflict-result muted" role="status" aria-live="polite" aria-label="Conflict results">
        {announcement}
      </p>
    </>
  );
}
