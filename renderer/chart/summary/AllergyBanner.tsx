// The allergy banner at the top of the chart: every active allergy and intolerance, or "no known
// allergies" when a clinician recorded it, or plainly "not recorded" with a way to record it.
import { useState } from 'react';
import type { AllergyStatus } from '../../../shared/clinical/summary';
import { formErrorsFrom } from '../../forms/errors';
import { useT } from '../../i18n';
import { recordNoKnownAllergies } from '../../stores/chart';
import { FormMessage } from '../../ui/fields';

export function AllergyBanner({ patientId, status }: { patientId: string; status: AllergyStatus }) {
  const { t } = useT('chart');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const record = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await recordNoKnownAllergies(patientId);
    } catch (err) {
      setError(formErrorsFrom(err).message);
    } finally {
      setBusy(false);
    }
  };

  if (status.allergies.length > 0) {
    return (
      <section className="allergy-banner allergy-alert" aria-label={t('allergy.bannerLabel')}>
        <strong className="allergy-title">
          <span aria-hidden="true">⚠ </span>
          {t('allergy.title', { count: status.allergies.length })}
        </strong>
        <ul className="allergy-list" aria-label={t('allergy.listLabel')}>
          {status.allergies.map((a) => (
            <li key={a.id} className={`allergy-item severity-${a.severity ?? 'unknown'}`}>
              <span className="allergy-agent">{a.agent}</span>
              {a.kind === 'intolerance' && <span className="allergy-kind"> ({t('allergy.intolerance')})</span>}
              {a.reaction && <span className="allergy-reaction"> — {a.reaction}</span>}
              {a.severity && <span className="allergy-severity"> · {t(`allergy.severity.${a.severity}`)}</span>}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  if (status.noKnownAllergies) {
    return (
      <section className="allergy-banner allergy-none" aria-label={t('allergy.bannerLabel')}>
        <strong>{t('allergy.noKnown')}</strong>
      </section>
    );
  }
  return (
    <section className="allergy-banner allergy-unknown" aria-label={t('allergy.bannerLabel')}>
      <span>{t('allergy.notRecorded')}</span>
      <button type="button" className="secondary small" disabled={busy} onClick={() => void record()}>
        {t('allergy.recordNoKnown')}
      </button>
      <FormMessage message={error} />
    </section>
  );
}
