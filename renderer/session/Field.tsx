// A labelled text or password box for the session screens (autocomplete hints for password managers).
// `hint` and `error` are shown under the box and read with it; an error marks the box invalid.
import { useId, type Ref } from 'react';

export function SessionField(props: {
  label: string;
  type: 'text' | 'password';
  autoComplete: 'username' | 'current-password' | 'new-password';
  value: string;
  onChange(value: string): void;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  invalid?: boolean;
  describedBy?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  const id = useId();
  const described = [props.describedBy, props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        ref={props.inputRef}
        type={props.type}
        autoComplete={props.autoComplete}
        autoCapitalize="off"
        spellCheck={false}
        autoFocus={props.autoFocus}
        value={props.value}
        aria-invalid={props.invalid || props.error ? true : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
