// Lists merged item by item: how items are matched across branches, and in what order the
// merged list puts them.
import { canonical, isObject, type Json } from './json';

/**
 * How a list's items are matched:
 * - 'id' / 'serviceId': objects carrying that field (addresses, telecoms, services, sub-contacts,
 *   a sub-contact's service links);
 * - 'code': CodeStubs, identified by type + code + version;
 * - 'value': primitives (languages, roles), a set in iCure's sense.
 * Lists of anything else (regimen items …) are one value: there is nothing to match items by.
 */
export type ListIdentity = 'id' | 'serviceId' | 'code' | 'value';

const isPrimitive = (v: Json) => v === null || typeof v !== 'object';
const hasKeyField = (field: string) => (v: Json) =>
  isObject(v) && (typeof v[field] === 'string' || typeof v[field] === 'number');
const isCode = (v: Json) => isObject(v) && typeof v.type === 'string' && typeof v.code === 'string';

/** The identity shared by every list given (absent = empty), or undefined when items cannot be matched. */
export function listIdentity(lists: readonly (Json | undefined)[]): ListIdentity | undefined {
  const arrays: Json[][] = [];
  for (const l of lists) {
    if (l === undefined) continue;
    if (!Array.isArray(l)) return undefined;
    arrays.push(l);
  }
  if (arrays.length === 0) return undefined;
  const all = arrays.flat();
  const candidates: [ListIdentity, (v: Json) => boolean][] = [
    ['id', hasKeyField('id')],
    ['serviceId', hasKeyField('serviceId')],
    ['code', isCode],
    ['value', isPrimitive],
  ];
  for (const [identity, test] of candidates) {
    // Duplicate keys within one list would make matching ambiguous: then the list is one value.
    if (all.every(test) && arrays.every((a) => keyItems(identity, a) !== undefined)) return identity;
  }
  return undefined;
}

/** The identity key of one item (canonical JSON, so it is also its path segment). */
export function itemKey(identity: ListIdentity, item: Json): string {
  switch (identity) {
    case 'id':
    case 'serviceId':
      return canonical((item as Record<string, Json>)[identity] as Json);
    case 'code': {
      const c = item as Record<string, Json>;
      return canonical([c.type ?? null, c.code ?? null, c.version ?? null]);
    }
    case 'value':
      return canonical(item);
  }
}

/** Items by key in list order; undefined when two items share a key. */
export function keyItems(identity: ListIdentity, list: readonly Json[]): Map<string, Json> | undefined {
  const out = new Map<string, Json>();
  for (const item of list) {
    const k = itemKey(identity, item);
    if (out.has(k)) return undefined;
    out.set(k, item);
  }
  return out;
}

/**
 * One order for the union of several key sequences: the first sequence as it is, then each
 * missing key of the next ones placed before the next key that sequence shares with the result
 * (or at the end), so additions land where their branch put them and the order every sequence
 * agrees on is kept.
 */
export function mergeOrder(sequences: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const seq of sequences) {
    const known = seq.map((k) => seen.has(k));
    for (const [i, k] of seq.entries()) {
      if (seen.has(k)) continue;
      const next = seq.findIndex((x, j) => j > i && known[j]);
      out.splice(next < 0 ? out.length : out.indexOf(seq[next] as string), 0, k);
      seen.add(k);
    }
  }
  return out;
}
