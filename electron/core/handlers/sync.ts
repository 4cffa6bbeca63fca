import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

type SyncCalls =
  | 'sync.settings'
  | 'sync.saveSettings'
  | 'sync.testConnection'
  | 'sync.status'
  | 'sync.now'
  | 'sync.pause'
  | 'sync.resume'
  | 'sync.networkChanged';

export function syncHandlers(d: HandlerDeps): Pick<Handlers, SyncCalls> {
  const c = d.connection;
  return {
    'sync.settings': async () => c.view(),
    'sync.saveSettings': async (input) => c.save(input),
    'sync.testConnection': async (input) => c.test(input),
    'sync.status': async () => c.current(),
    'sync.now': async () => c.syncNow(),
    'sync.pause': async () => c.pause(),
    'sync.resume': async () => c.resume(),
    'sync.networkChanged': async () => c.networkChanged(),
  };
}
