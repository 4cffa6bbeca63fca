// Contacts of the patient, newest first, each with the facts recorded in it.
import { useState } from 'react';
import type { RecordView } from '../../shared/contract/contract';
import { formErrorsFrom } from '../forms/errors';
import { asArray, asObject, asString, showFuzzyDateTime } from '../forms/values';
import { closeRecord } from '../stores/chart';
import { FormMessage } from '../ui/fields';
import { describeServiceValue, isClosed } from './describe';
import { ConflictBadge, HistoryButton, InvalidWarning } from './RecordWarnings';

const openingOf = (v: RecordView) => (typeof v.doc.openingDate === 'number' ? v.doc.openingDate : -1);

export function ContactTimeline({ views }: { views: RecordView[] }) {
  const sorted = [...views].sort((a, b) => openingOf(b) - openingOf(a));
  return (
    <section aria-labelledby="contacts-title" className="card">
      <h3 id="contacts-title">Contacts</h3>
      {sorted.length === 0 ? (
        <p className="muted">No contact recorded.</p>
      ) : (
        <ol className="timeline" aria-label="Contacts, newest first">
          {sorted.map((v) => (
            <ContactItem key={v.doc._id} view={v} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ContactItem({ view }: { view: RecordView }) {
  const d = view.doc;
  const when = showFuzzyDateTime(d.openingDate) || '(no date)';
  const closed = isClosed(d);
  const services = asArray(d.services)
    .map(asObject)
    .filter((s) => s.endOfLife === undefined);
  const [error, setError] = useState<string | undefined>();
  const close = async () => {
    setError(undefined);
    try {
      await closeRecord(d._id, d._rev);
    } catch (err) {
      setError(formErrorsFrom(err).message);
    }
  };
  return (
    <li className="contact" aria-label={`Contact ${when}`}>
      <div className="contact-head">
        <strong>{when}</strong>
        {asString(d.descr) && <span> — {asString(d.descr)}</span>}
        {closed ? <span className="badge">Closed</span> : <span className="badge badge-open">Open</span>}
        <ConflictBadge view={view} />
        <HistoryButton id={d._id} patientId={asString(d.patientId)} title={`contact ${when}`} />
        {!closed && (
          <button type="button" className="secondary small" onClick={() => void close()} aria-label={`Close contact ${when}`}>
            Close contact
          </button>
        )}
      </div>
      <InvalidWarning view={view} what="contact" />
      {services.length > 0 ? (
        <dl className="services">
          {services.map((s, i) => (
            <div key={asString(s.id) || i} className="service">
              <dt>{asString(s.label) || 'Service'}</dt>
              <dd>{describeServiceValue(s)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">Nothing recorded.</p>
      )}
      <FormMessage message={error} />
    </li>
  );
}
