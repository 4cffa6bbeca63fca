import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function contactHandlers(d: HandlerDeps): Pick<Handlers, 'contacts.save' | 'contacts.enterInError'> {
  return {
    'contacts.save': async ({ doc, confirmedMeasures }) => d.contacts.save(doc, confirmedMeasures),
    'contacts.enterInError': async ({ id, rev, serviceId, reason }) =>
      d.contacts.enterInError(id, rev, serviceId, reason),
  };
}
