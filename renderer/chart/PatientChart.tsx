// Right pane: the open patient's chart. Its header (name, age, gender, date of birth, SSIN and
// the allergy banner) stays in view however far the chart scrolls: no wrong-patient entry.
import { useEffect, useRef, type RefObject } from 'react';
import { asArray, asObject, asString, showFuzzyDate } from '../forms/values';
import { useT } from '../i18n';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { WhoOpenedButton } from './access/WhoOpened';
import { ContactTimeline } from './ContactTimeline';
import { HealthElements } from './HealthElements';
import { ConflictBadge, InvalidWarning } from './RecordWarnings';
import { ConflictHint } from '../conflicts/ConflictHint';
import { AllergyBanner } from './summary/AllergyBanner';
import { Identity } from './summary/Identity';
import { isSampleId } from '../../shared/records/samples';
import { ClinicalSummary, useSummary } from './summary/Summary';
import type { ChartData } from '../stores/chart';

export function PatientChart({ patientId }: { patientId: string }) {
  const { t } = useT('chart');
  const { data, loading, error, open } = useChart();
  const shownId = useChart((s) => s.patientId);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const ready = data !== undefined && shownId === patientId;

  useEffect(() => {
    if (shownId !== patientId || !data) void open(patientId);
    // Only when the requested patient changes; reloads on change come from events.
  }, [patientId]);

  // After a save or an open, keyboard users land on the chart rather than on the page body.
  useEffect(() => {
    if (ready && (document.activeElement === document.body || document.activeElement === null))
      titleRef.current?.focus();
  }, [ready, patientId]);

  if (error && !data) {
    return (
      <div className="chart">
        <p className="form-message" role="alert">
          {t('openFailed', { error })}
        </p>
        <button type="button" onClick={() => void open(patientId)}>
          {t('tryAgain')}
        </button>
      </div>
    );
  }
  if (!data || shownId !== patientId) return <p className="chart muted">{loading ? t('opening') : ''}</p>;
  return <ChartBody patientId={patientId} data={data} titleRef={titleRef} error={error} />;
}

function ChartBody({
  patientId,
  data,
  titleRef,
  error,
}: {
  patientId: string;
  data: ChartData;
  titleRef: RefObject<HTMLHeadingElement | null>;
  error: string | undefined;
}) {
  const { t } = useT('chart');
  const go = useNavigation((s) => s.go);
  const summary = useSummary(data);
  const view = data.patient;
  const p = view.doc;
  const name = `${asString(p.firstName)} ${asString(p.lastName)}`.trim() || t('noName');

  return (
    <article className="chart" aria-labelledby="chart-title">
      <div className="chart-sticky">
        <header className="chart-header">
          <div>
            <h2 id="chart-title" tabIndex={-1} ref={titleRef}>
              {name}
            </h2>
            <Identity patient={p} today={new Date()} />
            <div className="badges">
              <ConflictBadge view={view} />
              <ConflictHint view={view} />
              {p.active === false && <span className="badge">{t('fileClosed')}</span>}
              {isSampleId(patientId) && (
                <span className="badge badge-sample" title={t('sampleHint')}>
                  {t('sample')}
                </span>
              )}
              {view.invalid && (
                <span className="badge badge-warn">
                  <span aria-hidden="true">⚠ </span>
                  {t('recordProblems')}
                </span>
              )}
            </div>
          </div>
          <div className="chart-actions">
            <button type="button" onClick={() => go({ kind: 'newContact', patientId })}>
              {t('newContact')}
            </button>
            <button type="button" className="secondary" onClick={() => go({ kind: 'editPatient', patientId })}>
              {t('editPatient')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => go({ kind: 'history', id: patientId, patientId, title: name })}
            >
              {t('history')}
            </button>
            <WhoOpenedButton patientId={patientId} />
          </div>
        </header>
        <AllergyBanner patientId={patientId} status={summary.allergies} />
      </div>
      <InvalidWarning view={view} what="patient record" />
      {error && (
        <p className="form-message" role="alert">
          {t('refreshFailed', { error })}
        </p>
      )}

      <ClinicalSummary summary={summary} />
      <Demographics p={p} />
      <Addresses p={p} />
      <HealthElements patientId={patientId} views={data.healthElements} />
      <ContactTimeline views={data.contacts} />
    </article>
  );
}

function Demographics({ p }: { p: Record<string, unknown> }) {
  const { t } = useT('chart');
  const languages = asArray(p.languages).map(asString).filter(Boolean);
  return (
    <section aria-labelledby="demo-title" className="card">
      <h3 id="demo-title">{t('demographics')}</h3>
      <dl className="facts">
        <dt>{t('dateOfBirth')}</dt>
        <dd>
          {showFuzzyDate(p.dateOfBirth) ||
            (p.dateOfBirth === undefined ? '—' : t('unreadable', { value: asString(p.dateOfBirth) }))}
        </dd>
        <dt>{t('genderLabel')}</dt>
        <dd>{asString(p.gender) ? t(`gender.${asString(p.gender)}`, { defaultValue: asString(p.gender) }) : '—'}</dd>
        <dt>{t('ssinLabel')}</dt>
        <dd>{asString(p.ssin) || '—'}</dd>
        <dt>{t('languages')}</dt>
        <dd>{languages.join(', ') || '—'}</dd>
        {asString(p.note) && (
          <>
            <dt>{t('note')}</dt>
            <dd className="pre">{asString(p.note)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Addresses({ p }: { p: Record<string, unknown> }) {
  const { t } = useT('chart');
  const addresses = asArray(p.addresses).map(asObject);
  const kind = (group: string, v: unknown) =>
    asString(v) ? t(`${group}.${asString(v)}`, { defaultValue: asString(v) }) : '';
  return (
    <section aria-labelledby="addr-title" className="card">
      <h3 id="addr-title">{t('addresses')}</h3>
      {addresses.length === 0 ? (
        <p className="muted">{t('noAddress')}</p>
      ) : (
        <ul className="addresses">
          {addresses.map((a, i) => (
            <li key={asString(a.id) || i}>
              <span className="tag">{kind('addressType', a.addressType) || t('address')}</span>{' '}
              {[
                [asString(a.street), asString(a.houseNumber)].filter(Boolean).join(' ') +
                  (asString(a.postboxNumber) ? ` ${t('box', { number: asString(a.postboxNumber) })}` : ''),
                [asString(a.postalCode), asString(a.city)].filter(Boolean).join(' '),
                asString(a.country),
              ]
                .filter(Boolean)
                .join(', ') || <span className="muted">{t('noStreet')}</span>}
              {asArray(a.telecoms).length > 0 && (
                <ul className="telecoms">
                  {asArray(a.telecoms)
                    .map(asObject)
                    .map((tc, j) => (
                      <li key={asString(tc.id) || j}>
                        {kind('telecomType', tc.telecomType)}: {asString(tc.telecomNumber)}
                      </li>
                    ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
