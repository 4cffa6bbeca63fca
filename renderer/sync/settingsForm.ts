// The connection settings form's values and the call inputs built from them. The password is
// never pre-filled: an empty box means "keep the stored one", so it is left out of the input.
import type { CallInput, CallOutput } from '../../shared/contract/contract';

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
