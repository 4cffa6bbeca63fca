// Words for the conflicts screens and the history: field names, values as a clinician reads them
// (an address with its phone numbers, a service with its value), never an internal id or a
// technical field. Pure, so the wording is tested without a browser.
import type { Json } from '../../shared/conflicts';
import { FuzzyDate, FuzzyDateTime } from '../../shared/dates';
import { describeServiceValue } from '../chart/describe';
import { formatDateTime } from '../i18n/format';
import { has, t } from './tr';

/** Fields a person never chooses nor reads: ids, links to other records, stamps, the record kind. */
const TECHNICAL = new Set([
  'id',
  'type',
  'responsible',
  'author',
  'device',
  'created',
  'modified',
  'patientId',
  'healthElementId',
  'healthcarePartyId',
  'serviceId',
  'secretForeignKeys',
  'cryptedForeignKeys',
  'delegations',
  'encryptionKeys',
  'java_type',
  'resolvedRev',
  'resolvedFrom',
  'docId',
  'docType',
]);

export function isTechnicalField(name: string): boolean {
  return name.startsWith('_') || TECHNICAL.has(name);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** "firstName" → "First name" (translated when known, else split from its camel case). */
export function fieldLabel(name: string): string {
  if (has(`conflicts:fields.${name}`)) return t(`conflicts:fields.${name}`);
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A coded word ("mobile", "home", "female") in the person's language; unknown codes as stored. */
function codeWord(kind: 'telecomTypes' | 'addressTypes' | 'genders', code: string): string {
  return has(`conflicts:${kind}.${code}`) ? t(`conflicts:${kind}.${code}`) : code;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** 19800412 → "12/04/1980"; 19800400 → "04/1980"; 19800000 → "1980". */
export function showFuzzyDate(v: number): string {
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  if (m === 0) return String(y);
  return d === 0 ? `${p2(m)}/${y}` : `${p2(d)}/${p2(m)}/${y}`;
}

function showFuzzyDateTime(v: number): string {
  const time = v % 1_000_000;
  const date = showFuzzyDate(Math.floor(v / 1_000_000));
  return time === 0 ? date : `${date} ${p2(Math.floor(time / 10000))}:${p2(Math.floor(time / 100) % 100)}`;
}

/** Epoch ms → "01/05/2026 14:30" in the person's locale; '' when not a time. */
export function showWhen(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : formatDateTime(d);
}

const FUZZY_DATES = new Set(['dateOfBirth', 'dateOfDeath']);
const FUZZY_DATE_TIMES = new Set(['openingDate', 'closingDate', 'valueDate']);
const EPOCH_MS = new Set(['endOfLife', 'deletionDate', 'date']);
const CODED: Readonly<Record<string, 'telecomTypes' | 'addressTypes' | 'genders'>> = {
  telecomType: 'telecomTypes',
  addressType: 'addressTypes',
  gender: 'genders',
};

type Obj = { [k: string]: Json };
const str = (o: Obj, k: string) => (typeof o[k] === 'string' || typeof o[k] === 'number' ? String(o[k]) : '');
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** "mobile +32 470 11 11 11". */
function showTelecom(o: Obj): string {
  const type = str(o, 'telecomType');
  return [type ? codeWord('telecomTypes', type) : '', str(o, 'telecomNumber')].filter(Boolean).join(' ');
}

/** "Home: Rue Haute 5, 1000 Bruxelles, BE — mobile +32 470 11 11 11". */
function showAddress(o: Obj): string {
  const box = str(o, 'postboxNumber');
  const street = [str(o, 'street'), str(o, 'houseNumber'), box ? t('conflicts:value.box', { box }) : '']
    .filter(Boolean)
    .join(' ');
  const place = [str(o, 'postalCode'), str(o, 'city')].filter(Boolean).join(' ');
  const where = [street, place, str(o, 'country')].filter(Boolean).join(', ');
  const type = str(o, 'addressType');
  const head = type ? `${codeWord('addressTypes', type)}: ${where || t('conflicts:value.noAddress')}` : where;
  const phones = Array.isArray(o.telecoms) ? o.telecoms.filter(isObj).map(showTelecom).filter(Boolean) : [];
  return [head, phones.join(', ')].filter(Boolean).join(' — ');
}

/** An object in words: a code, a phone number, an address, a service; else its readable fields. */
function showObject(o: Obj): string {
  if (str(o, 'type') && str(o, 'code')) return `${str(o, 'type')} ${str(o, 'code')}`;
  if ('telecomNumber' in o) return showTelecom(o);
  if (['street', 'city', 'postalCode', 'addressType', 'telecoms'].some((k) => k in o)) return showAddress(o);
  if (isObj(o.content)) {
    const value = describeServiceValue(o);
    return str(o, 'label') ? `${str(o, 'label')}: ${value}` : value;
  }
  const named = str(o, 'label') || str(o, 'descr') || str(o, 'name');
  if (named) return named;
  const parts = Object.entries(o)
    .filter(([k, v]) => !isTechnicalField(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${fieldLabel(k)}: ${showValue(v, k)}`);
  return parts.length > 0 ? parts.join(', ') : t('conflicts:value.entry');
}

/**
 * A value in one line: text as typed, dates day/month/year, codes in words, lists item by item,
 * items by what they hold; absent said so. `field` (the field's name) picks the date formats.
 * An id in a value is never shown: it reads as a linked record.
 */
export function showValue(v: Json | undefined, field?: string): string {
  if (v === undefined) return t('conflicts:value.absent');
  if (v === null) return t('conflicts:value.empty');
  if (typeof v === 'string') {
    if (v === '') return t('conflicts:value.emptyText');
    if (UUID.test(v)) return t('conflicts:value.reference');
    const coded = field ? CODED[field] : undefined;
    return coded ? codeWord(coded, v) : v;
  }
  if (typeof v === 'number' && field) {
    if (FUZZY_DATES.has(field) && FuzzyDate.safeParse(v).success) return showFuzzyDate(v);
    if (FUZZY_DATE_TIMES.has(field) && FuzzyDateTime.safeParse(v).success) return showFuzzyDateTime(v);
    if (EPOCH_MS.has(field)) return showWhen(v) || String(v);
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? t('conflicts:value.yes') : t('conflicts:value.no');
  if (Array.isArray(v)) {
    if (v.length === 0) return t('conflicts:value.none');
    return v.map((x) => (isObj(x) ? showObject(x) : showValue(x, field))).join('; ');
  }
  return showObject(v);
}

/** An item in a few words, without the lists it holds: "Home: Rue Haute 5, 1000 Bruxelles" (for paths). */
export function showItemShort(v: Json): string {
  if (!isObj(v)) return showValue(v);
  const flat = Object.fromEntries(Object.entries(v).filter(([, x]) => !Array.isArray(x)));
  return showObject('telecoms' in v ? { ...flat, telecoms: [] } : flat);
}

/** The notice's text, e.g. "New conflict: Patient DUPONT Jean" or "3 new conflicts: …". */
export function noticeText(n: { titles: readonly string[] }): string {
  const more = n.titles.length - 3;
  const names = n.titles.slice(0, 3).join('; ') + (more > 0 ? t('conflicts:notice.more', { count: more }) : '');
  return t('conflicts:notice.text', { count: n.titles.length, names });
}

/** A choice as the conflictResolution record describes it ("default:branch:2-b…"), in words. */
export function describeStoredChoice(text: string, revLabel: (rev: string) => string): string {
  const pre = text.startsWith('default:');
  const c = pre ? text.slice('default:'.length) : text;
  const words = c.startsWith('branch:')
    ? t('conflicts:stored.took', { version: revLabel(c.slice('branch:'.length)) })
    : c === 'ancestor'
      ? t('conflicts:stored.ancestor')
      : c === 'typed'
        ? t('conflicts:stored.typed')
        : c === 'merge'
          ? t('conflicts:stored.merge')
          : c;
  return pre ? t('conflicts:stored.preselected', { words }) : words;
}
