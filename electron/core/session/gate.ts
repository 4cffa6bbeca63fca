// The session gate around the handler table: while nobody is signed in or the screen is locked,
// every call but the open ones (signing in, what the sign-in screen shows) answers
// 'unauthenticated'. The setup calls (the practice server's settings) also answer while no server
// is set up at all, so the first sign-in, which needs the server, can happen.
import type { CallName } from '../../../shared/contract/contract';
import { OPEN_CALLS, SETUP_CALLS } from '../../../shared/contract/open-calls';
import { CallError } from '../../../shared/contract/errors';
import type { SessionState } from '../../../shared/contract/outputs';
import type { Handlers } from '../dispatch';

export type GateOptions = {
  state: () => SessionState;
  /** Whether a practice server is set up on this workstation (then the setup calls need a session). */
  serverSetUp: () => Promise<boolean>;
};

const open = new Set<string>(OPEN_CALLS);
const setup = new Set<string>(SETUP_CALLS);

export function refusal(state: SessionState): CallError {
  return state.state === 'locked'
    ? new CallError('unauthenticated', 'the screen is locked: unlock it to go on')
    : new CallError('unauthenticated', 'nobody is signed in: sign in first');
}

export function gateSession(handlers: Handlers, o: GateOptions): Handlers {
  const out: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(handlers) as Array<[CallName, (input: never) => Promise<unknown>]>) {
    if (open.has(name)) {
      out[name] = fn;
      continue;
    }
    const isSetup = setup.has(name);
    out[name] = async (input) => {
      const state = o.state();
      if (state.state !== 'signed-in' && !(isSetup && !(await o.serverSetUp()))) throw refusal(state);
      return fn(input);
    };
  }
  return out as Handlers;
}
