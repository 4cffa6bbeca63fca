// Saving the contact editor: the form's own checks first (every error at once), then the core's
// save; an answer that does not come says so and keeps the input; a save that went through while
// no answer came is found again (the new contact's id is chosen here) and becomes a correction.
import { useState } from 'react';
import type { MeasureCode } from '../../shared/clinical/measures';
import type { RecordDraft } from '../../shared/records/schemas';
import { RemoteCallError } from '../../shared/contract/errors';
import { api, SAVE_TIMEOUT_MS } from '../client';
import { formErrorsFrom } from '../forms/errors';
import { useT } from '../i18n';
import { buildContact, contactFieldErrors, type FieldIssues } from './contactBuild';
import {
  MEASURE_FIELDS,
  formFromContact,
  type ContactBase,
  type ContactFormValues,
  type MeasureField,
} from './contactForm';

export type SaveState = {
  errors: FieldIssues;
  message: string | undefined;
  saving: boolean;
  /** Bumped on each refused submit, so the form moves focus to the first error. */
  attempt: number;
  base: ContactBase | undefined;
  save(close: boolean): Promise<void>;
  clearField(field: keyof ContactFormValues): void;
};

type Args = {
  patientId: string;
  /** The id a new contact gets (chosen once, so a retry never makes a second contact). */
  newId: string;
  values: ContactFormValues;
  confirmed: ReadonlySet<MeasureField>;
  initialBase: ContactBase | undefined;
  onSaved(): Promise<void>;
};

export function useContactSave(a: Args): SaveState {
  const { t } = useT('contacts');
  const [errors, setErrors] = useState<FieldIssues>({});
  const [message, setMessage] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [base, setBase] = useState(a.initialBase);

  const refuse = (e: FieldIssues, msg: string) => {
    setErrors(e);
    setMessage(msg);
    setAttempt((n) => n + 1);
  };

  const save = async (close: boolean) => {
    if (saving) return;
    const confirmed: Partial<Record<MeasureCode, number>> = {};
    for (const field of a.confirmed) {
      const read = buildContact(a.values, a.patientId, { ...(base ? { base } : {}) });
      for (const issue of read.errors[field]?.confirm ?? []) confirmed[issue.code] = issue.value;
    }
    const built = buildContact(a.values, a.patientId, {
      ...(base ? { base } : {}),
      confirmed,
      ...(close ? { close: new Date() } : {}),
    });
    if (!built.doc) return refuse(built.errors, t('fixFields'));
    const doc = base ? built.doc : { ...built.doc, _id: a.newId };
    setErrors({});
    setMessage(undefined);
    setSaving(true);
    try {
      await api.call('contacts.save', {
        doc: doc as RecordDraft & { type: 'contact' },
        confirmedMeasures: built.confirmedMeasures,
      });
      await a.onSaved();
    } catch (err) {
      await explain(err);
    } finally {
      setSaving(false);
    }
  };

  const explain = async (err: unknown) => {
    if (err instanceof RemoteCallError && err.code === 'unavailable') {
      return refuse({}, t('noAnswer', { seconds: SAVE_TIMEOUT_MS / 1000 }));
    }
    if (err instanceof RemoteCallError && err.code === 'conflict' && !base) {
      // Saved after all while no answer came: correct that contact rather than make a second one.
      const saved = await api.call('records.get', { id: a.newId }).catch(() => undefined);
      if (saved) {
        setBase(formFromContact(saved.doc).base);
        return refuse({}, t('savedMeanwhile'));
      }
    }
    const fe = formErrorsFrom(err);
    const built = buildContact(a.values, a.patientId, base ? { base } : {});
    const placed: FieldIssues = {};
    for (const [field, msg] of Object.entries(contactFieldErrors(fe.fields, built.serviceField))) {
      placed[field as keyof ContactFormValues] = { key: 'errors.core', values: { message: msg } };
    }
    refuse(placed, fe.message ?? t('fixFields'));
  };

  const clearField = (field: keyof ContactFormValues) =>
    setErrors((e) => {
      if (!e[field]) return e;
      const next = { ...e };
      delete next[field];
      return next;
    });

  return { errors, message, saving, attempt, base, save, clearField };
}

export const measureFieldOf = (k: string): MeasureField | undefined =>
  k in MEASURE_FIELDS ? (k as MeasureField) : undefined;
