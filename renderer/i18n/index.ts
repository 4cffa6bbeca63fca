// The UI's languages (French, Dutch, English) through i18next: one namespace per capability, a
// file per namespace and language in locales/<lang>/<ns>.ts, found by Vite's glob so a new
// namespace needs no registration. A missing key is reported (and fails the tests that look).
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, isLanguage, pickLanguage } from './languages';
import { completePlurals } from './plurals';

export { LANGUAGES, type Language, isLanguage } from './languages';

type Bundle = Record<string, unknown>;
const modules = import.meta.glob<{ default: Bundle }>('./locales/*/*.ts', { eager: true });

/** { en: { chart: {...}, common: {...} }, fr: ..., nl: ... } from the locale files. */
export function collectResources(
  mods: Record<string, { default: Bundle }> = modules,
): Record<string, Record<string, Bundle>> {
  const out: Record<string, Record<string, Bundle>> = {};
  for (const [file, mod] of Object.entries(mods)) {
    const m = /locales\/([a-z]+)\/([\w-]+)\.ts$/.exec(file);
    if (!m) continue;
    (out[m[1]!] ??= {})[m[2]!] = completePlurals(m[1]!, mod.default);
  }
  return out;
}

const STORAGE_KEY = 'cw-language';
/** Keys asked for that no bundle holds, in the order seen (the e2e specs read it). */
export const missingKeys: string[] = [];

function storedLanguage(): Language | null {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: collectResources(),
  lng: storedLanguage() ?? pickLanguage(globalThis.navigator?.languages ?? []),
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: Object.keys(collectResources().en ?? {}),
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  saveMissing: true,
  missingKeyHandler: (lngs, ns, key) => {
    const entry = `${lngs.join(',')}:${ns}:${key}`;
    missingKeys.push(entry);
    console.error(`missing translation ${entry}`);
  },
  initAsync: false,
  showSupportNotice: false,
});
// The page's lang attribute follows the language (screen readers pronounce by it), however it changes.
if (typeof document !== 'undefined') {
  document.documentElement.lang = i18n.language;
  i18n.on('languageChanged', (lng) => (document.documentElement.lang = lng));
}
(globalThis as { __cwMissingKeys?: string[] }).__cwMissingKeys = missingKeys;

/** Switches the UI language and remembers it on this workstation. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this session only
  }
  await i18n.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/** `const { t } = useT('chart')`: the strings of one namespace, re-rendered when the language changes. */
export function useT(ns: string = 'common') {
  return useTranslation(ns, { i18n });
}

/**
 * `const t = fixedT('sync')`: one namespace's strings outside React (pure wording functions), always
 * in the current language. A component calling them still needs useT() to re-render on a switch.
 */
export function fixedT(ns: string) {
  return i18n.getFixedT(null, ns);
}
