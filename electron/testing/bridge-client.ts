// A Node client for the browser host's bridge: the same Transport the renderer uses, over ws.
import WebSocket from 'ws';
import type { CallName, EventName } from '../../shared/contract/contract';
import type { Result } from '../../shared/contract/errors';
import { createClient, type Transport } from '../../shared/contract/transport';

export type BridgeConnection = {
  transport: Transport;
  client: ReturnType<typeof createClient>;
  /** Send any raw text, as a hostile or broken client might. */
  sendRaw(text: string): void;
  raw: WebSocket;
  close(): Promise<void>;
};

export async function connectBridge(pageUrl: string): Promise<BridgeConnection> {
  const url = new URL(pageUrl);
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.searchParams.get('token') ?? ''}`, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`bridge refused: ${res.statusCode}`)));
  });
  let next = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { kind: string; id?: number; result?: Result<unknown>; name?: string; payload?: unknown };
    if (msg.kind === 'result' && msg.id !== undefined) {
      pending.get(msg.id)?.(msg.result!);
      pending.delete(msg.id);
    } else if (msg.kind === 'event' && msg.name) {
      for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
    }
  });
  const transport: Transport = {
    invoke(name: CallName, input: unknown) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ kind: 'call', id, name, input }));
      });
    },
    on(name: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  return {
    transport,
    client: createClient(transport),
    sendRaw: (text) => ws.send(text),
    raw: ws,
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}
