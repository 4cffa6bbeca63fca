// The contract over a loopback WebSocket: the browser host's stand-in for Electron's IPC.
// Only a client that presents this run's token, from this host's own origin, may connect.
// Whatever a connected page sends, each frame is answered (or, over the size limit, the socket is
// closed with 1009) and nothing it sends can throw out of here and stop the host.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/contract/contract';
import type { Result } from '../../shared/contract/errors';
import { dispatch, type Logger } from '../core/dispatch';
import type { Core } from '../core/types';
import { hostAllowed, originAllowed, requestTarget } from './loopback';

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

const refusal = (id: number, message: string): BridgeMessage => ({
  kind: 'result',
  id,
  result: { ok: false, error: { code: 'invalid-input', message } } satisfies Result<never>,
});

/** The call a frame carries, or the answer it gets instead (it is not a call). */
function readFrame(raw: RawData): { call: { id: number; name: unknown; input: unknown } } | { answer: BridgeMessage } {
  let msg: unknown;
  try {
    const bytes = Array.isArray(raw)
      ? Buffer.concat(raw.map((b) => new Uint8Array(b)))
      : raw instanceof ArrayBuffer
        ? Buffer.from(raw)
        : raw;
    msg = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { answer: refusal(-1, 'message is not JSON') };
  }
  // JSON.parse gives plain data: null, arrays and scalars are not calls, and reading them is safe.
  const m =
    typeof msg === 'object' && msg !== null && !Array.isArray(msg) ? (msg as Record<string, unknown>) : undefined;
  if (m?.kind !== 'call' || typeof m.id !== 'number')
    return { answer: refusal(-1, 'expected {kind:"call", id, name, input}') };
  return { call: { id: m.id, name: m.name, input: m.input } };
}

export function createBridge(core: Core, token: string, port: () => number, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const clients = new Set<WebSocket>();
  const events = new Set<string>(EVENT_NAMES);

  const send = (ws: WebSocket, msg: BridgeMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    let data: string;
    try {
      data = JSON.stringify(msg);
    } catch {
      // A value JSON cannot carry (a cycle, a BigInt): the caller still gets an answer.
      if (msg.kind !== 'result') return;
      data = JSON.stringify({
        kind: 'result',
        id: msg.id,
        result: { ok: false, error: { code: 'internal', message: 'the answer could not be sent' } },
      });
    }
    ws.send(data);
  };

  core.onEvent((name, payload) => {
    if (!events.has(name)) return;
    for (const ws of clients) send(ws, { kind: 'event', name, payload });
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    // ws reports a frame over maxPayload (and other protocol faults) here, after closing the
    // socket with the right code (1009 for too big). Without a listener it would stop the host.
    ws.on('error', (err) => log.error('bridge connection closed on a protocol error:', err));
    ws.on('message', (raw) => {
      const frame = readFrame(raw);
      if ('answer' in frame) return send(ws, frame.answer);
      const { id, name, input } = frame.call;
      void dispatch(core.handlers, name, input, log).then((result) => send(ws, { kind: 'result', id, result }));
    });
  });

  return {
    /** Upgrade only /bridge?token=… for our own host and origin; everything else is refused with 403. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      // Node hands the socket over without an error listener: a reset must not become an uncaught error.
      socket.on('error', () => socket.destroy());
      const target = requestTarget(req.url);
      const ok =
        target !== null &&
        target.pathname === '/bridge' &&
        tokenMatches(target.searchParams.get('token'), token) &&
        hostAllowed(req.headers.host, port()) &&
        originAllowed(req.headers.origin, port());
      if (!ok) {
        const refused =
          'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nforbidden\n';
        socket.end(refused, () => socket.destroy());
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
