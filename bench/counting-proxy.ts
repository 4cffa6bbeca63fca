// An HTTP proxy in front of the practice server that counts what the workstations ask: requests
// by kind, and how many `_changes` long-polls the server holds at once (with documents or not).
// HTTP-level rather than fault-proxy.ts's TCP counting, because a held long-poll is a request in
// flight, not a connection (keep-alive connections outlive their requests).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Kind = 'longpoll' | 'longpollDocs' | 'changes' | 'bulkDocs' | 'bulkGet' | 'revsDiff' | 'local' | 'other';

export type ProxyStats = {
  requests: number;
  byKind: Record<Kind, number>;
  /** Long-polls in flight: the most at once, and the mean of samples every 100 ms. */
  longpollsHeldMax: number;
  longpollsHeldMean: number;
  /** The most long-polls with include_docs in flight at once. */
  longpollsWithDocsHeldMax: number;
  bytesDown: number;
  /** What 'other' was: method and path (database name and ids left out), the most frequent first. */
  otherTop: Record<string, number>;
};

export type CountingProxy = { url: string; stats(): ProxyStats; reset(): void; stop(): Promise<void> };

function kindOf(url: string): Kind {
  const [path = '', query = ''] = url.split('?');
  if (path.endsWith('/_changes')) {
    const q = new URLSearchParams(query);
    if (q.get('feed') !== 'longpoll' && q.get('feed') !== 'continuous') return 'changes';
    return q.get('include_docs') === 'true' ? 'longpollDocs' : 'longpoll';
  }
  if (path.endsWith('/_bulk_docs')) return 'bulkDocs';
  if (path.endsWith('/_bulk_get')) return 'bulkGet';
  if (path.endsWith('/_revs_diff')) return 'revsDiff';
  if (path.includes('/_local/')) return 'local';
  return 'other';
}

/** `/practice/patient%3Aab12?x` → `/{db}/{id}`: kinds of request, not which document. */
function shape(url: string): string {
  const parts = (url.split('?')[0] ?? '').split('/').filter(Boolean);
  return '/' + parts.map((p, i) => (p.startsWith('_') ? p : i === 0 ? '{db}' : '{id}')).join('/');
}

const zero = (): Record<Kind, number> => ({
  longpoll: 0,
  longpollDocs: 0,
  changes: 0,
  bulkDocs: 0,
  bulkGet: 0,
  revsDiff: 0,
  local: 0,
  other: 0,
});

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let byKind = zero();
  let requests = 0;
  let other = new Map<string, number>();
  let bytesDown = 0;
  let held = 0;
  let heldDocs = 0;
  let heldMax = 0;
  let heldDocsMax = 0;
  let samples = 0;
  let sampleSum = 0;
  const sampler = setInterval(() => {
    samples++;
    sampleSum += held + heldDocs;
  }, 100);
  sampler.unref();

  const server = http.createServer((req, res) => {
    const kind = kindOf(req.url ?? '/');
    requests++;
    byKind[kind]++;
    if (kind === 'other') {
      const key = `${req.method} ${shape(req.url ?? '/')}`;
      other.set(key, (other.get(key) ?? 0) + 1);
    }
    const isPoll = kind === 'longpoll' || kind === 'longpollDocs';
    if (kind === 'longpoll') held++;
    if (kind === 'longpollDocs') heldDocs++;
    heldMax = Math.max(heldMax, held + heldDocs);
    heldDocsMax = Math.max(heldDocsMax, heldDocs);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (kind === 'longpoll') held--;
      if (kind === 'longpollDocs') heldDocs--;
    };
    const up = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (chunk: Buffer) => (bytesDown += chunk.length));
        answer.pipe(res);
        answer.on('end', finish);
      },
    );
    up.on('error', () => {
      finish();
      res.destroy();
    });
    // A client that gives up (a watcher restarting its poll) ends the upstream request too.
    res.on('close', () => {
      finish();
      if (!res.writableFinished) up.destroy();
    });
    if (isPoll) up.setNoDelay(true);
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({
      requests,
      byKind: { ...byKind },
      longpollsHeldMax: heldMax,
      longpollsHeldMean: samples ? Math.round((sampleSum / samples) * 10) / 10 : 0,
      longpollsWithDocsHeldMax: heldDocsMax,
      bytesDown,
      otherTop: Object.fromEntries([...other].sort((a, b) => b[1] - a[1]).slice(0, 6)),
    }),
    reset() {
      byKind = zero();
      requests = 0;
      other = new Map();
      bytesDown = 0;
      heldMax = held + heldDocs;
      heldDocsMax = heldDocs;
      samples = 0;
      sampleSum = 0;
    },
    async stop() {
      clearInterval(sampler);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/**
 * When each revision reached the server: its continuous `_changes` feed (as the admin, beside the
 * proxy, so it is not counted), `${id} ${rev}` → Date.now().
 */
export async function watchServerFeed(
  dbUrl: string,
  admin: { username: string; password: string },
): Promise<{ at(id: string, rev: string): number | undefined; stop(): void }> {
  const arrived = new Map<string, number>();
  const abort = new AbortController();
  const auth = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
  const res = await fetch(`${dbUrl}/_changes?feed=continuous&since=now&heartbeat=10000&style=all_docs`, {
    headers: { authorization: auth },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`server feed answered ${res.status}`);
  const reader = res.body.getReader();
  void (async () => {
    let buf = '';
    const text = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += text.decode(value, { stream: true });
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        const at = Date.now();
        for (const line of lines) {
          if (!line.trim()) continue;
          const c = JSON.parse(line) as { id?: string; changes?: Array<{ rev: string }> };
          for (const { rev } of c.changes ?? []) arrived.set(`${c.id} ${rev}`, at);
        }
      }
    } catch {
      // stopped
    }
  })();
  return { at: (id, rev) => arrived.get(`${id} ${rev}`), stop: () => abort.abort() };
}
