// Turns a failed call into what a form shows: a message and field → message beside the fields.
import { RemoteCallError, type DuplicateCandidate, type ErrorCode } from '../../shared/contract/errors';
import { fixedT } from '../i18n';

// The two messages every form shows, kept with the patient form's (where they were first written).
const t = fixedT('patients');

/** `code` and `duplicates` as the core answered them, for a form that says more than the message. */
export type FormErrors = {
  message?: string;
  fields: Record<string, string>;
  code?: ErrorCode;
  duplicates?: DuplicateCandidate[];
};

export function formErrorsFrom(err: unknown): FormErrors {
  if (err instanceof RemoteCallError) {
    const fields: Record<string, string> = {};
    // Input-schema failures are keyed from the call's input ("doc.firstName"); the form knows "firstName".
    for (const [key, msg] of Object.entries(err.fields ?? {})) fields[key.replace(/^doc\./, '')] = msg;
    const message =
      err.code === 'conflict'
        ? t('errors.conflict')
        : Object.keys(fields).length > 0
          ? t('errors.someFields')
          : byCode(err.code, err.message);
    const out: FormErrors = { message, fields, code: err.code };
    if (err.duplicates) out.duplicates = err.duplicates;
    return out;
  }
  return { message: err instanceof Error ? err.message : String(err), fields: {} };
}

/**
 * A failure without field messages, in the user's language: the code says what happened (the
 * core's and the transport's own text is English, kept as the detail where it adds something).
 */
function byCode(code: ErrorCode, detail: string): string {
  switch (code) {
    case 'unavailable':
      return t('errors.unavailable');
    case 'disk-full':
      return t('errors.diskFull');
    case 'not-found':
      return t('errors.notFound');
    case 'forbidden':
    case 'unauthenticated':
      return t('errors.forbidden');
    case 'duplicate':
    case 'possible-duplicate':
      return t('errors.duplicateFound');
    default:
      return t('errors.other', { detail });
  }
}

/** Runs a form's save: `saving` while it runs; a failure becomes the form's message and field messages. */
export async function submitForm(
  form: { setSaving(saving: boolean): void; onErrors(errors: FormErrors): void },
  save: () => Promise<void>,
): Promise<void> {
  form.setSaving(true);
  try {
    await save();
  } catch (err) {
    form.onErrors(formErrorsFrom(err));
  } finally {
    form.setSaving(false);
  }
}

/** The message for a field and for anything nested under it ("addresses.0" gets "addresses.0.city"). */
export function errorAt(fields: Record<string, string>, path: string): string | undefined {
  if (fields[path]) return fields[path];
  const prefix = `${path}.`;
  for (const [k, v] of Object.entries(fields)) if (k.startsWith(prefix)) return v;
  return undefined;
}

/** Top-level keys of a record's invalid fields: the form parts that cannot represent the stored value. */
export function lockedKeys(invalid: Record<string, string> | undefined): Set<string> {
  return new Set(Object.keys(invalid ?? {}).map((k) => k.split('.')[0] ?? k));
}

/** Moves focus to the first field marked invalid, in the order the form shows them. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  first?.focus();
}
