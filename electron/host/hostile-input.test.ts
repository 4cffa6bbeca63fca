// The browser host as a real child process against what a hostile page or a broken client can
// send: malformed request paths, frames that are not calls, oversize and deeply nested frames.
// Every one is answered (or the socket closed cleanly) and the host keeps serving.
import { once } from 'node:events';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../e2e/support/host';
import { connectBridge } from '../testing/bridge-client';
import { rawGet } from '../testing/raw-http';
import { useHostUnderTest } from '../testing/host-under-test';

const under = useHostUnderTest();
let host: RunningHost;
let port = 0;
let token = '';
beforeAll(() => void ({ host, port, token } = under()));
const expectServing = () => under().expectServing();

async function openSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: `http://127.0.0.1:${port}` });
  await once(ws, 'open');
  return ws;
}

/** Sends one frame and resolves with the next message the host sends back, parsed. */
async function answerTo(
  ws: WebSocket,
  frame: string | Buffer,
): Promise<{ kind: string; id: number; result: { ok: boolean; error?: { code: string; message: string } } }> {
  const next = once(ws, 'message');
  ws.send(frame);
  const [data] = (await next) as [Buffer];
  return JSON.parse(String(data));
}

describe('browser host against hostile input', () => {
  it('answers a malformed percent escape with 400 and keeps running', async () => {
    expect((await rawGet(port, '/%E0%A4%A')).status).toBe(400);
    expect((await rawGet(port, '/assets/%')).status).toBe(400);
    await expectServing();
  });

  it('answers request targets that are not a path (//, absolute forms, *) without crashing', async () => {
    for (const target of ['//', '///x', 'http://[', '*', '/%00', '/index.html%00.js']) {
      const r = await rawGet(port, target);
      expect(r.status, target).toBeGreaterThanOrEqual(400);
    }
    // The same targets as WebSocket upgrades: refused, not thrown.
    const upgrade =
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    for (const target of ['//', '//bridge', 'http://[']) {
      const r = await rawGet(port, target, `127.0.0.1:${port}`, upgrade);
      expect(r.status, target).toBe(403);
    }
    await expectServing();
  });

  it('answers the frame null, arrays, scalars and binary garbage with invalid-input', async () => {
    const ws = await openSocket();
    for (const frame of ['null', '[]', '[1,2]', '42', '"call"', 'true', '{"kind":null}', '{"kind":"call","id":"1"}']) {
      expect(await answerTo(ws, frame), frame).toMatchObject({
        kind: 'result',
        id: -1,
        result: { ok: false, error: { code: 'invalid-input' } },
      });
    }
    const binary = await answerTo(ws, Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    expect(binary).toMatchObject({ id: -1, result: { error: { code: 'invalid-input' } } });
    ws.close();
    await expectServing();
  });

  it('answers a call whose name or input is an odd object', async () => {
    const ws = await openSocket();
    const odd = await answerTo(ws, JSON.stringify({ kind: 'call', id: 7, name: { toString: 1 }, input: {} }));
    expect(odd).toMatchObject({ id: 7, result: { ok: false, error: { code: 'unknown-call' } } });
    const proto = await answerTo(ws, '{"kind":"call","id":8,"name":"__proto__","input":{"__proto__":{"x":1}}}');
    expect(proto).toMatchObject({ id: 8, result: { ok: false, error: { code: 'unknown-call' } } });
    // 6,000 levels deep: a clear invalid-input, not a stack overflow.
    const deep = '{"a":'.repeat(6000) + '1' + '}'.repeat(6000);
    const r = await answerTo(ws, `{"kind":"call","id":9,"name":"records.save","input":{"doc":${deep}}}`);
    expect(r).toMatchObject({
      id: 9,
      result: { ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/nested more than/) } },
    });
    ws.close();
    await expectServing();
  });

  it('closes a connection that sends a frame over 8 MB with 1009 and keeps serving the others', async () => {
    const other = await connectBridge(host.url);
    const ws = await openSocket();
    ws.on('error', () => {}); // the host closes mid-send; that is the point
    const closed = once(ws, 'close') as Promise<[number, Buffer]>;
    ws.send('x'.repeat(8 * 1024 * 1024 + 1));
    const [code] = await closed;
    expect(code).toBe(1009);
    expect(await other.transport.invoke('app.info', {})).toMatchObject({ ok: true });
    await other.close();
    await expectServing();
  });
});
