// Create or edit a patient. Saves the whole document back with the changes (unknown fields kept);
// parts a stored record cannot show are locked until the user chooses to replace them. Every
// problem shows on the first submit, beside its field, and focus goes to the first; the core
// answers duplicates, which the form shows with the existing chart one click away.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RecordView } from '../../shared/contract/contract';
import { GENDERS, type DraftOf } from '../../shared/records/schemas';
import { api } from '../client';
import { errorAt, focusFirstInvalid, lockedKeys, submitForm, type FormErrors } from '../forms/errors';
import { rawText } from '../forms/values';
import { useT } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { FormMessage, Locked, SaveCancel, SelectField, TextField } from '../ui/fields';
import { AddressesEditor } from './AddressesEditor';
import { DuplicateNotice, type DuplicateState } from './DuplicateNotice';
import { handleSubmitKeys } from './formKeys';
import { fromPatientForm, toPatientForm, type PatientFormValues } from './patientForm';
import { showProblem, showWarning } from './patientMessages';
import { usePatientDraft } from './usePatientDraft';

type Message = { key: 'someFields' | 'conflict' } | { text: string };

export function PatientForm({ view }: { view?: RecordView | undefined }) {
  const { t } = useT('patients');
  const original = view?.doc;
  const [initial] = useState<PatientFormValues>(() => toPatientForm(original));
  const [values, setValues] = useState<PatientFormValues>(initial);
  const [locked, setLocked] = useState(() => lockedKeys(view?.invalid));
  // Field path → an error code of the form or a message of the core (see patientMessages.ts).
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message | undefined>();
  const [duplicate, setDuplicate] = useState<DuplicateState | undefined>();
  const [saving, setSaving] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const go = useNavigation((s) => s.go);
  const whole = locked.has('(record)') || locked.has('type');
  const { draft, dirty, leaveFreely } = usePatientDraft({
    key: original ? `patient:${original._id}` : 'patient:new',
    initial,
    values,
    setValues,
    question: t('leaveQuestion'),
  });

  useEffect(() => {
    document.getElementById('patient-first-name')?.focus();
  }, []);
  useEffect(() => {
    if (focusTick > 0) focusFirstInvalid(formRef.current);
  }, [focusTick]);

  const update = (next: (v: PatientFormValues) => PatientFormValues) => {
    setValues(next);
    setDuplicate(undefined); // the question was about what was typed before
  };
  const set = <K extends keyof PatientFormValues>(key: K, value: PatientFormValues[K]) =>
    update((v) => ({ ...v, [key]: value }));
  const unlock = (key: string) => setLocked((s) => new Set([...s].filter((k) => k !== key)));
  const warnings = fromPatientForm(values, original, locked).warnings;

  // After a save, or to the existing chart of a duplicate: leaving on purpose, the draft goes.
  const openChart = async (patientId: string) => {
    await draft.discard();
    await useChart.getState().open(patientId);
    leaveFreely(() => go({ kind: 'chart', patientId }));
  };
  const discardDraft = () => {
    void draft.discard();
    setValues(initial);
  };

  const onErrors = (fe: FormErrors) => {
    if ((fe.code === 'duplicate' || fe.code === 'possible-duplicate') && fe.duplicates?.length) {
      setDuplicate({ kind: fe.code === 'duplicate' ? 'duplicate' : 'possible', candidates: fe.duplicates });
      setProblems(fe.fields);
      setMessage(undefined);
      if (fe.code === 'duplicate') setFocusTick((n) => n + 1);
      return;
    }
    setProblems(fe.fields);
    if (fe.code === 'conflict') setMessage({ key: 'conflict' });
    else setMessage(Object.keys(fe.fields).length > 0 ? { key: 'someFields' } : { text: fe.message ?? '' });
    setFocusTick((n) => n + 1);
  };

  const save = async (confirmDuplicate: boolean) => {
    if (saving) return;
    const built = fromPatientForm(values, original, locked);
    setProblems(built.errors);
    setDuplicate(undefined);
    if (Object.keys(built.errors).length > 0) {
      setMessage({ key: 'someFields' });
      setFocusTick((n) => n + 1);
      return;
    }
    setMessage(undefined);
    await submitForm({ setSaving, onErrors }, async () => {
      const doc = built.doc as DraftOf<'patient'>;
      const saved = await api.call('patients.save', { doc, confirmDuplicate });
      await openChart(saved.doc._id);
    });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  const cancel = () => go(original ? { kind: 'chart', patientId: original._id } : { kind: 'none' });
  const lockedPart = (key: string, label: string) =>
    locked.has(key) && !whole ? (
      <Locked
        label={label}
        raw={rawText(original?.[key])}
        reason={errorAt(view?.invalid ?? {}, key)}
        onReplace={() => unlock(key)}
      />
    ) : null;
  const err = (path: string) => showProblem(t, problems[path] ?? errorAt(problems, path));
  const shownMessage = message && ('key' in message ? t(`errors.${message.key}`) : message.text);

  return (
    <form
      ref={formRef}
      className="editor"
      aria-labelledby="patient-form-title"
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
        else handleSubmitKeys(e);
      }}
      noValidate
    >
      <h2 id="patient-form-title">{original ? t('titleEdit') : t('titleNew')}</h2>
      {draft.restoredAt !== undefined && dirty && (
        <div className="notice" role="status">
          {t('draftRestored', { when: formatDateTime(new Date(draft.restoredAt)) })}{' '}
          <button type="button" className="secondary small" onClick={discardDraft}>
            {t('discardDraft')}
          </button>
        </div>
      )}
      {whole && (
        <p className="warning" role="alert">
          {t('cannotEdit', { problems: Object.values(view?.invalid ?? {}).join('; ') })}
        </p>
      )}
      <fieldset disabled={whole || saving}>
        <legend>{t('identity')}</legend>
        <div className="grid2">
          {lockedPart('firstName', t('firstName')) ?? (
            <TextField
              id="patient-first-name"
              label={t('firstName')}
              value={values.firstName}
              error={err('firstName')}
              onChange={(v) => set('firstName', v)}
            />
          )}
          {lockedPart('lastName', t('lastName')) ?? (
            <TextField
              label={t('lastName')}
              value={values.lastName}
              error={err('lastName')}
              onChange={(v) => set('lastName', v)}
            />
          )}
          {lockedPart('dateOfBirth', t('dateOfBirth')) ?? (
            <TextField
              label={t('dateOfBirth')}
              hint={t('dateOfBirthHint')}
              value={values.dateOfBirth}
              error={err('dateOfBirth')}
              onChange={(v) => set('dateOfBirth', v)}
            />
          )}
          {lockedPart('gender', t('gender')) ?? (
            <SelectField
              label={t('gender')}
              value={values.gender}
              error={err('gender')}
              options={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))}
              onChange={(v) => set('gender', v)}
            />
          )}
          {lockedPart('ssin', t('ssin')) ?? (
            <TextField
              label={t('ssin')}
              hint={t('ssinHint')}
              inputMode="numeric"
              value={values.ssin}
              error={err('ssin')}
              warning={warnings.length > 0 ? warnings.map((w) => showWarning(t, w)).join(' ') : undefined}
              onChange={(v) => set('ssin', v)}
            />
          )}
          {lockedPart('languages', t('languages')) ?? (
            <TextField
              label={t('languages')}
              hint={t('languagesHint')}
              value={values.languages}
              error={err('languages')}
              onChange={(v) => set('languages', v)}
            />
          )}
        </div>
        {lockedPart('note', t('note')) ?? (
          <TextField
            label={t('note')}
            multiline
            value={values.note}
            error={err('note')}
            onChange={(v) => set('note', v)}
          />
        )}
      </fieldset>
      {duplicate?.kind === 'duplicate' && (
        <DuplicateNotice
          state={duplicate}
          busy={saving}
          onOpen={(id) => void openChart(id)}
          onConfirm={() => {}}
          onBack={() => setDuplicate(undefined)}
        />
      )}

      <fieldset disabled={whole || saving}>
        <legend>{t('addressesAndTelecoms')}</legend>
        {lockedPart('addresses', t('addressesAndTelecoms')) ?? (
          <AddressesEditor
            addresses={values.addresses}
            err={err}
            onChange={(addresses) => set('addresses', addresses)}
          />
        )}
      </fieldset>
      {duplicate?.kind === 'possible' && (
        <DuplicateNotice
          state={duplicate}
          busy={saving}
          onOpen={(id) => void openChart(id)}
          onConfirm={() => void save(true)}
          onBack={() => setDuplicate(undefined)}
        />
      )}
      <FormMessage message={shownMessage} />
      <p className="field-hint">{t('keysHint')}</p>
      <p className="field-hint" aria-live="polite">
        {draft.status === 'saving'
          ? t('draftSaving')
          : draft.status === 'saved'
            ? t('draftSaved')
            : draft.status === 'failed'
              ? t('draftFailed')
              : ''}
      </p>
      <SaveCancel
        saving={saving}
        disabled={whole}
        save={t('save')}
        savingLabel={t('saving')}
        cancel={t('cancel')}
        onCancel={cancel}
      />
    </form>
  );
}
