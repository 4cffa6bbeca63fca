// The status bar's word on the indexes' catch-up after a start (a restart after a large pull was
// cut short): while it runs, lists and searches may miss records, so it says so, with its progress.
// Gone once it ends; the lists refresh then.
import { useT } from '../i18n';
import { formatNumber } from '../i18n/format';
import { useApp } from '../stores/app';

export function IndexingSlot() {
  const { t } = useT('status');
  const indexing = useApp((s) => s.indexing);
  if (!indexing?.indexing) return null;
  const text = t('indexing.short', { done: formatNumber(indexing.done, 0), total: formatNumber(indexing.total, 0) });
  return (
    <span className="status-indexing" role="status" title={t('indexing.title')} data-done={indexing.done}>
      <span aria-hidden="true">⟳ </span>
      {text}
    </span>
  );
}
