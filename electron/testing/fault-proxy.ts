// A TCP proxy on loopback that injects network faults between a workstation and the practice
// server, switchable at runtime. Tests use it to produce real socket-level failures (refused
// connections, RSTs, half-open connections, slow links) rather than mocking the HTTP layer.
import net from 'node:net';

// 'answer': the proxy itself answers each new request with an HTTP status (e.g. the 403 a CouchDB
// cluster gives while a shard copy still holds the old `_security`), then passes again after
// `count` answers. Works the same in front of the dev server and a real CouchDB.
export type FaultMode = 'pass' | 'refuse' | 'reset' | 'blackhole' | 'latency' | 'answer';

export type FaultProxyStats = {
  /** TCP connections accepted (refused ones are not counted: they never reach us). */
  connections: number;
  /** HTTP request lines seen going up (counted on request-line starts, good enough for tests). */
  requests: number;
  bytesUp: number;
  bytesDown: number;
  /** Uploads: `POST …/_bulk_docs` request lines seen going up. */
  bulkDocs: number;
};

export type FaultProxy = {
  port: number;
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  mode(): FaultMode;
  /** `latencyMs` applies in 'latency' mode, added to each direction; `status`/`count` in 'answer' mode. */
  setMode(mode: FaultMode, opts?: { latencyMs?: number; status?: number; count?: number }): Promise<void>;
  stats(): FaultProxyStats;
  resetStats(): void;
  /** Number of currently open client connections. */
  openConnections(): number;
  stop(): Promise<void>;
};

type Pair = {
  client: net.Socket;
  upstream: net.Socket | null;
  /** Once data has been dropped the byte stream is corrupt: the pair never forwards again. */
  broken: boolean;
  /** Time at which the last delayed chunk in each direction is due, to keep chunks ordered. */
  dueUp: number;
  dueDown: number;
};

const latin1 = new TextDecoder('latin1');
const BULK_DOCS = /(?:^|\r\n)POST \S*\/_bulk_docs\S* HTTP\/1\.[01]\r\n/g;
const REQUEST_LINE = /(?:^|\r\n)(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|COPY) \S+ HTTP\/1\.[01]\r\n/g;

export async function startFaultProxy(opts: { targetPort: number; targetHost?: string }): Promise<FaultProxy> {
  const targetHost = opts.targetHost ?? '127.0.0.1';
  let mode: FaultMode = 'pass';
  let latencyMs = 0;
  let answer = { status: 403, left: 0 };
  let stopped = false;
  const pairs = new Set<Pair>();
  const stats: FaultProxyStats = { connections: 0, requests: 0, bytesUp: 0, bytesDown: 0, bulkDocs: 0 };

  const server = net.createServer({ pauseOnConnect: false }, (client) => onConnection(client));
  server.on('error', () => {}); // errors surface through listen() below

  function forward(pair: Pair, dir: 'up' | 'down', chunk: Uint8Array): void {
    if (mode === 'blackhole' || pair.broken) {
      pair.broken = true; // a half-open link: bytes vanish, nobody is told
      return;
    }
    const out = dir === 'up' ? pair.upstream : pair.client;
    if (!out || out.destroyed) return;
    if (dir === 'up') {
      stats.bytesUp += chunk.length;
      const text = latin1.decode(chunk);
      stats.requests += text.match(REQUEST_LINE)?.length ?? 0;
      stats.bulkDocs += text.match(BULK_DOCS)?.length ?? 0;
    } else {
      stats.bytesDown += chunk.length;
    }
    const delay = mode === 'latency' ? latencyMs : 0;
    const lastDue = dir === 'up' ? pair.dueUp : pair.dueDown;
    const now = Date.now();
    if (delay === 0 && lastDue <= now) {
      out.write(chunk);
      return;
    }
    const due = Math.max(now + delay, lastDue);
    if (dir === 'up') pair.dueUp = due;
    else pair.dueDown = due;
    setTimeout(() => {
      if (!out.destroyed) out.write(chunk);
    }, due - now);
  }

  function dropPair(pair: Pair, how: 'reset' | 'destroy'): void {
    pairs.delete(pair);
    if (how === 'reset' && !pair.client.destroyed) pair.client.resetAndDestroy();
    else pair.client.destroy();
    pair.upstream?.destroy();
  }

  /** Reads one request's head and answers it with the status, closing the connection. */
  function answerOnce(client: net.Socket): void {
    let head = '';
    client.on('error', () => client.destroy());
    client.on('data', (chunk: Uint8Array) => {
      if (head.includes('\r\n\r\n')) return;
      head += latin1.decode(chunk);
      if (!head.includes('\r\n\r\n')) return;
      stats.requests++;
      const body = JSON.stringify({ error: 'forbidden', reason: 'injected by the fault proxy' });
      client.end(
        `HTTP/1.1 ${answer.status} Injected\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      answer.left--;
      if (answer.left <= 0 && mode === 'answer') mode = 'pass';
    });
  }

  function onConnection(client: net.Socket): void {
    if (stopped || mode === 'refuse') {
      client.destroy();
      return;
    }
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    stats.connections++;
    if (mode === 'answer') {
      answerOnce(client);
      return;
    }
    const pair: Pair = { client, upstream: null, broken: false, dueUp: 0, dueDown: 0 };
    pairs.add(pair);
    client.on('error', () => dropPair(pair, 'destroy'));
    client.on('close', () => dropPair(pair, 'destroy'));
    client.on('data', (chunk: Uint8Array) => forward(pair, 'up', chunk));
    if (mode === 'blackhole') {
      pair.broken = true; // accepted, never answered, never connected upstream
      return;
    }
    const upstream = net.connect({ host: targetHost, port: opts.targetPort });
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    upstream.on('data', (chunk: Uint8Array) => forward(pair, 'down', chunk));
    // A server that goes away ends the client side the same way, so the client sees the fault.
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
      dropPair(pair, 'destroy');
    });
    // End/close follow the data still queued by 'latency', so a reply is never cut short.
    const afterQueued = (fn: () => void) => {
      const wait = pair.dueDown - Date.now();
      if (wait > 0) setTimeout(fn, wait + 1);
      else fn();
    };
    upstream.on('end', () => {
      if (!pair.broken) afterQueued(() => client.end());
    });
    upstream.on('close', () => {
      if (!pair.broken) afterQueued(() => dropPair(pair, 'destroy'));
    });
    // Writes before the upstream connects are buffered by the socket itself.
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fault proxy: no TCP address');
  const port = address.port;

  let listening = true;
  async function closeListener(): Promise<void> {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  async function reopenListener(): Promise<void> {
    if (listening || stopped) return;
    // The port may be briefly held by a socket in the kernel: retry for a few seconds.
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
          });
        });
        listening = true;
        return;
      } catch (err) {
        if (attempt >= 100) throw new Error(`fault proxy: cannot listen again on ${port}: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    mode: () => mode,
    async setMode(next, o) {
      if (stopped) throw new Error('fault proxy stopped');
      mode = next;
      if (next === 'latency') latencyMs = Math.max(0, o?.latencyMs ?? 100);
      if (next === 'answer') {
        answer = { status: o?.status ?? 403, left: o?.count ?? 1 };
        for (const pair of [...pairs]) dropPair(pair, 'destroy'); // the next requests come on new connections
      }
      if (next === 'refuse') {
        // A real refusal: the port has no listener (ECONNREFUSED); open connections are cut too.
        for (const pair of [...pairs]) dropPair(pair, 'destroy');
        await closeListener();
      } else {
        await reopenListener();
      }
      if (next === 'reset') for (const pair of [...pairs]) dropPair(pair, 'reset');
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats.connections = 0;
      stats.requests = 0;
      stats.bytesUp = 0;
      stats.bytesDown = 0;
      stats.bulkDocs = 0;
    },
    openConnections: () => pairs.size,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const pair of [...pairs]) dropPair(pair, 'destroy');
      await closeListener();
    },
  };
}
