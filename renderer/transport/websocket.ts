// The browser host's transport: the contract over one loopback WebSocket, reconnecting on its own
// because the host may restart (tests stop and start it on the same data folder).
import type { CallName, EventName } from '../../shared/contract/contract';
import type { Result } from '../../shared/contract/errors';
import type { Transport } from '../../shared/contract/transport';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'no-token';

type ServerMessage =
  { kind: 'result'; id: number; result: Result<unknown> } | { kind: 'event'; name: string; payload: unknown };

/** The subset of the DOM WebSocket we use, so tests can pass the `ws` package's class. */
type SocketLike = {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
};
export type SocketFactory = (url: string) => SocketLike;

export type WebSocketTransportOptions = {
  url: string;
  socket?: SocketFactory;
  onState?: (state: ConnectionState) => void;
  /** Back-off bounds for reconnects, in ms. */
  minDelay?: number;
  maxDelay?: number;
  /**
   * How long a call may wait for its answer (ms; undefined: as long as it takes). A call that times
   * out answers 'unavailable'; if it was still queued it is dropped, so it is never sent later.
   */
  timeoutFor?: (name: CallName) => number | undefined;
};

export type WebSocketTransport = Transport & { state(): ConnectionState; close(): void };

const OPEN = 1;

export const NO_ANSWER_NOT_SENT = 'the workstation did not answer in time: nothing was sent';
export const NO_ANSWER_SENT = 'the workstation did not answer in time: the change may not have been saved';

type Pending = { resolve: (r: Result<unknown>) => void; message: string; timer?: ReturnType<typeof setTimeout> };

export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const makeSocket: SocketFactory = options.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const minDelay = options.minDelay ?? 200;
  const maxDelay = options.maxDelay ?? 3000;
  const pending = new Map<number, Pending>();
  // Calls made while disconnected wait here and go out on the next open socket.
  const queued: number[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: SocketLike | undefined;
  let state: ConnectionState = 'connecting';
  let delay = minDelay;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setState = (s: ConnectionState) => {
    if (s === state) return;
    state = s;
    options.onState?.(s);
  };

  const connect = () => {
    timer = undefined;
    if (closed) return;
    const ws = makeSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      delay = minDelay;
      setState('connected');
      for (const id of queued.splice(0)) {
        const p = pending.get(id);
        if (p) ws.send(p.message);
      }
    };
    ws.onmessage = (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return; // not ours; the host only sends JSON
      }
      if (msg.kind === 'result') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (p?.timer) clearTimeout(p.timer);
        p?.resolve(msg.result);
      } else if (msg.kind === 'event') {
        for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
      }
    };
    ws.onerror = () => {
      /* onclose follows and does the work */
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      // Calls already sent will never be answered by this socket: fail them, clearly.
      for (const [id, p] of pending) {
        if (queued.includes(id)) continue;
        pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        p.resolve({
          ok: false,
          error: { code: 'unavailable', message: 'the connection to the workstation was lost; try again' },
        });
      }
      if (closed) return;
      setState('disconnected');
      timer = setTimeout(connect, delay);
      delay = Math.min(maxDelay, delay * 2);
    };
  };
  connect();

  const timeOut = (id: number) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    const waiting = queued.indexOf(id);
    if (waiting >= 0) queued.splice(waiting, 1);
    // Never sent: then it never will be (a save the person was told failed must not happen later).
    const message = waiting >= 0 ? NO_ANSWER_NOT_SENT : NO_ANSWER_SENT;
    p.resolve({ ok: false, error: { code: 'unavailable', message } });
  };

  return {
    invoke(name: CallName, input: unknown): Promise<Result<unknown>> {
      if (closed)
        return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'the client is closed' } });
      const id = nextId++;
      const message = JSON.stringify({ kind: 'call', id, name, input });
      return new Promise((resolve) => {
        const entry: Pending = { resolve, message };
        const ms = options.timeoutFor?.(name);
        if (ms !== undefined) entry.timer = setTimeout(() => timeOut(id), ms);
        pending.set(id, entry);
        if (socket && socket.readyState === OPEN) socket.send(message);
        else queued.push(id);
      });
    },
    on(name: EventName, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    state: () => state,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
      for (const p of pending.values()) {
        if (p.timer) clearTimeout(p.timer);
        p.resolve({ ok: false, error: { code: 'unavailable', message: 'the client is closed' } });
      }
      pending.clear();
    },
  };
}

/**
 * The page is opened as http://127.0.0.1:PORT/?token=T. Keep the token for reloads (sessionStorage)
 * and take it out of the address bar so it is not copied or bookmarked by accident.
 */
export function takeToken(loc: Location, storage: Storage, history: History): string | undefined {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem('clinic.token', fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', loc.pathname + (rest ? `?${rest}` : '') + loc.hash);
    return fromUrl;
  }
  return storage.getItem('clinic.token') ?? undefined;
}

export function bridgeUrl(loc: Location, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/bridge?token=${encodeURIComponent(token)}`;
}
