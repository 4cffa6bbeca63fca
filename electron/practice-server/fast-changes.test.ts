// The dev server's fast normal `_changes` (fast-changes.ts) answers byte for byte what
// express-pouchdb answers. The reference is the same request with one parameter more
// (`cw_reference`): the fast path leaves any request with an unknown parameter to
// express-pouchdb, and PouchDB ignores it. Which path answered shows in the headers: express
// sends the old answer whole (ETag, Content-Length), the fast path streams it (chunked).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOf } from './fast-changes';
import { headOf } from './fast-changes-rows';
import { startPracticeServerProcess, type RunningPracticeServer } from './server';
import { basicAuthHeader, ensureUser, setupPractice, type Credentials } from './setup';

const admin = { username: 'admin', password: 'fast-admin-pw' };
const dora = { username: 'dora', password: 'dora-pw' };
const mallory = { username: 'mallory', password: 'mallory-pw' };
let dir: string;
let server: RunningPracticeServer;

type Answer = { status: number; type: string | null; etag: string | null; text: string };
async function get(path: string, auth: Credentials | null = dora, accept = 'application/json'): Promise<Answer> {
  const headers: Record<string, string> = accept ? { accept } : {};
  if (auth) headers.authorization = basicAuthHeader(auth);
  const res = await fetch(server.url + path, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    etag: res.headers.get('etag'),
    text: await res.text(),
  };
}
async function send(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: basicAuthHeader(admin), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const TRICKY = {
  nested: { _id: 'not me', _rev: '9-x', _attachments: {}, s: 'a"}{\\', t: ['"]', { u: '\\"' }] },
  text: 'é\u2028\u0000 "quoted" {braces} [brackets], commas',
  n: -1.5e-7,
  list: [1, [2, [3, {}]], true, null],
  last: null,
};
const patient = (i: number, extra: object = {}) => ({
  _id: `p${String(i).padStart(4, '0')}`,
  type: 'patient',
  author: 'admin',
  n: i,
  ...extra,
});

/** Updates, deletions, conflicts (a losing branch written last, a deleted branch), an attachment, a _local doc. */
async function seed(): Promise<void> {
  await send('POST', '/practice/_bulk_docs', { docs: Array.from({ length: 40 }, (_, i) => patient(i)) });
  const all = (await (
    await fetch(
      `${server.url}/practice/_all_docs?keys=${encodeURIComponent(JSON.stringify(['p0001', 'p0002', 'p0003', 'p0004', 'p0005', 'p0006']))}`,
      { headers: { authorization: basicAuthHeader(admin) } },
    )
  ).json()) as { rows: Array<{ id: string; value: { rev: string } }> };
  const rev = (id: string) => all.rows.find((r) => r.id === id)!.value.rev;
  await send('POST', '/practice/_bulk_docs', {
    docs: [1, 2, 3].map((i) => ({ ...patient(i, { updated: true }), _rev: rev(patient(i)._id) })),
  });
  await send('POST', '/practice/_bulk_docs', {
    docs: [4, 5].map((i) => ({ _id: patient(i)._id, _rev: rev(patient(i)._id), _deleted: true })),
  });
  const branch = (id: string, hash: string, extra: object) => ({
    ...patient(0, extra),
    _id: id,
    _rev: `2-${hash}`,
    _revisions: { start: 2, ids: [hash, 'a0a0'] },
  });
  // Each conflict in one request (the dev server drops an admin's new_edits:false child written
  // in a later request); the revision written last is a losing or deleted one in c1 and c2.
  const tomb = (id: string, hash: string) => ({
    _id: id,
    _rev: `2-${hash}`,
    _deleted: true,
    _revisions: { start: 2, ids: [hash, 'a0a0'] },
  });
  const conflicted = [
    [branch('c1', 'ffff', { side: 'winner' }), branch('c1', '1111', { side: 'loser, written last' })],
    [branch('c2', '2222', {}), tomb('c2', 'eeee')],
    [tomb('c3', '3333'), branch('c3', '4444', {})],
  ];
  for (const docs of conflicted) await send('POST', '/practice/_bulk_docs', { docs, new_edits: false });
  await send('PUT', '/practice/att1', {
    ...patient(90),
    _id: 'att1',
    _attachments: { 'a.txt': { content_type: 'text/plain', data: Buffer.from('hello').toString('base64') } },
  });
  await send('PUT', '/practice/_local/x', { hidden: true });
  // Documents whose text is harder to read without parsing it (fast-changes-rows.ts headOf).
  await send('PUT', '/practice/odd1', { type: 'patient', author: 'admin', ...TRICKY, _id: 'odd1' });
  await send('PUT', '/practice/odd%22%5C%7B2', { type: 'patient', author: 'admin', _id: 'odd"\\{2', ...TRICKY });
  // A feed longer than one batch of the fast path (1,000 rows), with ~1 KB documents.
  const big = Array.from({ length: 1100 }, (_, i) => patient(1000 + i, { note: 'x'.repeat(900) }));
  await send('POST', '/practice/_bulk_docs', { docs: big });
  await send('PUT', '/practice/p0006', { ...patient(6, { late: true }), _rev: rev('p0006') });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'practice-fast-changes-'));
  server = await startPracticeServerProcess({ port: 0, dataDir: dir, admin });
  await setupPractice({
    serverUrl: server.url,
    admin,
    db: 'practice',
    members: [{ name: dora.username, password: dora.password }],
  });
  await ensureUser({ serverUrl: server.url, admin }, { name: mallory.username, password: mallory.password });
  await seed();
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The fast answer and the reference answer of one query; asserts which path gave which. */
async function both(query: string, auth: Credentials | null = dora, accept = 'application/json') {
  const sep = query ? '&' : '';
  const fast = await get(`/practice/_changes?${query}`, auth, accept);
  const ref = await get(`/practice/_changes?${query}${sep}cw_reference=1`, auth, accept);
  return { fast, ref };
}

describe('fast normal _changes', () => {
  it('answers what express-pouchdb answers, for every combination of the parameters it takes', async () => {
    const top = (JSON.parse((await get('/practice/_changes?limit=1&descending=true')).text) as { last_seq: number })
      .last_seq;
    const sinces = ['', 'since=0', 'since=10', `since=${top - 1}`, `since=${top}`, `since=${top + 5}`];
    const limits = ['', 'limit=1', 'limit=5', 'limit=0', 'limit=-3', 'limit=1050'];
    const shapes = [
      '',
      'include_docs=true&style=all_docs',
      'style=main_only&conflicts=true&include_docs=true',
      'include_docs=false&conflicts=true&style=all_docs&feed=normal&descending=false',
    ];
    const orders = ['', 'descending=true'];
    let checked = 0;
    for (const s of sinces)
      for (const l of limits)
        for (const sh of shapes)
          for (const o of orders) {
            if (o && sh.includes('descending')) continue; // a repeated parameter is another case
            const query = [s, l, sh, o].filter(Boolean).join('&');
            const { fast, ref } = await both(query);
            expect(ref.etag, query).not.toBeNull(); // express-pouchdb answered the reference
            expect(fast.etag, query).toBeNull(); // the fast path answered this one
            expect({ status: fast.status, type: fast.type, text: fast.text }, query).toEqual({
              status: ref.status,
              type: ref.type,
              text: ref.text,
            });
            checked++;
          }
    expect(checked).toBe(252);
  }, 120_000);

  it('covers what the seed set up: superseded seqs, deletions, conflicts, attachment stubs, no _local docs', async () => {
    const { fast } = await both('include_docs=true&style=all_docs&conflicts=true');
    const feed = JSON.parse(fast.text) as {
      results: Array<{ id: string; seq: number; deleted?: boolean; changes: unknown[]; doc?: Record<string, unknown> }>;
    };
    const row = (id: string) => feed.results.find((r) => r.id === id)!;
    expect(feed.results.filter((r) => r.id === 'p0001')).toHaveLength(1);
    expect(row('p0004').deleted).toBe(true);
    expect(row('c1').doc).toMatchObject({ _rev: '2-ffff', side: 'winner', _conflicts: ['2-1111'] });
    expect(row('c1').changes).toHaveLength(2);
    expect(row('c2').doc).toMatchObject({ _rev: '2-2222' });
    expect(row('c2').doc?._conflicts).toBeUndefined(); // the other leaf is deleted
    expect(row('c3').doc?._rev).toBe('2-4444');
    expect(row('att1').doc?._attachments).toMatchObject({ 'a.txt': { stub: true } });
    expect(feed.results.some((r) => r.id.startsWith('_local/'))).toBe(false);
    expect(feed.results.map((r) => r.seq)).toEqual(feed.results.map((r) => r.seq).sort((a, b) => a - b));
  });

  it('answers a longpoll with changes waiting at once, as the normal feed; at the head it still waits', async () => {
    const top = (JSON.parse((await get('/practice/_changes?limit=1&descending=true')).text) as { last_seq: number })
      .last_seq;
    for (const q of [`since=${top - 30}&limit=500&include_docs=true&style=all_docs`, 'since=0&limit=7']) {
      const live = `feed=longpoll&timeout=10000&heartbeat=4000&${q}`;
      const t0 = Date.now();
      const { fast, ref } = await both(live);
      expect(Date.now() - t0, q).toBeLessThan(5_000);
      expect(fast.etag, q).toBeNull(); // the streamed fast path answered
      expect(fast.text, q).toBe(ref.text);
      expect(JSON.parse(fast.text), q).toEqual(JSON.parse((await get(`/practice/_changes?${q}`)).text));
    }
    // Nothing after `since`, or a filter (which may leave nothing): the live feed, which waits.
    for (const q of [`since=${top}`, `since=0&filter=_doc_ids&doc_ids=["nobody"]`]) {
      const t0 = Date.now();
      const r = await get(`/practice/_changes?feed=longpoll&timeout=400&${q}`);
      expect(Date.now() - t0, q).toBeGreaterThanOrEqual(350);
      expect((JSON.parse(r.text) as { results: unknown[] }).results, q).toEqual([]);
    }
  });

  it('keeps express-pouchdb’s content type (text/plain unless JSON is asked for)', async () => {
    const { fast, ref } = await both('limit=3', dora, '');
    expect(fast.type).toBe(ref.type);
    expect(fast.type).toMatch(/^text\/plain/);
    expect(fast.text).toBe(ref.text);
  });

  it('refuses anonymous and non-members exactly as before', async () => {
    for (const auth of [null, mallory]) {
      const { fast, ref } = await both('include_docs=true', auth);
      expect(fast.status).toBe(auth ? 403 : 401);
      expect({ status: fast.status, text: fast.text }).toEqual({ status: ref.status, text: ref.text });
      expect(fast.text).not.toContain('patient');
    }
  });

  it('leaves malformed and unhandled values to express-pouchdb, which answers them as before', async () => {
    const odd = [
      'since=abc',
      'since=-1',
      'since=1.5',
      'since=now',
      'since=',
      'limit=abc',
      'limit=',
      'include_docs=yes',
      'style=foo',
      'descending=1',
      'feed=nonsense',
      'attachments=true&include_docs=true&limit=50',
      'since=%7B%7D',
    ];
    for (const q of odd) {
      const { fast, ref } = await both(q);
      expect(fast.etag === null ? `${q}: fast path took it` : 'express', q).toBe('express');
      expect({ status: fast.status, text: fast.text }, q).toEqual({ status: ref.status, text: ref.text });
    }
    expect((await get('/practice')).status).toBe(200); // still serving
  });

  it('answers a fractional limit with a 400 (express-pouchdb never answered it)', async () => {
    const started = Date.now();
    const res = await get('/practice/_changes?limit=2.5');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: 'query_parse_error' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await get('/practice')).status).toBe(200);
  });

  it('survives a client that goes away mid-feed', async () => {
    const ctl = new AbortController();
    const res = await fetch(`${server.url}/practice/_changes?include_docs=true`, {
      headers: { authorization: basicAuthHeader(dora) },
      signal: ctl.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ctl.abort();
    await reader.read().catch(() => undefined);
    const { fast, ref } = await both('include_docs=true&limit=20');
    expect(fast.text).toBe(ref.text);
  });
});

describe('headOf', () => {
  it('reads _id and _rev at the top level only, and sees _attachments and _conflicts', () => {
    const text = JSON.stringify({ a: TRICKY, _rev: '1-abc', b: [TRICKY, 5], _id: 'x"}', z: 0 });
    expect(headOf(text)).toEqual({ text, id: 'x"}', rev: '1-abc', plain: true });
    expect(headOf(JSON.stringify({ _id: 'a', _rev: '1-a', _attachments: {} }))?.plain).toBe(false);
    expect(headOf(JSON.stringify({ _id: 'a', _rev: '1-a', _conflicts: [] }))?.plain).toBe(false);
    expect(headOf(JSON.stringify({ nested: { _id: 'a', _rev: '1-a' } }))).toBeNull();
    expect(headOf(JSON.stringify({ _id: 'a', _rev: 5 }))).toBeNull();
    expect(headOf('{"_id":"a","_rev":"1-a"')).toBeNull();
    // Deeper than JSON.parse can go on this stack: the scan does not recurse.
    const deep = `{"_id":"d","deep":${'['.repeat(20_000)}1${']'.repeat(20_000)},"_rev":"1-d"}`;
    expect(headOf(deep)?.id).toBe('d');
  });
});

describe('planOf', () => {
  it('takes only what it answers exactly', () => {
    expect(planOf({})).toEqual({
      since: 0,
      limit: 0,
      includeDocs: false,
      allDocs: false,
      conflicts: false,
      descending: false,
    });
    expect(planOf({ since: 5, limit: -2, include_docs: true, style: 'all_docs' })).toMatchObject({
      since: 5,
      limit: 1,
      includeDocs: true,
      allDocs: true,
    });
    for (const q of [
      { since: 'now' },
      { since: -1 },
      { limit: 'x' },
      { filter: '_doc_ids' },
      { feed: 'longpoll' },
      { include_docs: 1 },
      { style: 'x' },
      { attachments: false },
    ])
      expect(planOf(q), JSON.stringify(q)).toBeNull();
  });
});
