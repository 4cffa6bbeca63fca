// The clinical overview under the chart's header: active problems, current medications, the
// last vitals, and the trend plots.
import type { ReactNode } from 'react';
import type { LastVitals, MedicationLine, Medications } from '../../../shared/clinical/summary';
import { asString } from '../../forms/values';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { bloodPressureText, dateText, measureText, regimenText } from './format';

export function Overview({
  problems,
  meds,
  vitals,
  trends,
}: {
  problems: Record<string, unknown>[];
  meds: Medications;
  vitals: LastVitals;
  trends: ReactNode;
}) {
  const { t } = useT('chart');
  return (
    <section className="card summary-card" aria-labelledby="summary-title">
      <h3 id="summary-title">{t('summary.title')}</h3>
      <div className="summary-grid">
        <div>
          <h4 id="problems-title">{t('summary.problems')}</h4>
          {problems.length === 0 ? (
            <p className="muted">{t('summary.noProblems')}</p>
          ) : (
            <ul className="summary-list" aria-labelledby="problems-title">
              {problems.map((p) => (
                <li key={asString(p._id)}>
                  {asString(p.descr)}
                  {dateText(p.openingDate) && (
                    <span className="muted"> · {t('since', { date: dateText(p.openingDate) })}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <MedicationList meds={meds} />
        <VitalsList vitals={vitals} />
      </div>
      {trends}
    </section>
  );
}

function MedicationList({ meds }: { meds: Medications }) {
  const { t } = useT('chart');
  const line = (m: MedicationLine, stopped: boolean) => {
    const regimen = regimenText(t, m.regimen);
    const when = stopped
      ? t('summary.stopped', { date: dateText(m.ends) || (m.stoppedAt ? formatDate(new Date(m.stoppedAt)) : '—') })
      : [
          dateText(m.started) && t('summary.started', { date: dateText(m.started) }),
          dateText(m.ends) && t('summary.until', { date: dateText(m.ends) }),
        ]
          .filter(Boolean)
          .join(' · ');
    return (
      <li key={`${m.contactId}:${m.serviceId}`}>
        <span className="med-name">{m.name || t('summary.noProduct')}</span>
        {regimen && <span> — {regimen}</span>}
        {m.instructions && <span> — {m.instructions}</span>}
        {when && <span className="muted"> · {when}</span>}
      </li>
    );
  };
  return (
    <div>
      <h4 id="meds-title">{t('summary.medications')}</h4>
      {meds.current.length === 0 ? (
        <p className="muted">{t('summary.noMedications')}</p>
      ) : (
        <ul className="summary-list" aria-labelledby="meds-title">
          {meds.current.map((m) => line(m, false))}
        </ul>
      )}
      {meds.stopped.length > 0 && (
        <details className="stopped-meds">
          <summary>{t('summary.stoppedMedications', { count: meds.stopped.length })}</summary>
          <ul className="summary-list">{meds.stopped.map((m) => line(m, true))}</ul>
        </details>
      )}
    </div>
  );
}

function VitalsList({ vitals }: { vitals: LastVitals }) {
  const { t } = useT('chart');
  const rows: { key: string; label: string; value: string; date: number }[] = [];
  if (vitals.bloodPressure)
    rows.push({
      key: 'bloodPressure',
      label: t('vitals.bloodPressure'),
      value: bloodPressureText(vitals.bloodPressure),
      date: vitals.bloodPressure.date,
    });
  const simple = [
    ['heartRate', 0],
    ['spo2', 0],
    ['temperature', 1],
    ['weight', 1],
    ['height', 0],
    ['bmi', 1],
  ] as const;
  for (const [key, digits] of simple) {
    const v = vitals[key];
    if (v) rows.push({ key, label: t(`vitals.${key}`), value: measureText(v, digits), date: v.date });
  }
  return (
    <div>
      <h4 id="vitals-title">{t('summary.lastVitals')}</h4>
      {rows.length === 0 ? (
        <p className="muted">{t('summary.noVitals')}</p>
      ) : (
        <table className="vitals-table" aria-labelledby="vitals-title">
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-vital={r.key}>
                <th scope="row">{r.label}</th>
                <td className="vital-value">{r.value}</td>
                <td className="muted">{dateText(r.date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
