// The transport's own JSON requests (plain-request.ts) against a real loopback HTTP server that
// answers, stalls, trickles heartbeats or drops the connection mid-answer: real TCP, no mocks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, isNetworkError } from './transport';

let server: http.Server;
let base = '';
const seen: Array<{ url: string; auth: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      const url = req.url ?? '';
      if (url.startsWith('/json')) res.end(JSON.stringify({ ok: true, echo: body ? JSON.parse(body) : null }));
      else if (url.startsWith('/text')) res.writeHead(502).end('<html>bad gateway</html>');
      else if (url.startsWith('/stall')) res.writeHead(200).write('{"results":[');
      else if (url.startsWith('/heartbeat')) {
        res.writeHead(200);
        let n = 0;
        const beat = setInterval(() => {
          if (++n < 6) res.write('\n');
          else {
            clearInterval(beat);
            res.end('{"results":[],"last_seq":"7"}');
          }
        }, 100);
      } else if (url.startsWith('/drop')) {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"results":[');
        setTimeout(() => res.socket?.destroy(), 50);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const transport = () => createTransport({ credentials: { username: 'dr', password: 'pw:é' }, idleTimeoutMs: 300 });

describe('transport.json', () => {
  it('answers the status and the parsed body, credentials in a header only', async () => {
    const t = transport();
    const r = await t.json(`${base}/json`, { method: 'POST', body: { a: 'é' } });
    expect(r).toEqual({ status: 200, body: { ok: true, echo: { a: 'é' } } });
    const last = seen.at(-1)!;
    expect(last.auth).toBe('Basic ' + Buffer.from('dr:pw:é', 'utf8').toString('base64'));
    expect(last.url).toBe('/json');
    expect(t.requestCount()).toBe(1);
    // Not JSON: the caller decides.
    expect(await t.json(`${base}/text`)).toEqual({ status: 502, body: null });
  });

  it('gives up on a silent answer after the idle time; heartbeats keep one alive', async () => {
    const t = transport();
    const t0 = Date.now();
    const err = await t.json(`${base}/stall`).catch((e: unknown) => e);
    expect((err as Error).name).toBe('IdleTimeoutError');
    expect(isNetworkError(err)).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(t.lastNetworkFailureAt()).toBeGreaterThanOrEqual(t0);
    // 600 ms in all, a newline every 100 ms: never 300 ms silent.
    expect(await t.json(`${base}/heartbeat`)).toEqual({ status: 200, body: { results: [], last_seq: '7' } });
  });

  it('fails as a network error when the connection drops mid-answer', async () => {
    const t = transport();
    const err = await t.json(`${base}/drop`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isNetworkError(err)).toBe(true);
    expect(t.lastNetworkFailureAt()).toBeGreaterThan(0);
  });

  it('reset() aborts a request in flight', async () => {
    const t = createTransport({ credentials: { username: 'dr', password: 'pw' }, idleTimeoutMs: 10_000 });
    const pending = t.json(`${base}/stall`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    t.reset();
    const err = await pending;
    expect(isNetworkError(err)).toBe(true);
    // The next request uses the new pool.
    expect((await t.json(`${base}/json`)).status).toBe(200);
  });
});
