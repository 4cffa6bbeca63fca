// The browser host: the same core in a plain Node process, serving the built renderer and the
// contract bridge on 127.0.0.1 with a per-run token.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCore } from '../core/core';
import type { Core } from '../core/types';
import { createBridge } from './bridge';
import { fileSecretStore } from './file-secrets';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// Same policy as the Electron window: nothing remote, the bridge only on loopback.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export type HostOptions = { dataDir: string; port: number; rendererDir: string; token?: string };
export type Host = { url: string; port: number; token: string; core: Core; close(): Promise<void> };

export async function startHost(opts: HostOptions): Promise<Host> {
  if (!existsSync(path.join(opts.rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${opts.rendererDir}: run "npm run build:renderer" first`);
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const core = await createCore({ dataDir: opts.dataDir, host: 'browser', secrets: fileSecretStore(opts.dataDir) });
  const log = { error: (m: string, d?: unknown) => console.error(m, d instanceof Error ? d.message : '') };
  let origin = '';
  const bridge = createBridge(core, token, () => origin, log);
  const root = path.resolve(opts.rendererDir);

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    // The page and its assets hold nothing secret (a reload drops the token from the address bar
    // and the page keeps it in sessionStorage); the bridge, which reaches the records, checks it.
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const file = path.resolve(root, '.' + (isPage ? '/index.html' : decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    core,
    close() {
      closing ??= (async () => {
        await bridge.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await core.close();
      })();
      return closing;
    },
  };
}
