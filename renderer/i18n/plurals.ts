// Every plural form a language uses, so no count ever falls through to a missing key: French has
// a third form, "many" (1 000 000, 2 000 000 …), that a bundle with only _one and _other lacks,
// and i18next would then show the bare key. A missing form reads as the bundle's _other.
type Bundle = Record<string, unknown>;

const OTHER = /^(.*)_other$/;

export function completePlurals(lang: string, bundle: Bundle): Bundle {
  const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const out: Bundle = {};
  for (const [key, value] of Object.entries(bundle)) {
    out[key] = typeof value === 'object' && value !== null ? completePlurals(lang, value as Bundle) : value;
  }
  for (const [key, value] of Object.entries(bundle)) {
    const m = OTHER.exec(key);
    if (!m || typeof value !== 'string') continue;
    for (const form of forms) if (!(`${m[1]}_${form}` in out)) out[`${m[1]}_${form}`] = value;
  }
  return out;
}
