// Beside a record's "1 conflict to merge" badge: what the hidden versions hold that the chart
// does not show, so nothing clinical (an allergy note) stays unseen until someone merges.
import { useEffect, useMemo, useState } from 'react';
import type { MergePlan } from '../../shared/conflicts';
import type { RecordView } from '../../shared/contract/contract';
import { api } from '../client';
import { useT } from '../i18n';
import { useConflicts } from '../stores/conflicts';
import { hintLines } from './hint';
import { useViewer } from './useViewer';
import { nameVersions } from './versions';
import './conflicts.css';

export function ConflictHint({ view }: { view: RecordView }) {
  const { t, i18n } = useT('conflicts');
  const id = view.doc._id;
  const entry = useConflicts((s) => s.items.find((i) => i.id === id));
  const revs = entry?.branches.map((b) => b.rev).join() ?? '';
  const conflicted = view.conflicts > 0 || entry !== undefined;
  const [plan, setPlan] = useState<MergePlan | undefined>();
  const viewer = useViewer();

  useEffect(() => {
    let live = true;
    if (!conflicted) {
      setPlan(undefined);
      return;
    }
    api.call('conflicts.open', { id }).then(
      (o) => live && setPlan(o.plan),
      () => live && setPlan(undefined), // merged meanwhile: the badge goes too
    );
    return () => {
      live = false;
    };
  }, [id, conflicted, revs, view.doc._rev]);

  const lang = i18n.language; // the lines are worded outside React
  const lines = useMemo(() => (plan ? hintLines(plan, nameVersions(plan.branches, viewer)) : []), [plan, viewer, lang]);
  if (!conflicted || lines.length === 0) return null;
  return (
    <span className="conflict-hint" role="note" aria-label={t('hint.label')}>
      <span className="conflict-hint-title">{t('hint.title')}</span>{' '}
      {lines.map((l, i) => (
        <span key={l} className="conflict-hint-line">
          {i > 0 ? '; ' : ''}
          {l}
        </span>
      ))}
    </span>
  );
}
