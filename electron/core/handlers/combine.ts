// One table of handlers from the domain groups (as Actual Budget's `createApp` / `combine`): the
// compiler refuses a call that no group answers or that two groups both answer, and the same is
// checked again when the table is built.
import type { CallName } from '../../../shared/contract/contract';
import type { Handlers } from '../dispatch';

type Group = Partial<Handlers>;

/** Names that appear in more than one group of the tuple. */
type Twice<T extends readonly Group[], Seen = never> = T extends readonly [
  infer H extends Group,
  ...infer R extends readonly Group[],
]
  ? (keyof H & Seen) | Twice<R, Seen | keyof H>
  : never;

type Named<T extends readonly Group[]> = { [K in keyof T]: keyof T[K] }[number];

type Checked<T extends readonly Group[]> = [Twice<T>] extends [never]
  ? [Exclude<CallName, Named<T>>] extends [never]
    ? T
    : { error: 'a call has no handler'; missing: Exclude<CallName, Named<T>> }
  : { error: 'a call has two handlers'; twice: Twice<T> };

export function combine<const T extends readonly Group[]>(...groups: T & Checked<T>): Handlers {
  const out: Record<string, unknown> = {};
  for (const group of groups as readonly Group[]) {
    for (const [name, fn] of Object.entries(group)) {
      if (name in out) throw new Error(`the call ${name} has two handlers`);
      out[name] = fn;
    }
  }
  return out as Handlers;
}
