// The conflicts screens' pure wording goes through the same i18next instance as the components,
// so a word is translated once whether a component or a model function says it.
import { i18n } from '../i18n';

/** A key with its namespace ("conflicts:…") and its values → the string in the current language. */
export function t(key: string, options?: Record<string, unknown>): string {
  return String(i18n.t(key, (options ?? {}) as never));
}

/** Whether a key exists (field names, telecom types …): unknown ones are shown another way. */
export function has(key: string): boolean {
  return i18n.exists(key);
}
