// The languages of a Belgian practice, and the one a workstation starts in.
export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** The first of the browser's languages we speak (nl-BE → nl), else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const p of preferred) {
    const base = p.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Intl's locale for a language: Belgian French and Dutch (day/month/year, comma decimals). */
export function localeOf(lang: Language): string {
  return lang === 'en' ? 'en-GB' : `${lang}-BE`;
}
