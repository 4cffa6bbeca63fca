// The names the browser host answers to: the page opened as 127.0.0.1 or as localhost reaches
// the bridge; a foreign Host header (DNS rebinding) or Origin gets neither the page nor the bridge.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet } from '../testing/raw-http';
import { tempDir } from '../testing/temp';
import { startHost, type Host } from './server';

let host: Host;
let cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const data = await tempDir();
  const renderer = await tempDir();
  await writeFile(path.join(renderer.dir, 'index.html'), '<!doctype html><title>test</title>');
  host = await startHost({ dataDir: data.dir, port: 0, rendererDir: renderer.dir });
  cleanup = [() => host.close(), data.remove, renderer.remove];
});
afterAll(async () => {
  for (const c of cleanup) await c();
});

/** Opens the bridge with the given Host and Origin headers: 101 when it opened, else the status. */
function bridgeStatus(hostHeader: string, origin: string | undefined, token = host.token): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${token}`, {
      headers: { Host: hostHeader },
      ...(origin === undefined ? {} : { origin }),
    });
    ws.once('unexpected-response', (_r, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', () => resolve(-1));
  });
}

describe('loopback names', () => {
  it('accepts the bridge from the page opened as 127.0.0.1 or as localhost', async () => {
    const p = host.port;
    expect(await bridgeStatus(`127.0.0.1:${p}`, `http://127.0.0.1:${p}`)).toBe(101);
    expect(await bridgeStatus(`localhost:${p}`, `http://localhost:${p}`)).toBe(101);
    const call = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(`ws://localhost:${p}/bridge?token=${host.token}`, { origin: `http://localhost:${p}` });
      ws.once('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, name: 'app.info', input: {} })));
      ws.once('message', (data) => {
        ws.close();
        resolve(JSON.parse(String(data)));
      });
      ws.once('error', reject);
    });
    expect(call).toMatchObject({ id: 1, result: { ok: true } });
  });

  it('refuses the bridge for a foreign Host or Origin, another port, or without the token', async () => {
    const p = host.port;
    expect(await bridgeStatus(`evil.example:${p}`, `http://evil.example:${p}`)).toBe(403);
    expect(await bridgeStatus(`evil.example:${p}`, undefined)).toBe(403);
    expect(await bridgeStatus(`127.0.0.1:${p}`, 'http://evil.example')).toBe(403);
    expect(await bridgeStatus(`127.0.0.1:${p}`, `http://localhost:${p + 1}`)).toBe(403);
    expect(await bridgeStatus(`[::1]:${p}`, `http://[::1]:${p}`)).toBe(403);
    expect(await bridgeStatus(`localhost:${p}`, `http://localhost:${p}`, 'wrong')).toBe(403);
  });

  it('serves the page to 127.0.0.1 and localhost only, with a CSP that lets both reach the bridge', async () => {
    const p = host.port;
    for (const name of [`127.0.0.1:${p}`, `localhost:${p}`, `LOCALHOST:${p}`]) {
      const r = await rawGet(p, '/', name);
      expect(r.status, name).toBe(200);
      const csp = /content-security-policy: (.*)/i.exec(r.head)?.[1] ?? '';
      expect(csp).toContain('ws://127.0.0.1:*');
      expect(csp).toContain('ws://localhost:*');
    }
    for (const name of [`evil.example:${p}`, 'localhost', `127.0.0.1:${p + 1}`, `[::1]:${p}`]) {
      expect((await rawGet(p, '/', name)).status, name).toBe(421);
    }
    // An empty Host header: refused as well.
    expect((await rawGet(p, '/index.html', '')).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`http://localhost:${p}/`)).status).toBe(200);
  });
});
