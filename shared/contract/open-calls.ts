// Which calls the core answers while nobody is signed in or the screen is locked (the session
// gate, electron/core/session/gate.ts); beside the table, which names them.
import type { CallName } from './contract';

/**
 * The calls answered while nobody is signed in or the screen is locked: signing in and out, what
 * the sign-in screen shows (app.info, app.indexing: no patient data), and the network signal. Every other call
 * answers 'unauthenticated' (the core's gate; the contract test proves it for each).
 */
export const OPEN_CALLS: readonly CallName[] = [
  'app.info',
  'app.indexing',
  'session.state',
  'session.signIn',
  'session.lock',
  'session.unlock',
  'session.signOut',
  'session.firstRun',
  'session.setUp',
  'sync.networkChanged',
];

/**
 * Also answered while signed out, but only as long as no practice server is set up on this
 * workstation: a person's first sign-in needs the server, so the IT person must be able to set it
 * up first. Once it is set, only a signed-in person may change it (else anyone at the keyboard
 * could send the practice's records to another server).
 */
export const SETUP_CALLS: readonly CallName[] = ['sync.settings', 'sync.saveSettings', 'sync.testConnection'];
