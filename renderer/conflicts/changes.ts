// A record's changes in the words a clinician reads: "Phone number changed from … to …", "Note
// added: …", "Address added: Home: …". Lists of items are compared item by item (by their id),
// so a changed phone number inside an address reads as that phone number; ids, links and stamps
// are never said.
import { deepEqual, type Json } from '../../shared/conflicts';
import { describeServiceValue } from '../chart/describe';
import { fieldLabel, isTechnicalField, showValue } from './format';
import { has, t } from './tr';

type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const itemId = (v: Json): string | undefined => {
  if (!isObj(v)) return undefined;
  const id = v.id ?? v.serviceId;
  return typeof id === 'string' ? id : undefined;
};
const isItemList = (v: Json | undefined): v is Obj[] => Array.isArray(v) && v.every((x) => itemId(x) !== undefined);

/** What one item of a list is called: "Address", "Phone number", "Service". */
function itemKind(list: string, item: Json | undefined): string {
  if (list === 'telecoms') return telecomLabel(item);
  return has(`history:items.${list}`) ? t(`history:items.${list}`) : fieldLabel(list);
}

/** A telecom's number is a phone number, an e-mail address or a website, as its type says. */
function telecomLabel(item: Json | undefined): string {
  const type = isObj(item) && typeof item.telecomType === 'string' ? item.telecomType : '';
  return type === 'email'
    ? t('history:items.email')
    : type === 'web'
      ? t('history:items.web')
      : t('history:items.phone');
}

function scalar(label: string, field: string, before: Json | undefined, after: Json | undefined): string {
  if (before === undefined) return t('history:change.added', { field: label, value: showValue(after, field) });
  if (after === undefined) return t('history:change.removed', { field: label, value: showValue(before, field) });
  return t('history:change.changed', {
    field: label,
    before: showValue(before, field),
    after: showValue(after, field),
  });
}

/** Field by field inside an item; a service's value compared as a whole ("128 mmHg"). */
function objectChanges(before: Obj, after: Obj, parentList: string): string[] {
  const out: string[] = [];
  if ('content' in before || 'content' in after) {
    const a = describeServiceValue(before);
    const b = describeServiceValue(after);
    const label = typeof after.label === 'string' ? after.label : itemKind(parentList, after);
    if (a !== b) out.push(t('history:change.changed', { field: label, before: a, after: b }));
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const k of keys) {
    if (k === 'content' || isTechnicalField(k)) continue;
    const label = k === 'telecomNumber' ? telecomLabel(after) : fieldLabel(k);
    out.push(...valueChanges(k, label, before[k], after[k]));
  }
  return out;
}

function listChanges(field: string, before: Obj[], after: Obj[]): string[] {
  const out: string[] = [];
  const old = new Map(before.map((x) => [itemId(x)!, x]));
  const now = new Map(after.map((x) => [itemId(x)!, x]));
  for (const [id, item] of now) {
    const was = old.get(id);
    if (!was) out.push(t('history:change.itemAdded', { kind: itemKind(field, item), value: showValue([item]) }));
    else if (!deepEqual(was, item)) out.push(...objectChanges(was, item, field));
  }
  for (const [id, item] of old) {
    if (!now.has(id))
      out.push(t('history:change.itemRemoved', { kind: itemKind(field, item), value: showValue([item]) }));
  }
  return out;
}

function valueChanges(field: string, label: string, before: Json | undefined, after: Json | undefined): string[] {
  if (deepEqual(before, after)) return [];
  if (isItemList(before ?? []) && isItemList(after ?? []) && (before !== undefined || after !== undefined))
    return listChanges(field, (before ?? []) as Obj[], (after ?? []) as Obj[]);
  if (isObj(before) && isObj(after)) return objectChanges(before, after, field);
  return [scalar(label, field, before, after)];
}

/** One top-level change of the history (as the core diffs revisions) → the lines it reads as. */
export function describeChanges(c: { field: string; before?: Json | undefined; after?: Json | undefined }): string[] {
  if (isTechnicalField(c.field)) return [];
  return valueChanges(c.field, fieldLabel(c.field), c.before, c.after);
}

/** A stored merge path ("addresses[\"a1\"].telecoms[\"t1\"].telecomNumber") in words, ids left out. */
export function storedPathInWords(path: string): string {
  const words: string[] = [];
  let rest = path;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      rest = rest.slice(itemKeyLength(rest));
      continue;
    }
    const m = /^\.?("(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*)/.exec(rest);
    if (!m) break;
    const name = m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : m[1]!;
    words.push(name === 'telecomNumber' ? t('history:items.phone') : fieldLabel(name));
    rest = rest.slice(m[0].length);
  }
  return words.join(' › ') || t('history:wholeRecord');
}

/** The length of a leading `[<json>]` item key, brackets and strings counted. */
function itemKeyLength(s: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  return s.length;
}
