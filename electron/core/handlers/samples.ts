import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function sampleHandlers(d: HandlerDeps): Pick<Handlers, 'samples.load'> {
  return {
    'samples.load': async ({ patients, contactsPerPatient }) => d.samples.load(patients, contactsPerPatient),
  };
}
