import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { completePlurals } from './plurals';
import { collectResources } from './index';

describe('plural forms', () => {
  it("gives French its 'many' form from _other, so a million is never a bare key", async () => {
    const bundle = completePlurals('fr', { n: { k_one: '{{count}} conflit', k_other: '{{count}} conflits' } });
    expect(bundle).toEqual({
      n: { k_one: '{{count}} conflit', k_other: '{{count}} conflits', k_many: '{{count}} conflits' },
    });
    const i = i18next.createInstance();
    const missing: string[] = [];
    await i.init({
      lng: 'fr',
      resources: { fr: { ns: bundle } },
      defaultNS: 'ns',
      saveMissing: true,
      missingKeyHandler: (_l, _n, key) => missing.push(key),
      showSupportNotice: false,
    });
    expect(i.t('n.k', { count: 1_000_000 })).toBe('1000000 conflits');
    expect(i.t('n.k', { count: 1 })).toBe('1 conflit');
    expect(missing).toEqual([]);
  });

  it('keeps a form the bundle has, and adds none a language does not use', () => {
    expect(completePlurals('fr', { k_one: 'a', k_many: 'b', k_other: 'c' })).toEqual({
      k_one: 'a',
      k_many: 'b',
      k_other: 'c',
    });
    expect(completePlurals('nl', { k_one: 'a', k_other: 'c' })).toEqual({ k_one: 'a', k_other: 'c' });
  });

  it('every plural in every bundle has each form its language uses', () => {
    const resources = collectResources();
    for (const [lang, namespaces] of Object.entries(resources)) {
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const walk = (o: Record<string, unknown>, where: string) => {
        for (const [k, v] of Object.entries(o)) {
          if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, `${where}.${k}`);
          const m = /^(.*)_other$/.exec(k);
          if (m) for (const f of forms) expect(o, `${lang}:${where}.${m[1]}_${f}`).toHaveProperty([`${m[1]}_${f}`]);
        }
      };
      for (const [ns, bundle] of Object.entries(namespaces)) walk(bundle, ns);
    }
  });
});
