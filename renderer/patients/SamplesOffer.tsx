// Shown when the database is empty: load clearly fake patients to try the workstation.
import { useT } from '../i18n';
import { formatNumber } from '../i18n/format';
import { useSamples } from '../stores/samples';

export const SAMPLE_PATIENTS = 200;
export const SAMPLE_CONTACTS = 5;

export function SamplesOffer() {
  const { t } = useT('patients');
  const { running, done, total, error, load } = useSamples();
  return (
    <div className="empty-offer">
      <p>{t('samples.none')}</p>
      <p className="muted">{t('samples.offer', { patients: SAMPLE_PATIENTS, contacts: SAMPLE_CONTACTS })}</p>
      <button type="button" disabled={running} onClick={() => void load(SAMPLE_PATIENTS, SAMPLE_CONTACTS)}>
        {t('samples.load')}
      </button>
      {running && (
        <div className="progress">
          <progress aria-label={t('samples.loading')} max={total || 1} value={done} />
          <span aria-live="polite">
            {t('samples.progress', { done: formatNumber(done, 0), total: formatNumber(total, 0) })}
          </span>
        </div>
      )}
      {error && (
        <p className="form-message" role="alert">
          {t('samples.failed', { error })}
        </p>
      )}
    </div>
  );
}
