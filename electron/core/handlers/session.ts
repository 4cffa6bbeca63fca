import type { Handlers } from '../dispatch';
import type { HandlerDeps } from './deps';

type SessionCalls =
  | 'session.state'
  | 'session.signIn'
  | 'session.lock'
  | 'session.unlock'
  | 'session.signOut'
  | 'session.firstRun'
  | 'session.setUp';

export function sessionHandlers(d: HandlerDeps): Pick<Handlers, SessionCalls> {
  const s = d.session;
  return {
    'session.state': async () => s.state(),
    'session.signIn': async ({ username, password }) => s.signIn(username, password),
    'session.lock': async () => s.lock(),
    'session.unlock': async ({ password }) => s.unlock(password),
    'session.signOut': async () => s.signOut(),
    'session.firstRun': async () => s.firstRun(),
    'session.setUp': async ({ username, password }) => s.setUp(username, password),
  };
}
