// The initial load's reader: the server's `_changes?style=all_docs&include_docs=true` read as a
// stream, a few large requests rather than many small ones, cut into pages while it arrives
// (feed-rows.ts), so the writer stores page N while page N+1 is still on the wire. The pages
// waiting for the writer are bounded: when they are full the socket is no longer read, and the
// server waits (TCP flow control), so memory does not grow with the practice.
import { MAX_DEPTH, MAX_DOC_BYTES } from '../../../shared/records/limits';
import { FeedRows, type RawRow } from './feed-rows';
import { isSeq, seqParam, type Seq } from './seq';
import type { Transport } from './transport';

/** A row of `_changes?style=all_docs&include_docs=true`. */
export type ChangeWithDoc = {
  id: string;
  revs: string[];
  deleted: boolean;
  doc: Record<string, unknown> | null;
  /** The row was too small and too shallow for its document to pass the limits: no need to measure it. */
  withinLimits?: boolean;
};

/** What a restart may resume from: the seq after the page's last row. */
export type Page = { changes: ChangeWithDoc[]; lastSeq: Seq; rows: number };

export type ReaderOptions = {
  fetch: Transport['fetch'];
  dbUrl: string;
  since: Seq;
  pageSize: number;
  /** Rows asked for per request (a multiple of pageSize reads best). */
  requestSize: number;
  /** Pages read ahead of the writer at most. */
  ahead: number;
};

// A row's text is at least ~1/6.5 of measureJson's estimate (a 1-digit number counts 12 bytes for
// 2 of text), so below this many bytes a document cannot pass MAX_DOC_BYTES.
const SURELY_SMALL = Math.floor(MAX_DOC_BYTES / 8);

export function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** One row of the feed, or null for an odd one (the next round's replication sees it). */
export function changeOf(c: unknown): (ChangeWithDoc & { seq: unknown }) | null {
  if (!isObj(c) || typeof c.id !== 'string' || !Array.isArray(c.changes)) return null;
  const revs = (c.changes as unknown[]).flatMap((x) => (isObj(x) && typeof x.rev === 'string' ? [x.rev] : []));
  return { id: c.id, revs, deleted: c.deleted === true, doc: isObj(c.doc) ? c.doc : null, seq: c.seq };
}

function rowChange(row: RawRow): (ChangeWithDoc & { seq: unknown }) | null {
  const c = changeOf(JSON.parse(row.json));
  // The row is the document one level down: its depth bounds the document's.
  if (c && row.depth - 1 <= MAX_DEPTH && row.bytes < SURELY_SMALL) c.withinLimits = true;
  return c;
}

/** Pages waiting for the writer, with the reader waiting for room. */
class Pages {
  private items: Page[] = [];
  private wakeTaker: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;
  private failure: { err: unknown } | null = null;
  done = false;
  stopped = false;

  constructor(private readonly ahead: number) {}

  put(p: Page): void {
    this.items.push(p);
    this.wake();
  }
  end(err?: unknown): void {
    this.done = true;
    if (err !== undefined) this.failure = { err };
    this.wake();
  }
  private wake(): void {
    this.wakeTaker?.();
    this.wakeTaker = null;
  }
  /** Resolves once the writer has room for more (or the load was abandoned). */
  async room(): Promise<void> {
    while (this.items.length >= this.ahead && !this.stopped) await new Promise<void>((r) => (this.wakeReader = r));
  }
  async take(): Promise<Page | null> {
    while (this.items.length === 0 && !this.done) await new Promise<void>((r) => (this.wakeTaker = r));
    const p = this.items.shift() ?? null;
    this.wakeReader?.();
    this.wakeReader = null;
    if (!p && this.failure) throw this.failure.err;
    return p;
  }
  stop(): void {
    this.stopped = true;
    this.wakeReader?.();
  }
}

async function failure(res: { status: number; text(): Promise<string> }): Promise<Error> {
  let body: unknown = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = null;
  }
  const reason = isObj(body) && typeof body.reason === 'string' ? body.reason : `changes feed answered ${res.status}`;
  return Object.assign(new Error(reason), { status: res.status });
}

/** One request: its rows put in pages as they come. Answers the rows read and the answer's last_seq. */
async function readRequest(
  o: ReaderOptions,
  since: Seq,
  limit: number,
  pages: Pages,
): Promise<{ rows: number; lastSeq: Seq }> {
  const url = `${o.dbUrl}/_changes?style=all_docs&include_docs=true&limit=${limit}&since=${seqParam(since)}`;
  const res = await o.fetch(url);
  if (res.status !== 200) throw await failure(res);
  let page: Page = { changes: [], lastSeq: since, rows: 0 };
  let rows = 0;
  let rowSeq: unknown = null;
  const cutter = new FeedRows((row) => {
    rows++;
    page.rows++;
    const c = rowChange(row);
    if (!c) return;
    rowSeq = c.seq;
    delete (c as { seq?: unknown }).seq;
    page.changes.push(c);
  });
  try {
    for await (const chunk of res.body) {
      cutter.push(chunk as Buffer);
      // A full page whose last row says where it ends can be written (and resumed after) now.
      if (page.rows >= o.pageSize && isSeq(rowSeq)) {
        page.lastSeq = rowSeq;
        pages.put(page);
        page = { changes: [], lastSeq: rowSeq, rows: 0 };
        await pages.room();
      }
      if (pages.stopped) throw new Error('initial load stopped');
    }
  } finally {
    if (pages.stopped) res.body.destroy();
  }
  const rest = cutter.rest();
  if (!isObj(rest) || !isSeq(rest.last_seq)) throw Object.assign(new Error('changes feed cut short'), { status: 200 });
  page.lastSeq = rest.last_seq;
  if (page.rows > 0) pages.put(page);
  return { rows, lastSeq: rest.last_seq };
}

/** Reads the feed from `since` in pages; `take()` the pages, `stop()` to abandon. */
export function readFeed(o: ReaderOptions): { take(): Promise<Page | null>; stop(): void } {
  const pages = new Pages(o.ahead);
  void (async () => {
    let since = o.since;
    // The first answers are small, so writing starts at once (a server may build a whole answer
    // before sending it); they grow to requestSize while the writer is busy with the last one.
    let limit = Math.min(o.pageSize, o.requestSize);
    try {
      for (;;) {
        const { rows, lastSeq } = await readRequest(o, since, limit, pages);
        since = lastSeq;
        // A short answer is the end of the feed as it stood; later changes are normal replication's.
        if (rows < limit || pages.stopped) break;
        limit = Math.min(o.requestSize, limit * 4);
      }
      pages.end();
    } catch (err) {
      pages.end(err);
    }
  })();
  return { take: () => pages.take(), stop: () => pages.stop() };
}
