// Right pane: the open patient's chart.
import { useEffect, useRef } from 'react';
import { asArray, asObject, asString, showFuzzyDate } from '../forms/values';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { ContactTimeline } from './ContactTimeline';
import { HealthElements } from './HealthElements';
import { ConflictBadge, InvalidWarning } from './RecordWarnings';

export function PatientChart({ patientId }: { patientId: string }) {
  const { data, loading, error, open } = useChart();
  const go = useNavigation((s) => s.go);
  const shownId = useChart((s) => s.patientId);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const ready = data !== undefined && shownId === patientId;

  useEffect(() => {
    if (shownId !== patientId || !data) void open(patientId);
    // Only when the requested patient changes; reloads on change come from events.
  }, [patientId]);

  // After a save or an open, keyboard users land on the chart rather than on the page body.
  useEffect(() => {
    if (ready && (document.activeElement === document.body || document.activeElement === null)) titleRef.current?.focus();
  }, [ready, patientId]);

  if (error && !data) {
    return (
      <div className="chart">
        <p className="form-message" role="alert">
          Could not open the chart: {error}
        </p>
        <button type="button" onClick={() => void open(patientId)}>
          Try again
        </button>
      </div>
    );
  }
  if (!data || shownId !== patientId) return <p className="chart muted">{loading ? 'Opening chart…' : ''}</p>;

  const view = data.patient;
  const p = view.doc;
  const name = `${asString(p.firstName)} ${asString(p.lastName)}`.trim() || '(no name)';
  const addresses = asArray(p.addresses).map(asObject);
  const languages = asArray(p.languages).map(asString).filter(Boolean);

  return (
    <article className="chart" aria-labelledby="chart-title">
      <header className="chart-header">
        <div>
          <h2 id="chart-title" tabIndex={-1} ref={titleRef}>{name}</h2>
          <div className="badges">
            <ConflictBadge view={view} />
            {p.active === false && <span className="badge">File closed</span>}
            {view.invalid && (
              <span className="badge badge-warn">
                <span aria-hidden="true">⚠ </span>Record has problems
              </span>
            )}
          </div>
        </div>
        <div className="chart-actions">
          <button type="button" onClick={() => go({ kind: 'newContact', patientId })}>
            New contact
          </button>
          <button type="button" className="secondary" onClick={() => go({ kind: 'editPatient', patientId })}>
            Edit patient
          </button>
          <button type="button" className="secondary" onClick={() => go({ kind: 'history', id: patientId, patientId, title: name })}>
            History
          </button>
        </div>
      </header>
      <InvalidWarning view={view} what="patient record" />
      {error && (
        <p className="form-message" role="alert">
          Could not refresh the chart: {error}
        </p>
      )}

      <section aria-labelledby="demo-title" className="card">
        <h3 id="demo-title">Demographics</h3>
        <dl className="facts">
          <dt>Date of birth</dt>
          <dd>{showFuzzyDate(p.dateOfBirth) || (p.dateOfBirth === undefined ? '—' : `${asString(p.dateOfBirth)} (unreadable)`)}</dd>
          <dt>Gender</dt>
          <dd>{asString(p.gender) || '—'}</dd>
          <dt>SSIN</dt>
          <dd>{asString(p.ssin) || '—'}</dd>
          <dt>Languages</dt>
          <dd>{languages.join(', ') || '—'}</dd>
          {asString(p.note) && (
            <>
              <dt>Note</dt>
              <dd className="pre">{asString(p.note)}</dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="addr-title" className="card">
        <h3 id="addr-title">Addresses and telecoms</h3>
        {addresses.length === 0 ? (
          <p className="muted">No address recorded.</p>
        ) : (
          <ul className="addresses">
            {addresses.map((a, i) => (
              <li key={asString(a.id) || i}>
                <span className="tag">{asString(a.addressType) || 'address'}</span>{' '}
                {[
                  [asString(a.street), asString(a.houseNumber)].filter(Boolean).join(' ') + (asString(a.postboxNumber) ? ` box ${asString(a.postboxNumber)}` : ''),
                  [asString(a.postalCode), asString(a.city)].filter(Boolean).join(' '),
                  asString(a.country),
                ]
                  .filter(Boolean)
                  .join(', ') || <span className="muted">(no street address)</span>}
                {asArray(a.telecoms).length > 0 && (
                  <ul className="telecoms">
                    {asArray(a.telecoms)
                      .map(asObject)
                      .map((t, j) => (
                        <li key={asString(t.id) || j}>
                          {asString(t.telecomType)}: {asString(t.telecomNumber)}
                        </li>
                      ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <HealthElements patientId={patientId} views={data.healthElements} />
      <ContactTimeline views={data.contacts} />
    </article>
  );
}
