import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function patientHandlers(d: HandlerDeps): Pick<Handlers, 'patients.save'> {
  return {
    'patients.save': async ({ doc, confirmDuplicate }) => d.patients.save(doc, { confirmDuplicate }),
  };
}
