// A contact of the patient, new or corrected: when, why, and the facts recorded (measurements, note,
// medication). Enter never saves (Ctrl+Enter and Ctrl+S do); leaving with changes asks first; what
// is typed is kept as a draft by the core until it is saved or discarded.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { JsonObject } from '../../shared/conflicts/json';
import { api } from '../client';
import { newId, nowFuzzyText, showFuzzyDateTime } from '../forms/values';
import { useDraft } from '../forms/useDraft';
import { useLeaveGuard } from '../forms/useLeaveGuard';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { FormMessage, TextField } from '../ui/fields';
import { latestHeight } from './bmi';
import { MeasureFields, MedicationFields, useIssueText } from './ContactFields';
import {
  contactValuesFrom,
  emptyContactForm,
  formFromContact,
  sameValues,
  type ContactBase,
  type ContactFormValues,
  type MeasureField,
} from './contactForm';
import { measureFieldOf, useContactSave } from './useContactSave';
import './contacts.css';

export function ContactEditor({ patientId, contactId }: { patientId: string; contactId?: string }) {
  const { t } = useT('contacts');
  const [loaded, setLoaded] = useState<{ values: ContactFormValues; base: ContactBase } | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (!contactId) return;
    api.call('records.get', { id: contactId }).then(
      (v) => setLoaded(formFromContact(v.doc)),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [contactId]);
  const fresh = useMemo(() => emptyContactForm(nowFuzzyText(new Date())), []);
  if (error) return <FormMessage message={t('openFailed', { message: error })} />;
  if (contactId && !loaded) return <p className="muted">{t('opening')}</p>;
  return <ContactForm patientId={patientId} initial={loaded?.values ?? fresh} base={loaded?.base} />;
}

function ContactForm({
  patientId,
  initial,
  base,
}: {
  patientId: string;
  initial: ContactFormValues;
  base: ContactBase | undefined;
}) {
  const { t } = useT('contacts');
  const text = useIssueText();
  const [values, setValues] = useState(initial);
  const [confirmed, setConfirmed] = useState<Set<MeasureField>>(new Set());
  const [contactId] = useState(() => base?.doc._id ?? newId());
  const formRef = useRef<HTMLFormElement>(null);
  const go = useNavigation((s) => s.go);
  const chart = useChart((s) => s.data);
  const patientName =
    chart?.patient.doc._id === patientId
      ? `${String(chart.patient.doc.firstName ?? '')} ${String(chart.patient.doc.lastName ?? '')}`.trim()
      : '';
  const latest = useMemo(() => latestHeight(chart?.contacts ?? [], base?.doc._id), [chart, base]);
  const dirty = !sameValues(values, initial);

  const draft = useDraft<JsonObject>({
    key: base ? `contact:${base.doc._id}` : `contact:new:${patientId}`,
    values: values as unknown as JsonObject,
    dirty,
    parse: (raw) => contactValuesFrom(raw, initial) as unknown as JsonObject | undefined,
    restore: (v) => setValues(v as unknown as ContactFormValues),
  });
  const leaveFreely = useLeaveGuard(dirty, { question: t('leaveQuestion'), onLeave: () => void draft.discard() });
  const toChart = () => go({ kind: 'chart', patientId });
  const s = useContactSave({
    patientId,
    newId: contactId,
    values,
    confirmed,
    initialBase: base,
    onSaved: async () => {
      await draft.discard();
      await useChart.getState().open(patientId);
      leaveFreely(toChart);
    },
  });

  // A refused submit: focus the first field that needs attention (in the order they are shown).
  useEffect(() => {
    if (s.attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [s.attempt]);

  const set = <K extends keyof ContactFormValues>(k: K, v: ContactFormValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    const m = measureFieldOf(k);
    if (m && confirmed.has(m)) setConfirmed((c) => new Set([...c].filter((f) => f !== m)));
  };
  const onConfirm = (f: MeasureField, on: boolean) =>
    setConfirmed((c) => (on ? new Set([...c, f]) : new Set([...c].filter((x) => x !== f))));
  const discardDraft = () => {
    void draft.discard();
    setValues(initial);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const target = e.target as HTMLElement;
    const ctrl = e.ctrlKey || e.metaKey;
    if ((ctrl && e.key === 'Enter') || (ctrl && e.key.toLowerCase() === 's')) {
      e.preventDefault();
      void s.save(false);
    } else if (e.key === 'Enter' && target instanceof HTMLInputElement) {
      e.preventDefault(); // a half-filled contact is never saved by Enter
    } else if (e.key === 'Escape') {
      e.preventDefault();
      toChart();
    }
  };
  const title = base
    ? t('titleEdit', { when: showFuzzyDateTime(base.doc.openingDate) })
    : patientName
      ? t('titleNewFor', { name: patientName })
      : t('titleNew');

  return (
    <form
      ref={formRef}
      className="editor"
      aria-labelledby="contact-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(false);
      }}
      onKeyDown={onKeyDown}
      noValidate
    >
      <h2 id="contact-form-title">{title}</h2>
      {draft.restoredAt !== undefined && dirty && (
        <div className="notice" role="status">
          {t('draftRestored', { when: formatDateTime(new Date(draft.restoredAt)) })}{' '}
          <button type="button" className="secondary small" onClick={discardDraft}>
            {t('discardDraft')}
          </button>
        </div>
      )}
      <fieldset disabled={s.saving}>
        <legend>{t('encounter')}</legend>
        <div className="grid2">
          <TextField
            label={t('openingDate')}
            hint={t('openingDateHint')}
            value={values.openingDate}
            error={text(s.errors.openingDate)}
            onChange={(v) => set('openingDate', v)}
          />
          <TextField
            label={t('reason')}
            value={values.descr}
            error={text(s.errors.descr)}
            onChange={(v) => set('descr', v)}
            autoFocus
          />
        </div>
      </fieldset>
      <fieldset disabled={s.saving}>
        <legend>{t('measurements')}</legend>
        <MeasureFields
          values={values}
          errors={s.errors}
          disabled={s.saving}
          set={set}
          latest={latest}
          confirmed={confirmed}
          onConfirm={onConfirm}
        />
        <TextField
          label={t('note')}
          multiline
          value={values.note}
          error={text(s.errors.note)}
          onChange={(v) => set('note', v)}
        />
      </fieldset>
      <fieldset disabled={s.saving}>
        <legend>{t('medicationGroup')}</legend>
        <MedicationFields values={values} errors={s.errors} disabled={s.saving} set={set} />
      </fieldset>
      <FormMessage message={s.message} />
      <p className="field-hint">{t('keys')}</p>
      <p className="field-hint" aria-live="polite">
        {draft.status === 'saving'
          ? t('draftSaving')
          : draft.status === 'saved'
            ? t('draftSaved')
            : draft.status === 'failed'
              ? t('draftFailed')
              : ''}
      </p>
      <div className="form-actions">
        <button type="submit" disabled={s.saving}>
          {s.saving ? t('saving') : s.base ? t('saveCorrection') : t('save')}
        </button>
        {!base?.doc.closingDate && (
          <button type="button" className="secondary" disabled={s.saving} onClick={() => void s.save(true)}>
            {t('saveAndClose')}
          </button>
        )}
        <button type="button" className="secondary" onClick={toChart}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
