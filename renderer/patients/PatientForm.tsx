// Create or edit a patient. Saves the whole document back with the changes (unknown fields kept);
// parts a stored record cannot show are locked until the user chooses to replace them.
import { useEffect, useState, type FormEvent } from 'react';
import type { RecordDraft } from '../../shared/records/schemas';
import { GENDERS } from '../../shared/records/schemas';
import { api } from '../client';
import { errorAt, lockedKeys, submitForm } from '../forms/errors';
import { rawText } from '../forms/values';
import { useChart } from '../stores/chart';
import { useNavigation } from '../stores/navigation';
import { FormMessage, Locked, SelectField, TextField } from '../ui/fields';
import {
  ADDRESS_TYPES,
  TELECOM_TYPES,
  emptyAddress,
  emptyTelecom,
  fromPatientForm,
  toPatientForm,
  type AddressForm,
  type PatientFormValues,
  type TelecomForm,
} from './patientForm';
import type { RecordView } from '../../shared/contract/contract';

const GENDER_LABELS: Record<string, string> = {
  male: 'Male',
  female: 'Female',
  indeterminate: 'Indeterminate',
  changed: 'Changed',
  changedToMale: 'Changed to male',
  changedToFemale: 'Changed to female',
  unknown: 'Unknown',
};

export function PatientForm({ view }: { view?: RecordView | undefined }) {
  const original = view?.doc;
  const [values, setValues] = useState<PatientFormValues>(() => toPatientForm(original));
  const [locked, setLocked] = useState(() => lockedKeys(view?.invalid));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const go = useNavigation((s) => s.go);
  const whole = locked.has('(record)') || locked.has('type');
  const title = original ? 'Edit patient' : 'New patient';

  useEffect(() => {
    document.getElementById('patient-first-name')?.focus();
  }, []);

  const set = <K extends keyof PatientFormValues>(key: K, value: PatientFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const setAddress = (i: number, change: Partial<AddressForm>) =>
    setValues((v) => ({ ...v, addresses: v.addresses.map((a, j) => (j === i ? { ...a, ...change } : a)) }));
  const setTelecom = (i: number, k: number, change: Partial<TelecomForm>) =>
    setAddress(i, { telecoms: values.addresses[i]?.telecoms.map((t, j) => (j === k ? { ...t, ...change } : t)) ?? [] });
  const unlock = (key: string) => setLocked((s) => new Set([...s].filter((k) => k !== key)));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const built = fromPatientForm(values, original, locked);
    setFields(built.errors);
    if (Object.keys(built.errors).length > 0) {
      setMessage('Some fields need attention; see the messages beside them.');
      return;
    }
    setMessage(undefined);
    await submitForm(
      {
        setSaving,
        onErrors: (fe) => {
          setFields(fe.fields);
          setMessage(fe.message);
        },
      },
      async () => {
        const saved = await api.call('records.save', { doc: built.doc as RecordDraft });
        await useChart.getState().open(saved.doc._id);
        go({ kind: 'chart', patientId: saved.doc._id });
      },
    );
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
  const err = (path: string) => fields[path] ?? errorAt(fields, path);

  return (
    <form
      className="editor"
      aria-labelledby="patient-form-title"
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => e.key === 'Escape' && cancel()}
      noValidate
    >
      <h2 id="patient-form-title">{title}</h2>
      {whole && (
        <p className="warning" role="alert">
          This record can't be edited here: {Object.values(view?.invalid ?? {}).join('; ')}
        </p>
      )}
      <fieldset disabled={whole || saving}>
        <legend>Identity</legend>
        <div className="grid2">
          {lockedPart('firstName', 'First name') ?? (
            <FirstName value={values.firstName} error={err('firstName')} onChange={(v) => set('firstName', v)} />
          )}
          {lockedPart('lastName', 'Last name') ?? (
            <TextField
              label="Last name"
              value={values.lastName}
              error={err('lastName')}
              onChange={(v) => set('lastName', v)}
            />
          )}
          {lockedPart('dateOfBirth', 'Date of birth') ?? (
            <TextField
              label="Date of birth"
              hint="YYYY-MM-DD, or YYYY-MM or YYYY when the exact day is unknown"
              value={values.dateOfBirth}
              error={err('dateOfBirth')}
              onChange={(v) => set('dateOfBirth', v)}
            />
          )}
          {lockedPart('gender', 'Gender') ?? (
            <SelectField
              label="Gender"
              value={values.gender}
              error={err('gender')}
              options={GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] ?? g }))}
              onChange={(v) => set('gender', v)}
            />
          )}
          {lockedPart('ssin', 'SSIN') ?? (
            <TextField
              label="SSIN (national number)"
              hint="11 digits"
              inputMode="numeric"
              value={values.ssin}
              error={err('ssin')}
              onChange={(v) => set('ssin', v)}
            />
          )}
          {lockedPart('languages', 'Languages') ?? (
            <TextField
              label="Languages"
              hint="ISO codes, e.g. fr, nl, en"
              value={values.languages}
              error={err('languages')}
              onChange={(v) => set('languages', v)}
            />
          )}
        </div>
        {lockedPart('note', 'Note') ?? (
          <TextField label="Note" multiline value={values.note} error={err('note')} onChange={(v) => set('note', v)} />
        )}
      </fieldset>

      <fieldset disabled={whole || saving}>
        <legend>Addresses and telecoms</legend>
        {lockedPart('addresses', 'Addresses') ?? (
          <>
            {values.addresses.length === 0 && <p className="muted">No address yet.</p>}
            {values.addresses.map((a, i) => (
              <div className="address-editor" key={a.id} role="group" aria-label={`Address ${i + 1}`}>
                <div className="grid3">
                  <SelectField
                    label={`Address ${i + 1} type`}
                    value={a.addressType}
                    options={ADDRESS_TYPES}
                    error={err(`addresses.${i}.addressType`)}
                    onChange={(v) => setAddress(i, { addressType: v })}
                  />
                  <TextField
                    label="Street"
                    value={a.street}
                    error={err(`addresses.${i}.street`)}
                    onChange={(v) => setAddress(i, { street: v })}
                  />
                  <TextField
                    label="Number"
                    value={a.houseNumber}
                    error={err(`addresses.${i}.houseNumber`)}
                    onChange={(v) => setAddress(i, { houseNumber: v })}
                  />
                  <TextField
                    label="Box"
                    value={a.postboxNumber}
                    error={err(`addresses.${i}.postboxNumber`)}
                    onChange={(v) => setAddress(i, { postboxNumber: v })}
                  />
                  <TextField
                    label="Postal code"
                    value={a.postalCode}
                    error={err(`addresses.${i}.postalCode`)}
                    onChange={(v) => setAddress(i, { postalCode: v })}
                  />
                  <TextField
                    label="City"
                    value={a.city}
                    error={err(`addresses.${i}.city`)}
                    onChange={(v) => setAddress(i, { city: v })}
                  />
                  <TextField
                    label="Country"
                    value={a.country}
                    error={err(`addresses.${i}.country`)}
                    onChange={(v) => setAddress(i, { country: v })}
                  />
                </div>
                {a.telecoms.map((t, k) => (
                  <div className="telecom-row" key={t.id}>
                    <SelectField
                      label={`Telecom ${k + 1} type`}
                      value={t.telecomType}
                      options={TELECOM_TYPES}
                      onChange={(v) => setTelecom(i, k, { telecomType: v })}
                    />
                    <TextField
                      label={`Telecom ${k + 1} number or address`}
                      value={t.telecomNumber}
                      error={err(`addresses.${i}.telecoms.${k}.telecomNumber`) ?? err(`addresses.${i}.telecoms.${k}`)}
                      onChange={(v) => setTelecom(i, k, { telecomNumber: v })}
                    />
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Remove telecom ${k + 1} of address ${i + 1}`}
                      onClick={() => setAddress(i, { telecoms: a.telecoms.filter((_, j) => j !== k) })}
                    >
                      Remove
                    </button>
                  </div>
                ))}
                <div className="row-actions">
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => setAddress(i, { telecoms: [...a.telecoms, emptyTelecom()] })}
                  >
                    Add telecom to address {i + 1}
                  </button>
                  <button
                    type="button"
                    className="secondary small danger"
                    onClick={() => setValues((v) => ({ ...v, addresses: v.addresses.filter((_, j) => j !== i) }))}
                  >
                    Remove address {i + 1}
                  </button>
                </div>
              </div>
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() => setValues((v) => ({ ...v, addresses: [...v.addresses, emptyAddress()] }))}
            >
              Add address
            </button>
          </>
        )}
      </fieldset>
      <FormMessage message={message} />
      <div className="form-actions">
        <button type="submit" disabled={whole || saving}>
          {saving ? 'Saving…' : 'Save patient'}
        </button>
        <button type="button" className="secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function FirstName(props: { value: string; error: string | undefined; onChange(v: string): void }) {
  // Rendered through TextField but with a stable id the form focuses on open.
  return (
    <div className="field">
      <label htmlFor="patient-first-name">First name</label>
      <input
        id="patient-first-name"
        type="text"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? 'patient-first-name-error' : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <p className="field-error" id="patient-first-name-error">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </div>
  );
}
