import { exportDiagnostics } from '../log/export';
import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function diagnosticsHandlers(d: HandlerDeps): Pick<Handlers, 'diagnostics.export'> {
  return {
    'diagnostics.export': async () => {
      // The log hears of statuses up to 100 ms late: the latest goes in before the log is read.
      d.connection.flushStatus();
      return exportDiagnostics({
        log: d.log,
        status: d.connection.current(),
        version: d.version,
        host: d.host,
        at: Date.now(),
      });
    },
  };
}
