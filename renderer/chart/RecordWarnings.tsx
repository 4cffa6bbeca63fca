// Badges and warnings every record view can carry: schema problems and hidden conflicts; the
// way to a record's history.
import type { RecordView } from '../../shared/contract/contract';
import { useT } from '../i18n';
import { useConflicts } from '../stores/conflicts';
import { useNavigation } from '../stores/navigation';

/** The record kinds callers name (in English, as before), to their words in each language. */
const WHAT_KEYS: Record<string, 'patient' | 'healthElement' | 'contact'> = {
  'patient record': 'patient',
  'health element': 'healthElement',
  contact: 'contact',
};

export function InvalidWarning({ view, what }: { view: RecordView; what: string }) {
  const { t } = useT('chart');
  const entries = Object.entries(view.invalid ?? {});
  if (entries.length === 0) return null;
  const kind = WHAT_KEYS[what] ?? 'record';
  return (
    <div className="warning" role="note" aria-label={t(`warn.label.${kind}`)}>
      <p>
        <span aria-hidden="true">⚠ </span>
        <strong>{t(`warn.title.${kind}`)}</strong> {t('warn.explain')}
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <code>{field}</code>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Hidden conflicting versions: a button to the merge screen, back to this chart afterwards. */
export function ConflictBadge({ view }: { view: RecordView }) {
  const { t } = useT('chart');
  const go = useNavigation((s) => s.go);
  // The inbox also knows deleted leaves, which `_conflicts` (hence view.conflicts) leaves out: a
  // record deleted on one side and edited on the other must show its badge too.
  const inInbox = useConflicts((s) => s.items.find((i) => i.id === view.doc._id));
  const count = Math.max(view.conflicts, inInbox ? inInbox.branches.length - 1 : 0);
  if (count <= 0) return null;
  const label = t('warn.conflicts', { count });
  const d = view.doc;
  const patientId = d.type === 'patient' ? d._id : typeof d.patientId === 'string' ? d.patientId : undefined;
  return (
    <button
      type="button"
      className="badge badge-conflict"
      aria-label={t('warn.conflictsOpen', { label })}
      title={label}
      onClick={() => go(patientId ? { kind: 'merge', id: d._id, patientId } : { kind: 'merge', id: d._id })}
    >
      <span aria-hidden="true">⇄ </span>
      {label}
    </button>
  );
}

/** The way to a record's revisions and past resolutions. */
export function HistoryButton({ id, patientId, title }: { id: string; patientId: string; title: string }) {
  const { t } = useT('chart');
  const go = useNavigation((s) => s.go);
  return (
    <button
      type="button"
      className="secondary small"
      aria-label={t('warn.historyOf', { title })}
      onClick={() => go({ kind: 'history', id, patientId, title })}
    >
      {t('history')}
    </button>
  );
}
