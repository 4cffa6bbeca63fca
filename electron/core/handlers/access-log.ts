import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function accessLogHandlers(d: HandlerDeps): Pick<Handlers, 'accessLog.forPatient' | 'accessLog.mine'> {
  return {
    'accessLog.forPatient': async ({ patientId, limit, before }) => d.accessLog.forPatient(patientId, limit, before),
    'accessLog.mine': async ({ limit, before }) => d.accessLog.mine(limit, before),
  };
}
