// The connection settings form's values and the call inputs built from them. The password is
// never pre-filled: an empty box means "keep the stored one", so it is left out of the input.
import type { CallInput, CallOutput } from '../../shared/contract/contract';
import type { FormErrors } from '../forms/errors';
import { fixedT } from '../i18n';

const t = fixedT('sync');

export type SettingsFormValues = {
  serverUrl: string;
  db: string;
  username: string;
  password: string;
  enabled: boolean;
};

export function toSettingsForm(view: CallOutput<'sync.settings'>): SettingsFormValues {
  if (!view) return { serverUrl: '', db: 'practice', username: '', password: '', enabled: true };
  return { serverUrl: view.serverUrl, db: view.db, username: view.username, password: '', enabled: view.enabled };
}

export function toTestInput(v: SettingsFormValues): CallInput<'sync.testConnection'> {
  const base = { serverUrl: v.serverUrl.trim(), db: v.db.trim(), username: v.username.trim() };
  return v.password === '' ? base : { ...base, password: v.password };
}

export function toSaveInput(v: SettingsFormValues): CallInput<'sync.saveSettings'> {
  return { ...toTestInput(v), enabled: v.enabled };
}

const FIELD_ERRORS = {
  serverUrl: () => t('fieldError.serverUrl'),
  db: () => t('fieldError.db'),
  username: () => t('fieldError.username'),
  password: () => t('fieldError.password'),
} as const;

/**
 * The core's refusal in the user's language: the core words its field messages in English, one
 * rule per field here, so each known field gets its rule's words; anything else is shown as sent.
 */
export function settingsErrors(fe: FormErrors): { fields: Record<string, string>; message: string | undefined } {
  const fields: Record<string, string> = {};
  for (const [key, msg] of Object.entries(fe.fields))
    fields[key] = key in FIELD_ERRORS ? FIELD_ERRORS[key as keyof typeof FIELD_ERRORS]() : msg;
  return { fields, message: Object.keys(fields).length > 0 ? t('fieldError.fields') : fe.message };
}
