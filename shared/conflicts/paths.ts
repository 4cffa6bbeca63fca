// Paths name a node of a merge plan: a field, or an item of a list found by its identity (not its
// index, which differs between branches). They key the choices map and the validation errors.
//   lastName · addresses["a1"].city · addresses["a1"].telecoms["t9"] · codes[["ICPC","K86","2"]]

export type PathSegment = { field: string } | { item: string };

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Injective text form of a path: field segments start with '.', item keys are canonical JSON in []. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('item' in s) out += `[${s.item}]`;
    else {
      const name = IDENT.test(s.field) ? s.field : JSON.stringify(s.field);
      out += out === '' ? name : `.${name}`;
    }
  }
  return out;
}

/** The path of a child field under `parent` ('' for the document itself). */
export function childPath(parent: string, field: string): string {
  const name = IDENT.test(field) ? field : JSON.stringify(field);
  return parent === '' ? name : `${parent}.${name}`;
}

/** The path of a list item under its list's path. */
export function itemPath(list: string, key: string): string {
  return `${list}[${key}]`;
}

/** Whether `path` is `ancestor` itself or lies under it. */
export function isWithin(path: string, ancestor: string): boolean {
  if (path === ancestor) return true;
  if (!path.startsWith(ancestor)) return false;
  const next = path[ancestor.length];
  return next === '.' || next === '[';
}
