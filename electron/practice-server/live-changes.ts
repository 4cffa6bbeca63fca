// Longpoll and continuous `_changes` with CouchDB's timeout/heartbeat semantics, which
// express-pouchdb ignores (its feeds never time out, so a client cannot tell a quiet server
// from a dead connection). CouchDB: without `heartbeat`, the feed ends after
// min(timeout, 60 s); with `heartbeat`, a newline is sent every min(heartbeat, 60 s) and the
// feed stays open.
import type { Request, Response } from 'express';
import { sendError } from './respond';

const CHANGES_TIMEOUT_MAX_MS = 60_000; // CouchDB's chttpd/changes_timeout default

type ChangesFeed = {
  catch?(fn: (e: unknown) => void): unknown;
  on(event: 'change', fn: (c: { seq: unknown }) => void): ChangesFeed;
  on(event: 'complete' | 'error', fn: (x: unknown) => void): ChangesFeed;
  cancel(): void;
};
type Db = {
  changes(opts: object): unknown;
  info(): Promise<{ update_seq: unknown }>;
};

export const isLiveFeed = (feed: unknown): feed is 'longpoll' | 'continuous' =>
  feed === 'longpoll' || feed === 'continuous';

/** Options passed through to PouchDB's changes(); everything else in the query is ignored. */
const PASSED = [
  'since',
  'limit',
  'descending',
  'include_docs',
  'conflicts',
  'attachments',
  'style',
  'filter',
  'doc_ids',
  'selector',
  'view',
];

function changesOptions(query: Record<string, unknown>): Record<string, unknown> {
  const opts: Record<string, unknown> = {};
  for (const k of PASSED) if (query[k] !== undefined) opts[k] = query[k];
  if (typeof opts.limit === 'number' && opts.limit < 1) opts.limit = 1;
  // Design-doc filters read req.query through query_params, as in CouchDB.
  opts.query_params = { ...query };
  return opts;
}

function timing(query: Record<string, unknown>): { heartbeatMs: number | null; timeoutMs: number } {
  const hb = query.heartbeat;
  const heartbeatMs =
    hb === true
      ? CHANGES_TIMEOUT_MAX_MS
      : typeof hb === 'number' && hb > 0
        ? Math.min(hb, CHANGES_TIMEOUT_MAX_MS)
        : null;
  const t = query.timeout;
  const timeoutMs = typeof t === 'number' && t >= 0 ? Math.min(t, CHANGES_TIMEOUT_MAX_MS) : CHANGES_TIMEOUT_MAX_MS;
  return { heartbeatMs, timeoutMs };
}

export function handleLiveChanges(req: Request, res: Response, db: Db, query: Record<string, unknown>): void {
  const opts = changesOptions(query);
  const { heartbeatMs, timeoutMs } = timing(query);
  const run = query.feed === 'longpoll' ? longpoll : continuous;
  run(req, res, db, opts, heartbeatMs, timeoutMs).catch((err: unknown) => sendError(res, err));
}

/** Starts the idle timer (timeout) or the heartbeat; returns a function that restarts/stops it. */
function idleTimer(res: Response, heartbeatMs: number | null, timeoutMs: number, onTimeout: () => void) {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer =
      heartbeatMs !== null
        ? setTimeout(function beat() {
            res.write('\n');
            timer = setTimeout(beat, heartbeatMs);
          }, heartbeatMs)
        : setTimeout(onTimeout, timeoutMs);
  };
  const stop = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return { arm, stop };
}

async function longpoll(
  req: Request,
  res: Response,
  db: Db,
  opts: Record<string, unknown>,
  heartbeatMs: number | null,
  timeoutMs: number,
): Promise<void> {
  const first = (await db.changes({ ...opts, live: false })) as { results: unknown[]; last_seq: unknown };
  if (first.results.length > 0) {
    res
      .status(200)
      .type('application/json')
      .send(JSON.stringify(first) + '\n');
    return;
  }
  if (req.destroyed || res.destroyed) return;
  // Like CouchDB: the headers and the opening of the body go out at once, results follow.
  res.status(200).type('application/json');
  res.write('{"results":[\n');
  let done = false;
  const feed = db.changes({ ...opts, since: first.last_seq, live: true, return_docs: false }) as ChangesFeed;
  feed.catch?.(() => undefined); // errors arrive through 'error'; the promise side must not go unhandled
  const finish = (results: unknown[], lastSeq: unknown): void => {
    if (done) return;
    done = true;
    timer.stop();
    feed.cancel();
    res.end(results.map((r) => JSON.stringify(r)).join(',\n') + `\n],\n"last_seq":${JSON.stringify(lastSeq)}}\n`);
  };
  const timer = idleTimer(res, heartbeatMs, timeoutMs, () => finish([], first.last_seq));
  feed
    .on('change', (c) => finish([c], c.seq))
    .on('complete', () => finish([], first.last_seq))
    .on('error', () => finish([], first.last_seq));
  res.on('close', () => {
    done = true;
    timer.stop();
    feed.cancel();
  });
  timer.arm();
}

async function continuous(
  req: Request,
  res: Response,
  db: Db,
  opts: Record<string, unknown>,
  heartbeatMs: number | null,
  timeoutMs: number,
): Promise<void> {
  let lastSeq: unknown = opts.since ?? 0;
  if (lastSeq === 'now') lastSeq = (await db.info()).update_seq;
  if (req.destroyed || res.destroyed) return;
  res.status(200).type('application/json');
  res.flushHeaders();
  let done = false;
  const feed = db.changes({ ...opts, since: lastSeq, live: true, return_docs: false }) as ChangesFeed;
  feed.catch?.(() => undefined); // errors arrive through 'error'; the promise side must not go unhandled
  const finish = (): void => {
    if (done) return;
    done = true;
    timer.stop();
    feed.cancel();
    res.end(JSON.stringify({ last_seq: lastSeq }) + '\n');
  };
  const timer = idleTimer(res, heartbeatMs, timeoutMs, finish);
  feed
    .on('change', (c) => {
      if (done) return;
      lastSeq = c.seq;
      res.write(JSON.stringify(c) + '\n');
      timer.arm(); // the timeout counts quiet time, as in CouchDB
    })
    .on('complete', finish)
    .on('error', finish);
  res.on('close', () => {
    done = true;
    timer.stop();
    feed.cancel();
  });
  timer.arm();
}
