// A contact of the patient, new or corrected: when, why, and the facts recorded (measurements, note,
// medication). Enter never saves (Ctrl+Enter and Ctrl+S do); leaving with changes asks first; what
// is typed is kept as a draft by the core until it is saved or discarded.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../client';
import { nowFuzzyText } from '../forms/values';
import { useT } from '../i18n';
import { FormMessage, TextField } from '../ui/fields';
import { MeasureFields, MedicationFields, useIssueText } from './ContactFields';
import { emptyContactForm, formFromContact, type ContactBase, type ContactFormValues } from './contactForm';
import { DraftNotice, DraftState, EditorActions, editorKeys } from './EditorParts';
import { useContactEditor } from './useContactEditor';
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
  const {
    values,
    set,
    confirmed,
    onConfirm,
    draft,
    staleDraft,
    s,
    dirty,
    toChart,
    discardDraft,
    latest,
    title,
    formRef,
  } = useContactEditor(patientId, initial, base);

  return (
    <form
      ref={formRef}
      className="editor"
      aria-labelledby="contact-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void s.save(false);
      }}
      onKeyDown={editorKeys(() => void s.save(false), toChart)}
      noValidate
    >
      <h2 id="contact-form-title">{title}</h2>
      <DraftNotice draft={draft} shown={dirty} stale={staleDraft} onDiscard={discardDraft} />
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
      <DraftState draft={draft} />
      <EditorActions
        saving={s.saving}
        correcting={s.base !== undefined}
        canClose={!base?.doc.closingDate}
        onClose={() => void s.save(true)}
        onCancel={toChart}
      />
    </form>
  );
}
