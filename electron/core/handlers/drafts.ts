import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function draftHandlers(d: HandlerDeps): Pick<Handlers, 'drafts.get' | 'drafts.put' | 'drafts.clear'> {
  return {
    'drafts.get': async ({ key }) => d.drafts.get(key),
    'drafts.put': async ({ key, value }) => d.drafts.put(key, value),
    'drafts.clear': async ({ key }) => d.drafts.clear(key),
  };
}
