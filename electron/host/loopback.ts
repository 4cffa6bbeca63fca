// Which names the browser host answers to. It listens on 127.0.0.1 only; a page may reach it as
// 127.0.0.1 or localhost. Any other Host header is a DNS-rebinding page (evil.example resolving to
// 127.0.0.1) or a misdirected request, and any other Origin is another site's page.

const names = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`];

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && names(port).includes(host.toLowerCase());
}

/** No Origin header: not a browser page (browsers always send one on WebSocket handshakes). */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || names(port).some((n) => origin.toLowerCase() === `http://${n}`);
}

export type RequestTarget = { pathname: string; searchParams: URLSearchParams };

/**
 * The decoded path and query of an origin-form request target ("/a%20b?x=1"), or null for anything
 * else: a malformed percent escape, a NUL byte, "//host", "*", an absolute URL. Never throws.
 */
export function requestTarget(raw: string | undefined): RequestTarget | null {
  if (raw === undefined || !raw.startsWith('/') || raw.startsWith('//')) return null;
  const q = raw.search(/[?#]/);
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 || raw[q] === '#' ? '' : (raw.slice(q + 1).split('#')[0] ?? '');
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  return { pathname, searchParams: new URLSearchParams(query) };
}
