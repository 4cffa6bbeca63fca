// Fuzzing the browser host, run as a real child process: arbitrary HTTP requests over raw TCP
// (odd methods, targets, versions, headers) and arbitrary bridge frames (any JSON, any text, any
// bytes, odd kind/id/name, deep nesting, oversize). Every request gets a status line, every frame
// an answer (or, over 8 MB, a close with 1009), and afterwards the host answers a normal call.
import { once } from 'node:events';
import fc from 'fast-check';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../e2e/support/host';
import { CALL_NAMES } from '../../shared/contract/contract';
import { connectBridge } from '../testing/bridge-client';
import { rawRequest } from '../testing/raw-http';
import { useHostUnderTest } from '../testing/host-under-test';

const under = useHostUnderTest();
let host: RunningHost;
let port = 0;
let token = '';
beforeAll(() => void ({ host, port, token } = under()));
const expectServing = () => under().expectServing();

const noLineBreaks = (s: string) => s.replace(/[\r\n]/g, '_');
const tricky = [
  '/',
  '/%E0%A4%A',
  '/%',
  '//',
  '///x',
  '*',
  'http://[',
  'http://evil.example/',
  '/bridge',
  '/%00',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/index.html?x=%ZZ',
  '',
];
const target = fc
  .oneof(
    fc.constantFrom(...tricky),
    fc.webPath(),
    fc
      .string({ unit: fc.constantFrom('/', '%', 'E', '0', 'A', 'f', '?', '#', '.', 'a', 'é', '\0', ' ', '\t') })
      .map((s) => '/' + s),
    fc.string({ unit: 'binary', maxLength: 40 }),
  )
  .map(noLineBreaks);
const headerName = fc.oneof(
  fc.constantFrom(
    'Upgrade',
    'Connection',
    'Origin',
    'Content-Length',
    'Transfer-Encoding',
    'Expect',
    'Sec-WebSocket-Key',
    'Sec-WebSocket-Version',
    'X-A',
  ),
  fc.string({ maxLength: 20 }),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    'websocket',
    'Upgrade',
    'keep-alive',
    '100-continue',
    'chunked',
    '-1',
    '99999999999999999999',
    '13',
    'dGhlIHNhbXBsZSBub25jZQ==',
  ),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer({ min: 0, max: 70_000 }).map((n) => 'a'.repeat(n)),
);
// Not PRI: Node's parser takes a PRI line as the start of an HTTP/2 preface and waits for the rest
// (the headers timeout ends it), so it is a request not yet complete rather than one unanswered.
const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'FOO'),
  fc.stringMatching(/^[A-Z]{1,8}$/),
);
const request = fc.record({
  method: method.filter((m) => m !== 'PRI'),
  target,
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'FOO'),
  host: fc.option(fc.oneof(fc.constantFrom('own', 'localhost', 'evil.example', ''), fc.string({ maxLength: 30 }))),
  withToken: fc.boolean(),
  headers: fc.array(fc.tuple(headerName, headerValue.map(noLineBreaks)), { maxLength: 6 }),
});

/** The id the host must answer a frame with: the call's own, or -1 for anything not a call. */
function expectedId(frame: string | Buffer): number {
  try {
    const m = JSON.parse(String(frame)) as unknown;
    if (typeof m === 'object' && m !== null && !Array.isArray(m)) {
      const { kind, id } = m as Record<string, unknown>;
      if (kind === 'call' && typeof id === 'number') return id;
    }
  } catch {
    // not JSON: answered with -1
  }
  return -1;
}

const odd = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    { toString: 1 },
    { valueOf: null, toString: null },
    '__proto__',
    'constructor',
    'toString',
    null,
    [],
    {},
  ),
);
const callLike = fc
  .record(
    {
      kind: fc.oneof(fc.constant('call'), odd),
      id: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), odd),
      name: fc.oneof(fc.constantFrom(...CALL_NAMES), odd),
      input: odd,
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));
const deep = fc
  .record({ depth: fc.integer({ min: 1, max: 10_000 }), open: fc.constantFrom('[', '{"a":'), asCall: fc.boolean() })
  .map(({ depth, open, asCall }) => {
    const nest = open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth);
    return asCall ? `{"kind":"call","id":1,"name":"records.save","input":{"doc":${nest}}}` : nest;
  });
const OVERSIZE = Symbol('oversize');
const frame = fc.oneof(
  { weight: 30, arbitrary: callLike },
  { weight: 10, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
  {
    weight: 5,
    arbitrary: fc.constantFrom('null', '{"toString":1}', '{"kind":"call","id":3,"name":{"toString":1},"input":{}}', ''),
  },
  { weight: 5, arbitrary: deep },
  { weight: 1, arbitrary: fc.constant(OVERSIZE) },
);

async function openBridge(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: `http://127.0.0.1:${port}` });
  ws.on('error', () => {}); // a close with 1009 is expected; errors are judged by the close code
  await once(ws, 'open');
  return ws;
}

/** Resolves with the next result the host sends on `ws` (events skipped), or its close code. */
function nextResult(ws: WebSocket): Promise<{ id: number; result: { ok: boolean } } | { closed: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(String(data)) as { kind: string; id: number; result: { ok: boolean } };
      if (msg.kind !== 'result') return;
      done();
      resolve(msg);
    };
    const onClose = (code: number) => {
      done();
      resolve({ closed: code });
    };
    const done = () => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

describe('browser host under fuzzing', () => {
  it('answers every HTTP request with a status line and keeps running', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const hostLine =
          r.host === null
            ? ''
            : `Host: ${noLineBreaks(r.host === 'own' ? `127.0.0.1:${port}` : r.host === 'localhost' ? `localhost:${port}` : r.host)}\r\n`;
        const t = r.withToken && r.target.startsWith('/') ? `${r.target}?token=${token}` : r.target;
        const head = `${r.method} ${t} ${r.version}\r\n${hostLine}${r.headers.map(([n, v]) => `${noLineBreaks(n)}: ${v}\r\n`).join('')}\r\n`;
        const answer = await rawRequest(port, head, 5000);
        expect(answer.status, JSON.stringify(head.slice(0, 300))).not.toBeNull();
      }),
      { numRuns: 250, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    await expectServing();
  });

  it('answers every bridge frame (or closes with 1009 over 8 MB) and keeps serving other clients', async () => {
    const bystander = await connectBridge(host.url);
    let ws = await openBridge();
    try {
      await fc.assert(
        fc.asyncProperty(frame, async (f) => {
          if (ws.readyState !== ws.OPEN) ws = await openBridge();
          const answer = nextResult(ws);
          ws.send(f === OVERSIZE ? 'x'.repeat(8 * 1024 * 1024 + 1) : f);
          const got = await answer;
          if (f === OVERSIZE) expect(got).toEqual({ closed: 1009 });
          else
            expect(got, String(f).slice(0, 200)).toMatchObject({
              id: expectedId(f),
              result: { ok: expect.any(Boolean) },
            });
        }),
        { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
      expect(await bystander.transport.invoke('app.info', {})).toMatchObject({ ok: true });
    } finally {
      ws.terminate();
      await bystander.close();
    }
    await expectServing();
  });
});
