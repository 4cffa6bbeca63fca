// The remote's bulkDocs split by author (per-person.ts), against the dev practice server: a batch
// wholly the settings user's goes in one request as before and reads no credential; a mixed one
// goes in one request per author with that author's own password, the answers in the order of the
// documents; a person with no credential, or a refused one, gets waiting refusals (no request for
// the first; the credential reported refused for the second).
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../testing/practice';
import { adminDb } from '../../testing/sync-kit';
import { perPersonRemote, type PushPeople } from './per-person';
import { createTransport } from './transport';
import type { Db } from './types';

const tag = `${process.pid}-${Date.now().toString(36)}`;
const alice = { username: `alice-${tag}`, password: 'alice-pw' };
const bob = { username: `bob-${tag}`, password: 'bob-pw' };
const carol = `carol-${tag}`; // never signed in on this workstation

let server: PracticeServer;
beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(alice.username, alice.password);
  await server.addMember(bob.username, bob.password);
}, 60_000);
afterAll(() => server.stop());

function setUp(stored: Record<string, string>) {
  const transport = createTransport({ credentials: alice });
  const dbUrl = `${server.url}/${server.db}`;
  const remote = new PouchDB(dbUrl, { fetch: transport.fetch as never, skip_setup: true }) as unknown as Db;
  const asked: string[] = [];
  const refused: Array<[string, string]> = [];
  const people: PushPeople = {
    password: (u) => {
      asked.push(u);
      return Promise.resolve(stored[u]);
    },
    refused: (u, p) => {
      refused.push([u, p]);
      return Promise.resolve();
    },
  };
  const split = perPersonRemote(remote, { transport, dbUrl, settingsUser: () => alice.username, people });
  return { transport, split, asked, refused };
}

let n = 0;
const doc = (author: string) => ({
  _id: `split-${tag}-${++n}`,
  type: 'patient',
  firstName: 'Anne',
  lastName: `By ${author}`,
  author,
  created: 1,
  modified: 1,
  device: 'test',
});
type Row = { id?: string; ok?: boolean; error?: string; waitingFor?: string; name?: string };

describe('bulkDocs split by author', () => {
  it("a batch of the settings user's alone: one request, no credential read", async () => {
    const { transport, split, asked } = setUp({ [bob.username]: bob.password });
    const docs = [doc(alice.username), doc(alice.username), { ...doc(alice.username), author: undefined }];
    const before = transport.requestCount();
    const rows = (await split.bulkDocs(docs as never)) as Row[];
    expect(transport.requestCount() - before).toBe(1);
    expect(asked).toEqual([]);
    // Passed through as is (the server's answer); no author: the server's rule refuses it.
    const ok = new Map(rows.map((r) => [r.id, r.ok === true]));
    expect(docs.map((d) => ok.get(d._id))).toEqual([true, true, false]);
  });

  it('a mixed batch: one request per author with their own password, answers in order', async () => {
    const { transport, split, asked } = setUp({ [bob.username]: bob.password });
    const docs = [doc(alice.username), doc(bob.username), doc(carol), doc(alice.username)];
    const before = transport.requestCount();
    const rows = (await split.bulkDocs(docs as never)) as Row[];
    expect(transport.requestCount() - before).toBe(2); // alice's and bob's; none for carol
    expect(asked.sort()).toEqual([bob.username, carol].sort());
    expect(rows.map((r) => r.id)).toEqual(docs.map((d) => d._id));
    expect(rows[0]?.ok).toBe(true);
    expect(rows[1]?.ok).toBe(true);
    expect(rows[2]).toMatchObject({ error: 'forbidden', name: 'forbidden', waitingFor: carol });
    expect(rows[3]?.ok).toBe(true);
    const bobs = (await adminDb(server).get(docs[1]!._id)) as unknown as { author: string };
    expect(bobs.author).toBe(bob.username);
    await expect(adminDb(server).get(docs[2]!._id)).rejects.toMatchObject({ status: 404 });
  });

  it("an attachment read as bytes goes up as base64 in the author's own request", async () => {
    const { split } = setUp({ [bob.username]: bob.password });
    const withFile = {
      ...doc(bob.username),
      _attachments: { 'note.txt': { content_type: 'text/plain', data: Buffer.from('hello') } },
    };
    const rows = (await split.bulkDocs([withFile, doc(alice.username)] as never)) as Row[];
    expect(rows[0]?.ok).toBe(true);
    const there = (await adminDb(server).getAttachment(withFile._id, 'note.txt')) as Buffer;
    expect(there.toString()).toBe('hello');
  });

  it('a password the server refuses: waiting refusals, the credential reported refused', async () => {
    const { split, refused } = setUp({ [bob.username]: 'not-bobs-password' });
    const docs = [doc(bob.username), doc(alice.username)];
    const rows = (await split.bulkDocs(docs as never)) as Row[];
    expect(rows[0]).toMatchObject({ id: docs[0]!._id, error: 'forbidden', waitingFor: bob.username });
    expect(rows[1]?.ok).toBe(true);
    expect(refused).toEqual([[bob.username, 'not-bobs-password']]);
  });
});
