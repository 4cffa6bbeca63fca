import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

export function appHandlers(d: HandlerDeps): Pick<Handlers, 'app.info' | 'app.indexing'> {
  return {
    'app.info': async () => {
      const who = d.identity();
      return {
        deviceId: who.deviceId,
        userId: who.userId,
        userName: who.userName,
        healthcarePartyId: who.healthcarePartyId,
        version: d.version,
        host: d.host,
        dataDir: d.dataDir,
        idleLockMs: d.idleLockMs,
      };
    },
    'app.indexing': async () => d.indexer.catchUp(),
  };
}
