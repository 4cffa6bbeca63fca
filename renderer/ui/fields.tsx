// Labelled form controls with their validation message beside them, tied by aria-describedby.
import { useId, type ReactNode } from 'react';
import { useT } from '../i18n';

type Common = {
  label: string;
  error?: string | undefined;
  /** Shown beside the field like an error, but saving is still allowed. */
  warning?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
  className?: string | undefined;
};

type Notes = { id: string; error?: string | undefined; warning?: string | undefined; hint?: string | undefined };

function Described({ id, error, warning, hint }: Notes) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {warning && (
        <p className="field-warning" id={`${id}-warning`}>
          {warning}
        </p>
      )}
    </>
  );
}

function describedBy({ id, error, warning, hint }: Notes): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', warning ? `${id}-warning` : '']
    .filter(Boolean)
    .join(' ');
  return ids || undefined;
}

export function TextField(
  props: Common & {
    value: string;
    onChange(value: string): void;
    multiline?: boolean;
    inputMode?: 'numeric' | 'decimal' | 'text';
    placeholder?: string;
    autoFocus?: boolean;
    /** A stable id (the form focuses it), instead of a generated one. */
    id?: string | undefined;
  },
) {
  const generated = useId();
  const id = props.id ?? generated;
  const common = {
    id,
    value: props.value,
    disabled: props.disabled,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy({ id, error: props.error, warning: props.warning, hint: props.hint }),
    placeholder: props.placeholder,
    autoFocus: props.autoFocus,
  };
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" inputMode={props.inputMode} onChange={(e) => props.onChange(e.target.value)} />
      )}
      <Described id={id} error={props.error} warning={props.warning} hint={props.hint} />
    </div>
  );
}

export function SelectField(
  props: Common & {
    value: string;
    onChange(value: string): void;
    options: readonly (string | { value: string; label: string })[];
  },
) {
  const id = useId();
  const options = props.options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  // A stored value this version does not list is still shown, so saving never silently changes it.
  if (props.value && !options.some((o) => o.value === props.value))
    options.push({ value: props.value, label: props.value });
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy({ id, error: props.error, warning: props.warning, hint: props.hint })}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Described id={id} error={props.error} warning={props.warning} hint={props.hint} />
    </div>
  );
}

export function CheckField(props: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

/** A form part whose stored value this version cannot show: kept as is unless the user replaces it. */
export function Locked(props: {
  label: string;
  raw: string;
  reason: string | undefined;
  onReplace(): void;
  children?: ReactNode;
}) {
  const { t } = useT('patients');
  return (
    <div className="locked" role="group" aria-label={t('patients:locked.group', { label: props.label })}>
      <p>
        <strong>{props.label}</strong>: {t('patients:locked.kept')}
        {props.reason && <> {t('patients:locked.problem', { reason: props.reason })}</>} {t('patients:locked.stored')}{' '}
        <code>{props.raw}</code>
      </p>
      <button type="button" className="secondary" onClick={props.onReplace}>
        {t('patients:locked.replace', { label: props.label.toLowerCase() })}
      </button>
    </div>
  );
}

export function FormMessage({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="form-message" role="alert">
      {message}
    </p>
  );
}

/** A form's Save (submits) and Cancel, Save saying so while the save runs. */
export function SaveCancel(props: {
  saving: boolean;
  disabled?: boolean;
  save: string;
  savingLabel: string;
  cancel: string;
  onCancel(): void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" disabled={props.disabled === true || props.saving}>
        {props.saving ? props.savingLabel : props.save}
      </button>
      <button type="button" className="secondary" onClick={props.onCancel}>
        {props.cancel}
      </button>
    </div>
  );
}
