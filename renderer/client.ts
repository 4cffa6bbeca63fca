// The renderer's one client: picks the transport (Electron's preload or the browser host's
// WebSocket) and exposes the typed contract API. Every store gets its data through `api`.
import type { ClinicApi } from '../shared/contract/contract';
import { createClient, type Transport } from '../shared/contract/transport';
import { useConnection } from './stores/connection';
import { bridgeUrl, createWebSocketTransport, takeToken } from './transport/websocket';

function pickTransport(): Transport {
  const preload = (window as unknown as { clinic?: Transport }).clinic;
  if (preload) {
    useConnection.setState({ state: 'connected' });
    return preload;
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
  });
}

export const api: ClinicApi = createClient(pickTransport());
