// Each fault mode is checked with real sockets against a real HTTP server on loopback.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

let target: http.Server;
let proxy: FaultProxy;

beforeAll(async () => {
  target = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`hello ${req.url}`);
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const port = (target.address() as net.AddressInfo).port;
  proxy = await startFaultProxy({ targetPort: port });
});

afterAll(async () => {
  await proxy?.stop();
  await new Promise<void>((r) => target.close(() => r()));
});

/** One raw HTTP/1.1 request on a fresh socket; resolves with the reply or the socket error code. */
function rawRequest(path: string, timeoutMs = 1000): Promise<{ reply?: string; error?: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: proxy.port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: 'TIMEOUT', ms: Date.now() - started });
    }, timeoutMs);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    socket.on('data', (c) => (reply += c.toString()));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ error: e.code ?? e.message, ms: Date.now() - started });
    });
    socket.on('end', () => {
      clearTimeout(timer);
      resolve({ reply, ms: Date.now() - started });
    });
  });
}

/** A kept-open connection whose next request we control. */
function openConnection(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: proxy.port }, () => resolve(s));
    s.once('error', reject);
  });
}

describe('fault proxy', () => {
  it('pass forwards both ways and counts requests', async () => {
    await proxy.setMode('pass');
    proxy.resetStats();
    const r = await rawRequest('/a');
    expect(r.reply).toContain('hello /a');
    expect(proxy.stats().requests).toBe(1);
    expect(proxy.stats().connections).toBe(1);
  });

  it('answer: the first N requests get the injected status, later ones pass through', async () => {
    await proxy.setMode('answer', { status: 403, count: 2 });
    const first = await rawRequest('/one');
    const second = await rawRequest('/two');
    const third = await rawRequest('/three');
    expect(first.reply).toMatch(/^HTTP\/1\.1 403/);
    expect(second.reply).toMatch(/^HTTP\/1\.1 403/);
    expect(third.reply).toContain('hello /three');
    expect(proxy.mode()).toBe('pass');
  });

  it('refuse: new connections get ECONNREFUSED, open ones are cut, pass restores the same port', async () => {
    await proxy.setMode('pass');
    const open = await openConnection();
    const closed = new Promise<void>((r) => open.on('close', () => r()));
    open.on('error', () => {});
    await proxy.setMode('refuse');
    await closed;
    const r = await rawRequest('/b');
    expect(r.error).toBe('ECONNREFUSED');
    await proxy.setMode('pass');
    expect((await rawRequest('/c')).reply).toContain('hello /c');
  });

  it('reset: open connections and new ones get a RST', async () => {
    await proxy.setMode('pass');
    const open = await openConnection();
    const err = new Promise<string>((r) => open.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? '')));
    await new Promise((r) => setTimeout(r, 20));
    await proxy.setMode('reset');
    expect(await err).toBe('ECONNRESET');
    const r = await rawRequest('/d');
    expect(r.error).toBe('ECONNRESET');
    await proxy.setMode('pass');
    expect((await rawRequest('/e')).reply).toContain('hello /e');
  });

  it('blackhole: accepts, never answers, keeps sockets open; new connections work again after pass', async () => {
    await proxy.setMode('pass');
    const open = await openConnection();
    let got = '';
    let closed = false;
    open.on('data', (c) => (got += c.toString()));
    open.on('close', () => (closed = true));
    await proxy.setMode('blackhole');
    open.write('GET /f HTTP/1.1\r\nHost: x\r\n\r\n');
    const r = await rawRequest('/g', 600);
    expect(r.error).toBe('TIMEOUT');
    await new Promise((res) => setTimeout(res, 100));
    expect(got).toBe('');
    expect(closed).toBe(false);
    await proxy.setMode('pass');
    expect((await rawRequest('/h')).reply).toContain('hello /h');
    open.destroy();
  });

  it('latency: adds the delay each way, in order', async () => {
    // Only lower bounds: a loaded machine can slow any request down, never speed one past the delay.
    await proxy.setMode('latency', { latencyMs: 150 });
    const slow = await rawRequest('/j', 3000);
    expect(slow.reply).toContain('hello /j');
    expect(slow.ms).toBeGreaterThanOrEqual(290); // 150 ms up + 150 ms down
    await proxy.setMode('pass');
    const fast = await rawRequest('/i');
    expect(fast.reply).toContain('hello /i');
  });
});
