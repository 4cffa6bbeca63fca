// The renderer's one client: picks the transport (Electron's preload or the browser host's
// WebSocket) and exposes the typed contract API. Every store gets its data through `api`.
import type { CallName, ClinicApi } from '../shared/contract/contract';
import { createClient, type Transport } from '../shared/contract/transport';
import { useConnection } from './stores/connection';
import { NO_ANSWER_SENT, bridgeUrl, createWebSocketTransport, takeToken } from './transport/websocket';

/** How long a person waits on a save before being told, with what they typed kept. */
export const SAVE_TIMEOUT_MS = 8000;
// Calls that write what a person typed. Reads wait as long as it takes (they are re-run after a
// reconnect anyway), and so do long jobs (sample loading, a sync round, saving the connection,
// which reconnects).
const SAVES: ReadonlySet<CallName> = new Set<CallName>([
  'records.save',
  'patients.save',
  'records.close',
  'contacts.save',
  'contacts.enterInError',
]);
export const saveTimeout = (name: CallName): number | undefined => (SAVES.has(name) ? SAVE_TIMEOUT_MS : undefined);

/** Electron's IPC: a save not answered in time is reported (the call itself cannot be taken back). */
function withTimeouts(t: Transport): Transport {
  return {
    invoke(name, input) {
      const ms = saveTimeout(name);
      if (ms === undefined) return t.invoke(name, input);
      return new Promise((resolve) => {
        const timer = setTimeout(
          () => resolve({ ok: false, error: { code: 'unavailable', message: NO_ANSWER_SENT } }),
          ms,
        );
        void t.invoke(name, input).then((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    on: (name, listener) => t.on(name, listener),
  };
}

// Told of every call answered 'unauthenticated' (the core locked or signed out behind our back):
// the session store re-asks who is signed in. A registry, so this module imports no store of it.
const unauthenticated = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticated.add(listener);
  return () => unauthenticated.delete(listener);
}

function watchUnauthenticated(t: Transport): Transport {
  return {
    async invoke(name, input) {
      const result = await t.invoke(name, input);
      if (!result.ok && result.error.code === 'unauthenticated') for (const l of unauthenticated) l();
      return result;
    },
    on: (name, listener) => t.on(name, listener),
  };
}

function pickTransport(): Transport {
  const preload = (window as unknown as { clinic?: Transport }).clinic;
  if (preload) {
    useConnection.setState({ state: 'connected' });
    return withTimeouts(preload);
  }
  const token = takeToken(window.location, window.sessionStorage, window.history);
  if (!token) {
    useConnection.setState({ state: 'no-token' });
    // Without a token the host refuses us; answer every call with a clear error instead of hanging.
    return {
      invoke: async () => ({
        ok: false,
        error: { code: 'forbidden', message: 'open the address the host printed (it carries the access token)' },
      }),
      on: () => () => {},
    };
  }
  return createWebSocketTransport({
    url: bridgeUrl(window.location, token),
    onState: (state) => useConnection.setState({ state }),
    timeoutFor: saveTimeout,
  });
}

export const api: ClinicApi = createClient(watchUnauthenticated(pickTransport()));
