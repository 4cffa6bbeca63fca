// The WebSocket transport against a real `ws` server on 127.0.0.1: calls, events, a dropped
// connection (pending calls fail clearly, queued calls wait) and reconnection to a restarted server.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  NO_ANSWER_NOT_SENT,
  NO_ANSWER_SENT,
  bridgeUrl,
  createWebSocketTransport,
  type ConnectionState,
  type SocketFactory,
} from './websocket';

const servers: WebSocketServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

type Handler = (msg: { id: number; name: string; input: unknown }, ws: WebSocket) => void;

async function startServer(port: number, handle: Handler): Promise<WebSocketServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  servers.push(wss);
  await once(wss, 'listening');
  wss.on('connection', (ws) => ws.on('message', (raw) => handle(JSON.parse(String(raw)), ws)));
  return wss;
}

const echo: Handler = (msg, ws) =>
  ws.send(
    JSON.stringify({ kind: 'result', id: msg.id, result: { ok: true, value: { name: msg.name, input: msg.input } } }),
  );
const factory: SocketFactory = (url) => new WebSocket(url) as never;

async function stop(wss: WebSocketServer) {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
}

function waitFor(states: ConnectionState[], want: ConnectionState): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (states.includes(want)) {
        clearInterval(t);
        resolve();
      }
    }, 10);
    setTimeout(() => {
      clearInterval(t);
      reject(new Error(`never reached ${want}: ${states.join(',')}`));
    }, 5000);
  });
}

describe('websocket transport', () => {
  it('answers calls, delivers events, fails in-flight calls on a drop and reconnects to a restarted host', async () => {
    let hold = false;
    const held: Array<() => void> = [];
    const handler: Handler = (msg, ws) => (hold ? held.push(() => echo(msg, ws)) : echo(msg, ws));
    let wss = await startServer(0, handler);
    const port = (wss.address() as AddressInfo).port;
    const states: ConnectionState[] = [];
    const t = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}/bridge?token=x`,
      socket: factory,
      onState: (s) => states.push(s),
      minDelay: 20,
      maxDelay: 100,
    });
    try {
      // A call made before the socket opens waits for it.
      await expect(t.invoke('app.info', {})).resolves.toEqual({ ok: true, value: { name: 'app.info', input: {} } });
      expect(t.state()).toBe('connected');

      const got: unknown[] = [];
      const off = t.on('samples.progress', (p) => got.push(p));
      for (const c of wss.clients)
        c.send(JSON.stringify({ kind: 'event', name: 'samples.progress', payload: { done: 1, total: 2 } }));
      await expect.poll(() => got).toEqual([{ done: 1, total: 2 }]);
      off();

      // The host goes away with a call in flight: that call fails with 'unavailable', not a hang.
      hold = true;
      const inFlight = t.invoke('patients.search', { query: '', offset: 0, limit: 1 });
      await expect.poll(() => held.length).toBe(1);
      await stop(wss);
      const failed = await inFlight;
      expect(failed.ok).toBe(false);
      expect(!failed.ok && failed.error.code).toBe('unavailable');
      await waitFor(states, 'disconnected');

      // A call made while disconnected is queued and answered once the host is back on its port.
      const queued = t.invoke('records.get', { id: 'p1' });
      hold = false;
      wss = await startServer(port, handler);
      await expect(queued).resolves.toEqual({ ok: true, value: { name: 'records.get', input: { id: 'p1' } } });
      expect(t.state()).toBe('connected');
      expect(states.filter((s) => s === 'connected').length).toBe(2);
    } finally {
      t.close();
    }
  });

  it('ignores messages that are not JSON and answers after close with an error', async () => {
    const wss = await startServer(0, (msg, ws) => {
      ws.send('not json');
      echo(msg, ws);
    });
    const port = (wss.address() as AddressInfo).port;
    const t = createWebSocketTransport({ url: `ws://127.0.0.1:${port}/`, socket: factory });
    await expect(t.invoke('app.info', {})).resolves.toMatchObject({ ok: true });
    t.close();
    const after = await t.invoke('app.info', {});
    expect(after).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('keeps retrying for as long as the host is away and reconnects when it is back', async () => {
    const probe = await startServer(0, echo);
    const port = (probe.address() as AddressInfo).port;
    await stop(probe);
    let attempts = 0;
    const counting: SocketFactory = (url) => {
      attempts++;
      return factory(url);
    };
    const states: ConnectionState[] = [];
    const t = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}/`,
      socket: counting,
      onState: (s) => states.push(s),
      minDelay: 10,
      maxDelay: 40,
    });
    try {
      // Far more attempts than the back-off has steps: it never settles into giving up.
      await expect.poll(() => attempts, { timeout: 5000 }).toBeGreaterThan(15);
      expect(t.state()).toBe('disconnected');
      const answer = t.invoke('app.info', {});
      await startServer(port, echo);
      await expect(answer).resolves.toMatchObject({ ok: true });
      expect(t.state()).toBe('connected');
    } finally {
      t.close();
    }
  });

  it('times out a call without an answer; a queued one is dropped and never sent once the host is back', async () => {
    const received: string[] = [];
    let answer = false;
    const handler: Handler = (msg, ws) => {
      received.push(msg.name);
      if (answer) echo(msg, ws);
    };
    let wss = await startServer(0, handler);
    const port = (wss.address() as AddressInfo).port;
    const states: ConnectionState[] = [];
    const t = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}/`,
      socket: factory,
      onState: (s) => states.push(s),
      minDelay: 20,
      maxDelay: 50,
      timeoutFor: (name) => (name === 'records.save' ? 300 : undefined),
    });
    try {
      // Sent, never answered: 'unavailable' after the timeout, saying it may have been saved.
      const sent = await t.invoke('records.save', { doc: 1 });
      expect(sent).toEqual({ ok: false, error: { code: 'unavailable', message: NO_ANSWER_SENT } });
      expect(received).toEqual(['records.save']);
      // A call without a timeout waits for as long as it takes.
      const slow = t.invoke('app.info', {});
      // The host goes away: a save made meanwhile is queued, times out, and is dropped.
      await stop(wss);
      await waitFor(states, 'disconnected');
      const queued = await t.invoke('records.save', { doc: 2 });
      expect(queued).toEqual({ ok: false, error: { code: 'unavailable', message: NO_ANSWER_NOT_SENT } });
      expect(await slow).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      answer = true;
      wss = await startServer(port, handler);
      await expect(t.invoke('app.info', {})).resolves.toMatchObject({ ok: true });
      expect(received.filter((n) => n === 'records.save')).toEqual(['records.save']);
      // A late answer to a timed-out call is ignored; a fresh call is answered as usual.
      await expect(t.invoke('records.save', { doc: 3 })).resolves.toMatchObject({ ok: true });
      expect(received.filter((n) => n === 'records.save')).toHaveLength(2);
    } finally {
      t.close();
    }
  });

  it('builds the bridge address from the host the page was opened with', () => {
    const at = (href: string) => new URL(href) as unknown as Location;
    expect(bridgeUrl(at('http://localhost:8123/'), 'a b')).toBe('ws://localhost:8123/bridge?token=a%20b');
    expect(bridgeUrl(at('http://127.0.0.1:8123/x'), 't')).toBe('ws://127.0.0.1:8123/bridge?token=t');
  });
});
