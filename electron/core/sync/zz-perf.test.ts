import { it } from 'vitest';
import PouchDB from 'pouchdb-node';
import { startPracticeServer } from '../../testing/practice';
import { patient } from './sync-test-kit';
it('perf', async () => {
  const server = await startPracticeServer();
  await server.addMember('alice', 'alice-pw');
  const r = new PouchDB(`${server.url}/${server.db}`, { auth: { username: 'alice', password: 'alice-pw' }, skip_setup: true } as never);
  for (const n of [1, 100, 500]) {
    const docs = Array.from({ length: n }, (_, i) => patient(`patient:p${n}-${i}`, 'alice'));
    const t = Date.now(); await r.bulkDocs(docs); console.log('bulk', n, Date.now() - t);
  }
  let t = Date.now(); await r.info(); console.log('info', Date.now() - t);
  t = Date.now(); await r.allDocs({limit: 500, include_docs: true}); console.log('alldocs500', Date.now() - t);
  const local = new PouchDB('/tmp/scratch/perf-' + Date.now());
  t = Date.now(); await local.bulkDocs(Array.from({ length: 5000 }, (_, i) => patient(`patient:l-${i}`, 'alice'))); console.log('local bulk 5000', Date.now() - t);
  await local.destroy();
  await server.stop();
}, 60000);
