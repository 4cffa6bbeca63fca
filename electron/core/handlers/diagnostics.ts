import { exportDiagnostics } from '../log/export';
import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function diagnosticsHandlers(d: HandlerDeps): Pick<Handlers, 'diagnostics.export'> {
  return {
    'diagnostics.export': async () =>
      exportDiagnostics({
        log: d.log,
        status: d.connection.current(),
        version: d.version,
        host: d.host,
        at: Date.now(),
      }),
  };
}
