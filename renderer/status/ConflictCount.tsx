// The status bar's conflict count (a button to the inbox), the polite notice when a record has
// just become conflicted, and the live region the conflicts screens announce results in.
import { useT } from '../i18n';
import { formatNumber } from '../i18n/format';
import { useConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';
import { noticeText } from '../conflicts/format';
import '../conflicts/conflicts.css';

export function ConflictCount() {
  const { t } = useT('status');
  const count = useConflicts((s) => s.count);
  const go = useNavigation((s) => s.go);
  const text =
    count === undefined
      ? t('conflicts.loading')
      : count === 0
        ? t('conflicts.none')
        : t('conflicts.count', { count, n: formatNumber(count, 0) });
  return (
    <button
      type="button"
      className={`secondary small conflict-count${count ? ' has-conflicts' : ''}`}
      data-count={count ?? ''}
      aria-label={t('conflicts.open', { text })}
      onClick={() => go({ kind: 'conflicts' })}
    >
      {count ? <span aria-hidden="true">⇄ </span> : null}
      {text}
    </button>
  );
}

/** Always in the page (an empty live region), so screen readers hear what is put in it. */
export function ConflictNotice() {
  const { t } = useT('status');
  const notice = useConflicts((s) => s.notice);
  const announcement = useConflicts((s) => s.announcement);
  const dismiss = useConflicts((s) => s.dismissNotice);
  const go = useNavigation((s) => s.go);
  return (
    <>
      <div className="conflict-notice" role="status" aria-live="polite" aria-label={t('conflicts.notifications')}>
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
              {t('conflicts.review')}
            </button>
            <button type="button" className="secondary small" onClick={dismiss}>
              {t('conflicts.dismiss')}
            </button>
          </div>
        )}
      </div>
      <p className="conflict-result muted" role="status" aria-live="polite" aria-label={t('conflicts.results')}>
        {announcement}
      </p>
    </>
  );
}
