// A new contact for the patient: when, why, and the facts recorded (measurements, note, medication).
import { useState, type FormEvent } from 'react';
import type { RecordDraft } from '../../shared/records/schemas';
import { api } from '../client';
import { submitForm } from '../forms/errors';
import { nowFuzzyText } from '../forms/values';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { CheckField, FormMessage, TextField } from '../ui/fields';
import {
  DAY_PERIODS,
  buildContact,
  contactFieldErrors,
  emptyContactForm,
  type ContactFormField,
  type ContactFormValues,
} from './contactForm';

export function ContactEditor({ patientId }: { patientId: string }) {
  const [values, setValues] = useState<ContactFormValues>(() => emptyContactForm(nowFuzzyText(new Date())));
  const [errors, setErrors] = useState<Partial<Record<ContactFormField, string>>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const go = useNavigation((s) => s.go);
  const patientName = useChart((s) => {
    const d = s.data?.patient.doc;
    return d ? `${String(d.firstName ?? '')} ${String(d.lastName ?? '')}`.trim() : '';
  });
  const set = <K extends keyof ContactFormValues>(k: K, v: ContactFormValues[K]) =>
    setValues((s) => ({ ...s, [k]: v }));

  const save = async (close: boolean) => {
    const built = buildContact(values, patientId, close ? { close: new Date() } : {});
    setErrors(built.errors);
    if (!built.doc) {
      setMessage('Some fields need attention; see the messages beside them.');
      return;
    }
    setMessage(undefined);
    await submitForm(
      {
        setSaving,
        onErrors: (fe) => {
          setErrors(contactFieldErrors(fe.fields, built.serviceField));
          setMessage(fe.message);
        },
      },
      async () => {
        await api.call('records.save', { doc: built.doc as RecordDraft });
        await useChart.getState().open(patientId);
        go({ kind: 'chart', patientId });
      },
    );
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <form
      className="editor"
      aria-labelledby="contact-form-title"
      onSubmit={onSubmit}
      onKeyDown={(e) => e.key === 'Escape' && go({ kind: 'chart', patientId })}
      noValidate
    >
      <h2 id="contact-form-title">New contact{patientName ? ` for ${patientName}` : ''}</h2>
      <fieldset disabled={saving}>
        <legend>Encounter</legend>
        <div className="grid2">
          <TextField
            label="Opening date"
            hint="YYYY-MM-DD HH:MM"
            value={values.openingDate}
            error={errors.openingDate}
            onChange={(v) => set('openingDate', v)}
          />
          <TextField
            label="Reason for contact"
            value={values.descr}
            error={errors.descr}
            onChange={(v) => set('descr', v)}
            autoFocus
          />
        </div>
      </fieldset>
      <fieldset disabled={saving}>
        <legend>Measurements</legend>
        <div className="grid4">
          <TextField
            label="Blood pressure systolic (mmHg)"
            inputMode="numeric"
            value={values.systolic}
            error={errors.systolic}
            onChange={(v) => set('systolic', v)}
          />
          <TextField
            label="Blood pressure diastolic (mmHg)"
            inputMode="numeric"
            value={values.diastolic}
            error={errors.diastolic}
            onChange={(v) => set('diastolic', v)}
          />
          <TextField
            label="Weight (kg)"
            inputMode="decimal"
            value={values.weight}
            error={errors.weight}
            onChange={(v) => set('weight', v)}
          />
          <TextField
            label="Temperature (°C)"
            inputMode="decimal"
            value={values.temperature}
            error={errors.temperature}
            onChange={(v) => set('temperature', v)}
          />
        </div>
        <TextField
          label="Clinical note"
          multiline
          value={values.note}
          error={errors.note}
          onChange={(v) => set('note', v)}
        />
      </fieldset>
      <fieldset disabled={saving}>
        <legend>Medication</legend>
        <div className="grid2">
          <TextField
            label="Medication product"
            placeholder="e.g. Amlodipine 5 mg"
            value={values.medication}
            error={errors.medication}
            onChange={(v) => set('medication', v)}
          />
          <TextField
            label="Instructions for the patient"
            value={values.instructions}
            error={errors.instructions}
            onChange={(v) => set('instructions', v)}
          />
        </div>
        <div className="regimen">
          <TextField
            label="Quantity per intake"
            inputMode="decimal"
            className="narrow"
            value={values.quantity}
            error={errors.quantity}
            onChange={(v) => set('quantity', v)}
          />
          <TextField
            label="Unit"
            className="narrow"
            value={values.quantityUnit}
            error={errors.quantityUnit}
            onChange={(v) => set('quantityUnit', v)}
          />
          <div role="group" aria-label="When to take it" className="periods">
            {DAY_PERIODS.map((p) => (
              <CheckField
                key={p.code}
                label={p.label}
                checked={values.periods[p.code]}
                onChange={(c) => set('periods', { ...values.periods, [p.code]: c })}
              />
            ))}
          </div>
        </div>
      </fieldset>
      <FormMessage message={message} />
      <div className="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save contact'}
        </button>
        <button type="button" className="secondary" disabled={saving} onClick={() => void save(true)}>
          Save and close contact
        </button>
        <button type="button" className="secondary" onClick={() => go({ kind: 'chart', patientId })}>
          Cancel
        </button>
      </div>
    </form>
  );
}
