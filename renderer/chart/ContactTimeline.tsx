// Contacts of the patient, newest first, each with the facts recorded in it. A contact can be
// corrected (Edit reopens the editor with its values; the earlier version stays in its history),
// and a fact recorded by mistake is marked "entered in error": kept, struck out, never deleted.
import { useState } from 'react';
import type { RecordView } from '../../shared/contract/contract';
import { isEnteredInError } from '../../shared/clinical/measures';
import { formErrorsFrom } from '../forms/errors';
import { asArray, asObject, asString, showFuzzyDateTime } from '../forms/values';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { closeRecord, useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { api } from '../client';
import { FormMessage } from '../ui/fields';
import { describeServiceValue, isClosed } from './describe';
import { ConflictBadge, HistoryButton, InvalidWarning } from './RecordWarnings';
import '../contacts/contacts.css';

const openingOf = (v: RecordView) => (typeof v.doc.openingDate === 'number' ? v.doc.openingDate : -1);

export function ContactTimeline({ views }: { views: RecordView[] }) {
  const { t } = useT('contacts');
  const sorted = [...views].sort((a, b) => openingOf(b) - openingOf(a));
  return (
    <section aria-labelledby="contacts-title" className="card">
      <h3 id="contacts-title">{t('timeline.title')}</h3>
      {sorted.length === 0 ? (
        <p className="muted">{t('timeline.none')}</p>
      ) : (
        <ol className="timeline" aria-label={t('timeline.listLabel')}>
          {sorted.map((v) => (
            <ContactItem key={v.doc._id} view={v} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ContactItem({ view }: { view: RecordView }) {
  const { t } = useT('contacts');
  const d = view.doc;
  const when = showFuzzyDateTime(d.openingDate) || t('timeline.noDate');
  const closed = isClosed(d);
  const patientId = asString(d.patientId);
  const go = useNavigation((s) => s.go);
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
    <li className="contact" aria-label={t('timeline.item', { when })}>
      <div className="contact-head">
        <strong>{when}</strong>
        {asString(d.descr) && <span> — {asString(d.descr)}</span>}
        {closed ? (
          <span className="badge">{t('timeline.closed')}</span>
        ) : (
          <span className="badge badge-open">{t('timeline.open')}</span>
        )}
        <ConflictBadge view={view} />
        <HistoryButton id={d._id} patientId={patientId} title={t('timeline.historyTitle', { when })} />
        <button
          type="button"
          className="secondary small"
          aria-label={t('timeline.editLabel', { when })}
          onClick={() => go({ kind: 'editContact', patientId, contactId: d._id })}
        >
          {t('timeline.edit')}
        </button>
        {!closed && (
          <button
            type="button"
            className="secondary small"
            onClick={() => void close()}
            aria-label={t('timeline.closeLabel', { when })}
          >
            {t('timeline.close')}
          </button>
        )}
      </div>
      <InvalidWarning view={view} what="contact" />
      {services.length > 0 ? (
        <dl className="services">
          {services.map((s, i) => (
            <ServiceRow key={asString(s.id) || i} contact={view} service={s} onError={setError} />
          ))}
        </dl>
      ) : (
        <p className="muted">{t('timeline.nothing')}</p>
      )}
      <FormMessage message={error} />
    </li>
  );
}

function ServiceRow(p: {
  contact: RecordView;
  service: Record<string, unknown>;
  onError(message: string | undefined): void;
}) {
  const { t } = useT('contacts');
  const s = p.service;
  const label = asString(s.label) || t('timeline.service');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const mark = asObject(s.enteredInError);
  const inError = isEnteredInError(s);
  const markIt = async () => {
    p.onError(undefined);
    try {
      await api.call('contacts.enterInError', {
        id: p.contact.doc._id,
        rev: p.contact.doc._rev,
        serviceId: asString(s.id),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setAsking(false);
      await useChart.getState().reload();
    } catch (err) {
      p.onError(formErrorsFrom(err).message);
    }
  };
  return (
    <div className={`service${inError ? ' service-in-error' : ''}`}>
      <dt>{inError ? <s>{label}</s> : label}</dt>
      <dd>
        {inError ? (
          <>
            <s>{describeServiceValue(s)}</s> <span className="badge badge-warn">{t('timeline.inError')}</span>
            <span className="muted">
              {' '}
              {t('timeline.inErrorBy', {
                who: asString(mark.by),
                when: typeof mark.at === 'number' ? formatDateTime(new Date(mark.at)) : '?',
              })}
              {asString(mark.reason) && ` — ${t('timeline.inErrorReason', { reason: asString(mark.reason) })}`}
            </span>
          </>
        ) : (
          <>
            {describeServiceValue(s)}{' '}
            {!asking && asString(s.id) && (
              <button
                type="button"
                className="link small"
                aria-label={t('timeline.markInErrorLabel', { label })}
                onClick={() => setAsking(true)}
              >
                {t('timeline.markInError')}
              </button>
            )}
          </>
        )}
        {asking && (
          <span className="mark-in-error" role="group" aria-label={t('timeline.markInErrorLabel', { label })}>
            <span className="field-hint">{t('timeline.markHint')}</span>
            <label>
              {t('timeline.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="button" className="small" onClick={() => void markIt()}>
              {t('timeline.confirmMark')}
            </button>
            <button type="button" className="secondary small" onClick={() => setAsking(false)}>
              {t('timeline.keep')}
            </button>
          </span>
        )}
      </dd>
    </div>
  );
}
