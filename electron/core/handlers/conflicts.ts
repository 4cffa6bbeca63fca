import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function conflictHandlers(
  d: HandlerDeps,
): Pick<Handlers, 'conflicts.list' | 'conflicts.open' | 'conflicts.resolve'> {
  return {
    'conflicts.list': async () => {
      const items = await d.conflicts.list();
      return { count: items.length, items };
    },
    'conflicts.open': async ({ id }) => d.conflicts.open(id),
    'conflicts.resolve': async ({ id, revs, choices }) => d.conflicts.resolve(id, revs, choices),
  };
}
