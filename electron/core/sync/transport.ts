// HTTP transport for talking to the practice server: the `fetch` PouchDB's http adapter calls,
// plus plain JSON requests for probes and the change watcher. It adds what PouchDB lacks:
// an idle timeout on every request and response body (so a half-open connection is noticed),
// a connection pool that can be thrown away after a fault, and a record of transport failures
// so a failed replication can be told apart from a server refusal.
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { PassThrough, type Readable } from 'node:stream';
import { IdleTimeoutError, isNetworkError } from './network-errors';
import { plainRequest, type PlainShared } from './plain-request';

export { IdleTimeoutError, isNetworkError } from './network-errors';

// node-fetch v2 is what pouchdb-node itself uses; reusing it keeps the Response objects PouchDB
// expects (e.g. `.buffer()` for attachments).
type NodeFetchResponse = {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: unknown;
  body: Readable;
  json(): Promise<unknown>;
  text(): Promise<string>;
};
type NodeFetch = ((url: string, init?: Record<string, unknown>) => Promise<NodeFetchResponse>) & {
  Response: new (body: Readable, init: Record<string, unknown>) => NodeFetchResponse;
  Headers: new (init?: Record<string, string>) => { set(k: string, v: string): void };
};
const nodeFetch = createRequire(import.meta.url)('node-fetch') as NodeFetch;

export type Credentials = { username: string; password: string };

export type TransportOptions = {
  credentials: Credentials;
  /** Abort a request when no byte has arrived for this long (default 15 s). */
  idleTimeoutMs?: number;
};

export type Transport = {
  /** For `new PouchDB(url, { fetch })`. */
  fetch: (url: string, init?: Record<string, unknown>) => Promise<NodeFetchResponse>;
  /**
   * GET/POST JSON with auth (the transport's credentials unless others are given, e.g. a
   * document's author's own: see per-person.ts); resolves with status + parsed body (null when not JSON).
   */
  json(
    url: string,
    init?: { method?: string; body?: unknown; idleTimeoutMs?: number; credentials?: Credentials },
  ): Promise<{ status: number; body: unknown }>;
  /** Time of the last transport-level failure (refused, reset, timed out), or 0. */
  lastNetworkFailureAt(): number;
  /** Drops pooled sockets (they may be half-open after a fault) and aborts requests in flight. */
  reset(): void;
  setCredentials(c: Credentials): void;
  requestCount(): number;
};

/** What the transport's requests share: the pool, the abort generation, the counters. */
type Shared = PlainShared;

const newGeneration = () => {
  const c = new AbortController();
  setMaxListeners(0, c.signal); // one listener per request in flight
  return c;
};
const makeAgents = () => ({
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
});

const trace = (method: string, url: string, status: number, t0: number) =>
  console.log(`[trace] ${method} ${url.replace(/^https?:\/\/[^/]+/, '').slice(0, 90)} ${status} ${Date.now() - t0} ms`);

/** One request with an idle timeout that every received chunk re-arms (heartbeats count as life). */
async function guardedFetch(
  sh: Shared,
  url: string,
  init: Record<string, unknown>,
  timeoutMs: number,
): Promise<NodeFetchResponse> {
  sh.requests++;
  const controller = new AbortController();
  const parent = sh.generation.signal;
  const onParentAbort = () => controller.abort();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
  let out: PassThrough | null = null;
  let timer: NodeJS.Timeout | null = null;
  let timedOut = false;
  const done = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    parent.removeEventListener('abort', onParentAbort);
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      sh.lastFailure = Date.now();
      timedOut = true;
      out?.destroy(new IdleTimeoutError(timeoutMs));
      controller.abort();
    }, timeoutMs);
  };
  arm();
  const t0 = Date.now();
  const agent = url.startsWith('https:') ? sh.agents.https : sh.agents.http;
  let res: NodeFetchResponse;
  try {
    res = await nodeFetch(url, { ...init, signal: controller.signal, agent });
  } catch (err) {
    done();
    if (isNetworkError(err)) sh.lastFailure = Date.now();
    throw timedOut ? new IdleTimeoutError(timeoutMs) : err;
  }
  // Re-stream the body so each chunk re-arms the idle timer.
  const body = res.body;
  const pass = new PassThrough();
  out = pass;
  arm();
  body.on('data', () => arm());
  body.on('error', (err) => {
    done();
    sh.lastFailure = Date.now();
    pass.destroy(err);
  });
  body.on('end', () => {
    done();
    if (process.env.CW_SYNC_TRACE) trace(String(init.method ?? 'GET'), url, res.status, t0);
  });
  pass.on('close', done);
  body.pipe(pass);
  return new nodeFetch.Response(pass, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
    url: res.url,
  });
}

export function createTransport(opts: TransportOptions): Transport {
  const idleMs = opts.idleTimeoutMs ?? 15_000;
  let credentials = opts.credentials;
  const sh: Shared = { generation: newGeneration(), agents: makeAgents(), lastFailure: 0, requests: 0 };
  const authHeader = (c = credentials) =>
    'Basic ' + Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');

  return {
    // Credentials go in a header set here, never in a URL, so they can change without a new
    // PouchDB object and never show up in an error message.
    fetch: (url, init = {}) => {
      const headers = init.headers as { set?: (k: string, v: string) => void } | undefined;
      if (headers?.set) headers.set('Authorization', authHeader());
      else init.headers = new nodeFetch.Headers({ Authorization: authHeader() });
      return guardedFetch(sh, url, init, idleMs);
    },
    async json(url, init = {}) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: authHeader(init.credentials),
      };
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const t0 = Date.now();
      const method = init.method ?? 'GET';
      const res = await plainRequest(
        sh,
        url,
        { method, headers, ...(body === undefined ? {} : { body }) },
        init.idleTimeoutMs ?? idleMs,
      );
      if (process.env.CW_SYNC_TRACE) trace(method, url, res.status, t0);
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = null; // not JSON: the caller decides (e.g. "not CouchDB")
      }
      return { status: res.status, body: parsed };
    },
    lastNetworkFailureAt: () => sh.lastFailure,
    reset() {
      sh.generation.abort();
      sh.generation = newGeneration();
      sh.agents.http.destroy();
      sh.agents.https.destroy();
      sh.agents = makeAgents();
    },
    setCredentials(c) {
      credentials = c;
    },
    requestCount: () => sh.requests,
  };
}
