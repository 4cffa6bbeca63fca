// Small HTTP helpers for the practice-server tests (plain fetch, like the setup module).
import { basicAuthHeader, type Credentials } from './setup';

export type Reply = { status: number; json: Record<string, unknown>; text: string; headers: Headers };

export async function call(
  base: string,
  method: string,
  path: string,
  // raw: a JSON text sent as it is (e.g. nested deeper than JSON.stringify can go)
  opts: { auth?: Credentials; cookie?: string; body?: unknown; raw?: string; signal?: AbortSignal } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.auth) headers.authorization = basicAuthHeader(opts.auth);
  if (opts.cookie) headers.cookie = opts.cookie;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // continuous feeds and errors pages are not one JSON value; tests read `text`
  }
  return { status: res.status, json, text, headers: res.headers };
}
