// Words for the conflicts screens: who/where/when of a version, field names, values, changes.
// Pure, so the wording is tested without a browser.
import type { Json } from '../../shared/conflicts';
import { FuzzyDate, FuzzyDateTime, formatFuzzyDate, formatFuzzyDateTime } from '../../shared/dates';

/** Field names a person reads; anything else is shown as stored. */
const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  gender: 'Gender',
  ssin: 'SSIN',
  languages: 'Languages',
  addresses: 'Addresses',
  telecoms: 'Telecoms',
  telecomNumber: 'Number',
  telecomType: 'Telecom type',
  addressType: 'Address type',
  street: 'Street',
  houseNumber: 'House number',
  postboxNumber: 'Box',
  postalCode: 'Postal code',
  city: 'City',
  country: 'Country',
  note: 'Note',
  active: 'File active',
  descr: 'Description',
  openingDate: 'Opening date',
  closingDate: 'Closing date',
  endOfLife: 'End of life',
  deletionDate: 'Deletion date',
  services: 'Services',
  subContacts: 'Sub-contacts',
  codes: 'Codes',
  tags: 'Tags',
  label: 'Label',
  content: 'Content',
  relevant: 'Relevant',
  status: 'Status',
};

export function fieldLabel(name: string): string {
  return FIELD_LABELS[name] ?? name;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → "2026-05-01 14:30" in local time; '' when not a time. */
export function showWhen(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** "3-8f2c…" → "3-8f2c41"; revisions are long and only their start tells them apart on screen. */
export function shortRev(rev: string): string {
  const [gen, hash = ''] = rev.split('-', 2);
  return hash.length > 6 ? `${gen}-${hash.slice(0, 6)}` : rev;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "by alice on workstation ws-a, 2026-05-01 14:30"; parts nobody recorded are said to be unknown. */
export function whoWhere(v: {
  author?: string | undefined;
  device?: string | undefined;
  modified?: number | undefined;
}): string {
  const who = v.author ? `by ${v.author}` : 'by an unknown user';
  // Device ids are UUIDs: their first 8 characters, as the status bar shows them, tell them apart.
  const device = v.device && UUID.test(v.device) ? v.device.slice(0, 8) : v.device;
  const where = device ? `on workstation ${device}` : 'on an unknown workstation';
  const when = showWhen(v.modified);
  return `${who} ${where}${when ? `, ${when}` : ''}`;
}

const FUZZY_DATES = new Set(['dateOfBirth', 'dateOfDeath']);
const FUZZY_DATE_TIMES = new Set(['openingDate', 'closingDate', 'valueDate']);
const EPOCH_MS = new Set(['created', 'modified', 'endOfLife', 'deletionDate']);
// The fields that say what an item is, grouped as they read ("Rue Haute 5", "9000 Gent").
const DESCRIPTIVE = [
  ['addressType'],
  ['street', 'houseNumber'],
  ['postboxNumber'],
  ['postalCode', 'city'],
  ['country'],
  ['telecomType', 'telecomNumber'],
  ['label'],
  ['descr'],
  ['name'],
  ['type', 'code'],
];

/** An object in words from its descriptive fields and nested lists; compact JSON when it has none. */
function showObject(o: { [k: string]: Json }): string {
  const parts: string[] = [];
  for (const group of DESCRIPTIVE) {
    const words = group.map((k) => o[k]).filter((v) => typeof v === 'string' || typeof v === 'number');
    if (words.length > 0) parts.push(words.join(' '));
  }
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x)))
      parts.push(`${fieldLabel(k).toLowerCase()}: ${showValue(v)}`);
  }
  return parts.length > 0 ? parts.join(', ') : JSON.stringify(o);
}

/**
 * A value in one line: text as typed, known dates as dates, lists item by item, items by their
 * descriptive fields; absent said so. `field` (the field's name) picks the date formats.
 */
export function showValue(v: Json | undefined, field?: string): string {
  if (v === undefined) return '(absent)';
  if (v === null) return '(empty)';
  if (typeof v === 'string') return v === '' ? '(empty text)' : v;
  if (typeof v === 'number' && field) {
    if (FUZZY_DATES.has(field) && FuzzyDate.safeParse(v).success) return formatFuzzyDate(v);
    if (FUZZY_DATE_TIMES.has(field) && FuzzyDateTime.safeParse(v).success) return formatFuzzyDateTime(v);
    if (EPOCH_MS.has(field)) return showWhen(v) || String(v);
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) {
    if (v.length === 0) return '(none)';
    return v
      .map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? showObject(x) : showValue(x)))
      .join('; ');
  }
  return showObject(v);
}

/** One change of the history view, e.g. `Last name: Dupont → Dupont-A`. */
export function describeChange(c: { field: string; before?: unknown; after?: unknown }): string {
  const name = fieldLabel(c.field);
  const show = (v: unknown) => showValue(v as Json, c.field);
  if (c.before === undefined) return `${name} set to ${show(c.after)}`;
  if (c.after === undefined) return `${name} removed (was ${show(c.before)})`;
  return `${name}: ${show(c.before)} → ${show(c.after)}`;
}

/** Names the inbox gives versions, the same as the merge screen's: the winner first. */
export function versionLabel(index: number, total: number): string {
  if (index === 0) return 'mine';
  return total === 2 ? 'theirs' : `theirs ${index}`;
}

/** The notice's text, e.g. "New conflict: Patient DUPONT Jean" or "3 new conflicts: …". */
export function noticeText(n: { titles: readonly string[] }): string {
  const names = n.titles.slice(0, 3).join('; ') + (n.titles.length > 3 ? ` and ${n.titles.length - 3} more` : '');
  return n.titles.length === 1 ? `New conflict: ${names}` : `${n.titles.length} new conflicts: ${names}`;
}

/** A choice as the conflictResolution record describes it ("default:branch:2-b…"), in words. */
export function describeStoredChoice(text: string, revLabel: (rev: string) => string): string {
  const pre = text.startsWith('default:');
  const c = pre ? text.slice('default:'.length) : text;
  const words = c.startsWith('branch:')
    ? `took ${revLabel(c.slice('branch:'.length))}`
    : c === 'ancestor'
      ? 'took the common ancestor'
      : c === 'typed'
        ? 'typed by hand'
        : c === 'merge'
          ? 'merged part by part'
          : c;
  return pre ? `${words} (pre-selected)` : words;
}
