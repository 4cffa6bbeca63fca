// No string left untranslated: every namespace has the same keys in French, Dutch and English,
// none empty, and every key the code asks for with a literal exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectResources, i18n, missingKeys } from './index';
import { LANGUAGES, pickLanguage } from './languages';

const resources = collectResources();

function leaves(obj: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof obj !== 'object' || obj === null) return out;
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null) for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

/** Plural forms differ per language (i18next's _one/_other): compare the key without them. */
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'locales' && name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

describe('translations', () => {
  it('has every namespace in every language, with the same keys, none empty', () => {
    const namespaces = Object.keys(resources.en ?? {});
    expect(namespaces).toContain('common');
    for (const ns of namespaces) {
      const en = new Set([...leaves(resources.en?.[ns]).keys()].map(base));
      for (const lang of LANGUAGES) {
        const bundle = leaves(resources[lang]?.[ns]);
        expect(bundle.size, `${lang}/${ns} exists`).toBeGreaterThan(0);
        const keys = new Set([...bundle.keys()].map(base));
        expect(
          [...en].filter((k) => !keys.has(k)),
          `missing in ${lang}/${ns}`,
        ).toEqual([]);
        expect(
          [...keys].filter((k) => !en.has(k)),
          `extra in ${lang}/${ns}`,
        ).toEqual([]);
        for (const [k, v] of bundle) expect(typeof v === 'string' && v.trim() !== '', `${lang}/${ns}:${k}`).toBe(true);
      }
    }
  });

  it('holds every key the code asks for by name', () => {
    const root = path.resolve(__dirname, '..');
    const problems: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      const ns = /(?:useT|fixedT)\(\s*'([\w-]+)'\s*\)/.exec(text)?.[1] ?? 'common';
      for (const m of text.matchAll(/\bt\(\s*'([\w.:-]+)'/g)) {
        const raw = m[1]!;
        const [kns, key] = raw.includes(':') ? (raw.split(':') as [string, string]) : [ns, raw];
        const bundle = leaves(resources.en?.[kns]);
        const known = [...bundle.keys()].some((k) => k === key || base(k) === key);
        if (!known) problems.push(`${path.relative(root, file)}: ${kns}:${key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reports a key no bundle holds', () => {
    const before = missingKeys.length;
    i18n.t('common:no.such.key');
    expect(missingKeys.length).toBe(before + 1);
  });

  it('starts in the browser language we speak', () => {
    expect(pickLanguage(['nl-BE', 'en'])).toBe('nl');
    expect(pickLanguage(['de-DE', 'fr'])).toBe('fr');
    expect(pickLanguage(['de'])).toBe('en');
  });
});
