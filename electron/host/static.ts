// The browser host's static files: the built renderer, read-only, with the window's headers.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { hostAllowed, requestTarget } from './loopback';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// Same policy as the Electron window: nothing remote, the bridge only on loopback (under either
// name the page may be opened with).
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function answer(res: ServerResponse, status: number, text: string): void {
  res
    .writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
    .end(text + '\n');
}

/** Answers every request, whatever its target or headers; never throws. */
export function serveStatic(root: string, port: number, req: IncomingMessage, res: ServerResponse): void {
  try {
    serve(root, port, req, res);
  } catch (err) {
    console.error('static request failed:', (err as { code?: unknown })?.code ?? 'error');
    if (!res.headersSent) answer(res, 500, 'internal error');
    else res.destroy();
  }
}

function serve(root: string, port: number, req: IncomingMessage, res: ServerResponse): void {
  if (!hostAllowed(req.headers.host, port)) {
    answer(res, 421, `this workstation answers only to 127.0.0.1:${port} and localhost:${port}`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    answer(res, 405, 'method not allowed');
    return;
  }
  const target = requestTarget(req.url);
  if (!target) {
    answer(res, 400, 'malformed request path');
    return;
  }
  // The page and its assets hold nothing secret (a reload drops the token from the address bar
  // and the page keeps it in sessionStorage); the bridge, which reaches the records, checks it.
  const isPage = target.pathname === '/' || target.pathname === '/index.html';
  const file = path.resolve(root, '.' + (isPage ? '/index.html' : target.pathname));
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, HEADERS).end();
    return;
  }
  res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A file removed between the check and the read: end the answer, do not raise an 'error' event.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
