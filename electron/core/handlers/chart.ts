import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function chartHandlers(d: HandlerDeps): Pick<Handlers, 'chart.open' | 'records.history'> {
  return {
    'chart.open': async ({ patientId }) => d.charts.open(patientId),
    'records.history': async ({ id }) => d.charts.history(id),
  };
}
