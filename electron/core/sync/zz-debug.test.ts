import { it } from 'vitest';
import { startPracticeServer } from '../../testing/practice';
import { patient, startWorkstation, waitFor } from './sync-test-kit';
it('debug', async () => {
  const server = await startPracticeServer();
  await server.addMember('alice', 'alice-pw');
  await server.addMember('bob', 'bob-pw');
  const a = await startWorkstation(server, 'a', { username: 'alice', password: 'alice-pw' });
  const b = await startWorkstation(server, 'b', { username: 'bob', password: 'bob-pw' });
  a.engine.start(); b.engine.start();
  await waitFor(() => a.engine.status().phase.state === 'upToDate' && b.engine.status().phase.state === 'upToDate', 20_000, 'both up to date');
  const t0 = Date.now();
  const bulk = Array.from({ length: 5000 }, (_, i) => patient(`patient:bulk-${i}`, 'alice'));
  const bulkWrite = a.db.bulkDocs(bulk);
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 5; i++) {
  const t1 = Date.now();
  await a.db.put(patient('patient:x'+i, 'alice'));
  try { await waitFor(async () => (await b.db.get('patient:x'+i).catch(() => null)) !== null, 10000, 'x'); console.log('seen', i, Date.now()-t1); } catch (e) { console.log(String(e)); }
  }
  await bulkWrite;
  console.log('bulk written', Date.now()-t0);
  try { await waitFor(async () => (await b.db.info()).doc_count >= 5005, 30000, 'all'); console.log('all on b', Date.now()-t0); } catch (e) { console.log(String(e)); }
  for (const w of [a, b]) for (const h of w.history) if (h.at >= t0 - 10 && !/progress|pending/.test(h.event.type)) console.log(w.name, h.at - t0, JSON.stringify(h.event));
  console.log(a.proxy.stats(), b.proxy.stats(), a.engine.diagnostics(), b.engine.diagnostics());
  await a.close(); await b.close(); await server.stop();
}, 60000);
