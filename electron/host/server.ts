// The browser host: the same core in a plain Node process, serving the built renderer and the
// contract bridge on 127.0.0.1 with a per-run token.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCore } from '../core/core';
import type { Core } from '../core/types';
import { createBridge } from './bridge';
import { fileSecretStore } from './file-secrets';
import { serveStatic } from './static';

export type HostOptions = { dataDir: string; port: number; rendererDir: string; token?: string; idleLockMs?: number };
export type Host = { url: string; port: number; token: string; core: Core; close(): Promise<void> };

export async function startHost(opts: HostOptions): Promise<Host> {
  if (!existsSync(path.join(opts.rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${opts.rendererDir}: run "npm run build:renderer" first`);
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const core = await createCore({
    dataDir: opts.dataDir,
    host: 'browser',
    secrets: fileSecretStore(opts.dataDir),
    ...(opts.idleLockMs === undefined ? {} : { idleLockMs: opts.idleLockMs }),
  });
  const log = { error: (m: string, d?: unknown) => console.error(m, d instanceof Error ? d.message : '') };
  let port = 0;
  const bridge = createBridge(core, token, () => port, log);
  const root = path.resolve(opts.rendererDir);

  const server: Server = createServer((req, res) => serveStatic(root, port, req, res));
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  // Without a listener Node drops a CONNECT without a word; answer it like any other method.
  server.on('connect', (_req, socket) => {
    socket.on('error', () => {});
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
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
