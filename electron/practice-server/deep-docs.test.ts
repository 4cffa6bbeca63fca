// Documents nested thousands of levels deep. Apache CouchDB 3.5 stores a member's document
// nested 6,000 levels deep (36 KB) through PUT and _bulk_docs (also with new_edits:false) and
// serves it back unchanged, so the workstations meet such documents on a clinic's server; the
// dev server must too. The documents are built and checked as text and with loops: in this test
// process JSON.stringify and vitest's deep equality recurse and would overflow the stack.
// Runs against the dev server (spawned as its own process) or, unchanged, PRACTICE_SERVER_URL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../testing/practice';
import { call, type Reply } from './http-helpers.test-util';

const DEPTH = 6_000; // levels of the whole document, itself included
const member = { username: `deep${process.pid}`, password: 'deep-secret-1' };
let server: PracticeServer;

beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(member.username, member.password);
});

afterAll(async () => {
  await server?.stop();
});

type Kind = 'object' | 'array';

/** JSON text of a value `levels` deep: `{"a":{"a":…{}}}` or `[[…[]]]`. */
function nested(kind: Kind, levels: number): string {
  return kind === 'object'
    ? '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1)
    : '['.repeat(levels - 1) + '[]' + ']'.repeat(levels - 1);
}

/** A valid practice document (type, author) whose field `a` makes it `depth` levels deep in all. */
function deepDoc(id: string, kind: Kind, depth: number, extra = ''): string {
  return `{"_id":"${id}"${extra},"type":"patient","author":"${member.username}","firstName":"Deep","a":${nested(kind, depth - 1)}}`;
}

/** Levels of a value built by nested(kind, n) (n), or -1 if it has another shape. Iterative. */
function levelsOf(value: unknown, kind: Kind): number {
  let levels = 0;
  let cur = value;
  for (;;) {
    if (kind === 'array') {
      if (!Array.isArray(cur)) return -1;
      levels++;
      if (cur.length === 0) return levels;
      if (cur.length !== 1) return -1;
      cur = cur[0];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return -1;
      levels++;
      const keys = Object.keys(cur);
      if (keys.length === 0) return levels;
      if (keys.length !== 1 || keys[0] !== 'a') return -1;
      cur = (cur as { a: unknown }).a;
    }
  }
}

/** The document as sent: its fields, and `a` nested as deep as it was. */
function expectServedBack(doc: unknown, id: string, kind: Kind, depth: number): void {
  expect(typeof doc === 'object' && doc !== null, `${id} is a document`).toBe(true);
  const d = doc as Record<string, unknown>;
  expect(d._id).toBe(id);
  expect(d._rev).toMatch(/^1-[0-9a-f]+$/);
  expect([d.type, d.author, d.firstName]).toEqual(['patient', member.username, 'Deep']);
  expect(levelsOf(d.a, kind), `${id}: levels of a`).toBe(depth - 1);
}

const db = () => `/${server.db}`;
// A write that never settles must fail the test, not hang it.
const send = (method: string, path: string, opts: { raw?: string; body?: unknown } = {}): Promise<Reply> =>
  call(server.url, method, db() + path, { ...opts, auth: member, signal: AbortSignal.timeout(15_000) });

const hex = () => randomBytes(16).toString('hex');
const written: Array<{ id: string; kind: Kind; revHash?: string }> = [];
/** The six documents the writes above stored (so a read check never passes on none). */
const allWritten = () => {
  expect(written.map((w) => w.id)).toHaveLength(6);
  return written;
};

describe(`a member writes documents ${DEPTH} levels deep`, () => {
  it('through PUT, nested objects and nested arrays', async () => {
    for (const kind of ['object', 'array'] as const) {
      const id = `deep-put-${kind}`;
      const r = await send('PUT', `/${id}`, { raw: deepDoc(id, kind, DEPTH) });
      expect(r.status, r.text).toBe(201);
      expect(r.json.ok).toBe(true);
      written.push({ id, kind });
    }
  });

  it('through _bulk_docs', async () => {
    const docs = (['object', 'array'] as const).map((kind) => deepDoc(`deep-bulk-${kind}`, kind, DEPTH));
    const r = await send('POST', '/_bulk_docs', { raw: `{"docs":[${docs.join(',')}]}` });
    expect(r.status, r.text).toBe(201);
    const results = JSON.parse(r.text) as Array<{ id: string; ok?: boolean; error?: string }>;
    expect(results.map((x) => [x.id, x.ok])).toEqual([
      ['deep-bulk-object', true],
      ['deep-bulk-array', true],
    ]);
    written.push({ id: 'deep-bulk-object', kind: 'object' }, { id: 'deep-bulk-array', kind: 'array' });
  });

  it('through _bulk_docs with new_edits:false, as a workstation pushes', async () => {
    const entries = (['object', 'array'] as const).map((kind) => ({ id: `deep-repl-${kind}`, kind, revHash: hex() }));
    const docs = entries.map((e) =>
      deepDoc(e.id, e.kind, DEPTH, `,"_rev":"1-${e.revHash}","_revisions":{"start":1,"ids":["${e.revHash}"]}`),
    );
    const r = await send('POST', '/_bulk_docs', { raw: `{"new_edits":false,"docs":[${docs.join(',')}]}` });
    expect(r.status, r.text).toBe(201);
    expect(r.text).not.toContain('error');
    written.push(...entries);
  });
});

describe('the server serves them back as they were written', () => {
  it('GET, with ?revs=true', async () => {
    for (const w of allWritten()) {
      const r = await send('GET', `/${w.id}?revs=true`);
      expect(r.status, `${w.id}: ${r.text.slice(0, 200)}`).toBe(200);
      expectServedBack(r.json, w.id, w.kind, DEPTH);
      if (w.revHash) {
        expect(r.json._rev).toBe(`1-${w.revHash}`);
        expect(r.json._revisions).toEqual({ start: 1, ids: [w.revHash] });
      }
    }
  });

  it('_changes?include_docs=true', async () => {
    const r = await send('GET', '/_changes?include_docs=true');
    expect(r.status).toBe(200);
    const byId = new Map((r.json.results as Array<{ id: string; doc: unknown }>).map((c) => [c.id, c.doc]));
    for (const w of allWritten()) expectServedBack(byId.get(w.id), w.id, w.kind, DEPTH);
  });

  it('_bulk_get?revs=true, as a workstation pulls', async () => {
    const r = await send('POST', '/_bulk_get?revs=true', { body: { docs: allWritten().map((w) => ({ id: w.id })) } });
    expect(r.status).toBe(200);
    const results = r.json.results as Array<{ id: string; docs: Array<{ ok?: Record<string, unknown> }> }>;
    expect(results.map((x) => x.id)).toEqual(written.map((w) => w.id));
    for (const [i, w] of written.entries()) {
      const doc = results[i]?.docs[0]?.ok;
      expectServedBack(doc, w.id, w.kind, DEPTH);
      const revisions = doc?._revisions as { start: number; ids: string[] } | undefined;
      expect(revisions?.start).toBe(1);
      if (w.revHash) expect(revisions?.ids).toEqual([w.revHash]);
    }
  });

  it('_all_docs?include_docs=true', async () => {
    const r = await send('GET', '/_all_docs?include_docs=true');
    expect(r.status).toBe(200);
    const byId = new Map((r.json.rows as Array<{ id: string; doc: unknown }>).map((row) => [row.id, row.doc]));
    for (const w of allWritten()) expectServedBack(byId.get(w.id), w.id, w.kind, DEPTH);
  });
});

describe('afterwards', () => {
  it('ordinary writes and reads still work', async () => {
    const doc = { _id: 'plain-after', type: 'patient', author: member.username, firstName: 'Plain' };
    expect((await send('PUT', '/plain-after', { body: doc })).status).toBe(201);
    const bulk = await send('POST', '/_bulk_docs', { body: { docs: [{ ...doc, _id: 'plain-bulk' }] } });
    expect(bulk.status).toBe(201);
    expect((await send('GET', '/plain-after')).json.firstName).toBe('Plain');
    expect((await send('GET', '/plain-bulk')).json.firstName).toBe('Plain');
  });

  it('a document 20,000 levels deep gets a prompt answer and leaves the database working', async () => {
    // CouchDB may store it; a server that cannot must say so cleanly, not leave a write hanging
    // that every later write waits behind.
    const huge = 20_000;
    const revHash = hex();
    const attempts: Array<[string, () => Promise<Reply>]> = [
      ['PUT', () => send('PUT', '/deep-huge-put', { raw: deepDoc('deep-huge-put', 'object', huge) })],
      [
        '_bulk_docs new_edits:false',
        () =>
          send('POST', '/_bulk_docs', {
            raw: `{"new_edits":false,"docs":[${deepDoc('deep-huge-repl', 'array', huge, `,"_rev":"1-${revHash}","_revisions":{"start":1,"ids":["${revHash}"]}`)}]}`,
          }),
      ],
    ];
    for (const [route, attempt] of attempts) {
      const r = await attempt();
      if (r.status >= 200 && r.status < 300 && !r.text.includes('"error"')) continue;
      expect(r.status, `${route}: ${r.text}`).toBeGreaterThanOrEqual(400);
      expect(typeof r.json.error, `${route}: a JSON error`).toBe('string');
    }
    for (const [id, kind] of [
      ['deep-huge-put', 'object'],
      ['deep-huge-repl', 'array'],
    ] as const) {
      const r = await send('GET', `/${id}`);
      expect([200, 404]).toContain(r.status);
      if (r.status === 200) expectServedBack(r.json, id, kind, huge);
    }
    const doc = { _id: 'plain-after-huge', type: 'patient', author: member.username, firstName: 'Plain' };
    expect((await send('PUT', '/plain-after-huge', { body: doc })).status).toBe(201);
    const repl = await send('POST', '/_bulk_docs', {
      body: { new_edits: false, docs: [{ ...doc, _id: 'plain-repl', _rev: `1-${revHash}` }] },
    });
    expect(repl.status).toBe(201);
    expect((await send('GET', '/plain-repl')).status).toBe(200);
  });
});
