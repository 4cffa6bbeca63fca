// The patient's health elements (problems, allergies, intolerances): add, edit, close. Closed
// ones stay visible, struck through; the banner at the top lists only the active allergies.
import { useState } from 'react';
import { healthElementKind } from '../../shared/clinical/summary';
import type { RecordView } from '../../shared/contract/contract';
import { formErrorsFrom } from '../forms/errors';
import { asString, showFuzzyDateTime } from '../forms/values';
import { useT } from '../i18n';
import { closeRecord } from '../stores/chart';
import { FormMessage } from '../ui/fields';
import { isClosed } from './describe';
import { HealthElementForm, type FormKind } from './HealthElementForm';
import { ConflictBadge, HistoryButton, InvalidWarning } from './RecordWarnings';

export function HealthElements({ patientId, views }: { patientId: string; views: RecordView[] }) {
  const { t } = useT('chart');
  const [adding, setAdding] = useState<FormKind | undefined>();
  const [editing, setEditing] = useState<string | undefined>();
  const sorted = [...views].sort((a, b) => Number(isClosed(a.doc)) - Number(isClosed(b.doc)));
  return (
    <section aria-labelledby="he-title" className="card">
      <div className="card-head">
        <h3 id="he-title">{t('he.title')}</h3>
        {!adding && (
          <div className="row-actions">
            <button type="button" className="secondary small" onClick={() => setAdding('problem')}>
              {t('he.add')}
            </button>
            <button type="button" className="secondary small" onClick={() => setAdding('allergy')}>
              {t('he.addAllergy')}
            </button>
          </div>
        )}
      </div>
      {adding && <HealthElementForm patientId={patientId} initialKind={adding} onDone={() => setAdding(undefined)} />}
      {sorted.length === 0 && !adding && <p className="muted">{t('he.none')}</p>}
      <ul className="health-elements" aria-label={t('he.listLabel')}>
        {sorted.map((view) =>
          editing === view.doc._id ? (
            <li key={view.doc._id}>
              <HealthElementForm patientId={patientId} view={view} onDone={() => setEditing(undefined)} />
            </li>
          ) : (
            <HealthElementItem key={view.doc._id} view={view} onEdit={() => setEditing(view.doc._id)} />
          ),
        )}
      </ul>
    </section>
  );
}

function HealthElementItem({ view, onEdit }: { view: RecordView; onEdit(): void }) {
  const { t } = useT('chart');
  const d = view.doc;
  const closed = isClosed(d);
  const kind = healthElementKind(d);
  const descr = kind === 'noKnownAllergies' ? t('allergy.noKnown') : asString(d.descr) || t('he.noDescr');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const close = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await closeRecord(d._id, d._rev);
    } catch (err) {
      setError(formErrorsFrom(err).message);
    } finally {
      setBusy(false);
    }
  };
  // The shared date format of the chart's lists (the summary above shows day/month/year).
  const since = showFuzzyDateTime(d.openingDate);
  const ended = showFuzzyDateTime(d.closingDate);
  const details = [
    asString(d.reaction),
    asString(d.severity) ? t(`allergy.severity.${asString(d.severity)}`, { defaultValue: asString(d.severity) }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <li
      className={`he-item${closed ? ' closed' : ''}`}
      aria-label={closed ? t('he.closedName', { name: descr }) : descr}
    >
      <div className="he-main">
        {kind !== 'problem' && <span className={`tag tag-${kind}`}>{t(`he.kind.${kind}`)}</span>}
        <span className="he-descr">{descr}</span>
        {details && <span className="he-details"> — {details}</span>}
        <span className="muted">
          {since && ` ${t('since', { date: since })}`}
          {closed && ` · ${ended ? t('he.closedOn', { date: ended }) : t('he.closedLower')}`}
        </span>
        {closed && <span className="badge">{t('he.closed')}</span>}
        <ConflictBadge view={view} />
        {asString(d.note) && <p className="he-note pre">{asString(d.note)}</p>}
      </div>
      <div className="row-actions">
        <HistoryButton id={d._id} patientId={asString(d.patientId)} title={descr} />
        {!closed && (
          <>
            {kind !== 'noKnownAllergies' && (
              <button
                type="button"
                className="secondary small"
                onClick={onEdit}
                disabled={view.invalid !== undefined}
                aria-label={t('he.editName', { name: descr })}
              >
                {t('he.edit')}
              </button>
            )}
            <button
              type="button"
              className="secondary small"
              onClick={() => void close()}
              disabled={busy}
              aria-label={t('he.closeName', { name: descr })}
            >
              {t('he.close')}
            </button>
          </>
        )}
      </div>
      <InvalidWarning view={view} what="health element" />
      <FormMessage message={error} />
    </li>
  );
}
