// The contract over a loopback WebSocket: the browser host's stand-in for Electron's IPC.
// Only a client that presents this run's token, from this host's own origin, may connect.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/contract/contract';
import { dispatch, type Logger } from '../core/dispatch';
import type { Core } from '../core/types';

export type BridgeMessage =
  | { kind: 'call'; id: number; name: string; input: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'event'; name: string; payload: unknown };

const MAX_MESSAGE = 8 * 1024 * 1024;

export function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(new Uint8Array(a), new Uint8Array(b));
}

export function createBridge(core: Core, token: string, allowedOrigin: () => string, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const clients = new Set<WebSocket>();
  const events = new Set<string>(EVENT_NAMES);

  core.onEvent((name, payload) => {
    if (!events.has(name)) return;
    const data = JSON.stringify({ kind: 'event', name, payload } satisfies BridgeMessage);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(data);
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (raw) => {
      let msg: Partial<BridgeMessage>;
      try {
        msg = JSON.parse(String(raw)) as Partial<BridgeMessage>;
      } catch {
        ws.send(JSON.stringify({ kind: 'result', id: -1, result: { ok: false, error: { code: 'invalid-input', message: 'message is not JSON' } } }));
        return;
      }
      if (msg.kind !== 'call' || typeof msg.id !== 'number') {
        ws.send(JSON.stringify({ kind: 'result', id: -1, result: { ok: false, error: { code: 'invalid-input', message: 'expected {kind:"call", id, name, input}' } } }));
        return;
      }
      const id = msg.id;
      void dispatch(core.handlers, msg.name, msg.input, log).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'result', id, result } satisfies BridgeMessage));
      });
    });
  });

  return {
    /** Upgrade only /bridge?token=… from our own origin; everything else is refused with 403. */
    handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const origin = req.headers.origin;
      const okOrigin = origin === undefined || origin === allowedOrigin();
      if (url.pathname !== '/bridge' || !tokenMatches(url.searchParams.get('token'), token) || !okOrigin) {
        socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close(): Promise<void> {
      for (const ws of clients) ws.close(1001, 'host closing');
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
