import { it } from 'vitest';
import { startPracticeServer } from '../../testing/practice';
import { adminDb, patient, startWorkstation, waitFor } from './sync-test-kit';
it('debug', async () => {
  const server = await startPracticeServer();
  await server.addMember('alice', 'alice-pw');
  await server.addMember('bob', 'bob-pw');
  const a = await startWorkstation(server, 'a', { username: 'alice', password: 'alice-pw' });
  const b = await startWorkstation(server, 'b', { username: 'bob', password: 'bob-pw' });
  a.engine.start(); b.engine.start();
  await waitFor(() => a.engine.status().phase.state === 'upToDate' && b.engine.status().phase.state === 'upToDate', 20_000, 'both up to date');
  const t0 = Date.now();
  for (let i = 0; i < 40; i++) { await a.db.put(patient('patient:x'+i, 'alice')); await waitFor(async () => (await b.db.get('patient:x'+i).catch(() => null)) !== null, 10000, 'x', 1); }
  const r = await Promise.race([a.engine.syncNow().then(() => 'ok', (e) => String(e)), new Promise((res) => setTimeout(() => res('HUNG'), 5000))]);
  console.log('syncNow', r, Date.now() - t0, JSON.stringify({...a.engine.diagnostics(), rounds: a.engine.diagnostics().rounds.slice(-3)}));
  for (const w of [a, b]) for (const h of w.history) if (h.at >= t0 - 10 && !/progress|pending/.test(h.event.type)) console.log(w.name, h.at - t0, JSON.stringify(h.event));
  console.log(a.proxy.stats(), b.proxy.stats(), a.engine.diagnostics(), b.engine.diagnostics());
  await a.close(); await b.close(); await server.stop();
}, 60000);
