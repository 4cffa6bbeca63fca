// A labelled text or password box for the session screens (autocomplete hints for password managers).
import { useId, type Ref } from 'react';

export function SessionField(props: {
  label: string;
  type: 'text' | 'password';
  autoComplete: 'username' | 'current-password';
  value: string;
  onChange(value: string): void;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  invalid?: boolean;
  describedBy?: string | undefined;
}) {
  const id = useId();
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
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}
