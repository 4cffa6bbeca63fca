// Serves the built renderer on app://bundle/ with the strict CSP as a response header.
// A custom scheme (not file://) gives the pages a real origin for 'self' and keeps file:// closed.
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { contentType, resolveAppFile } from './app-files';
import { APP_CSP } from './csp';
import { APP_SCHEME } from './urls';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const securityHeaders = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function serveApp(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppFile(rendererDir, request.url) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: securityHeaders });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { ...securityHeaders, 'Content-Type': contentType(file) },
      });
    } catch {
      return new Response('not found', { status: 404, headers: securityHeaders });
    }
  });
}
