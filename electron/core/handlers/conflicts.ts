import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function conflictHandlers(
  d: HandlerDeps,
): Pick<Handlers, 'conflicts.list' | 'conflicts.open' | 'conflicts.resolve'> {
  return {
    'conflicts.list': async () => d.conflicts.inbox(),
    'conflicts.open': async ({ id }) => d.conflicts.open(id),
    'conflicts.resolve': async ({ id, revs, choices }) => d.conflicts.resolve(id, revs, choices),
  };
}
