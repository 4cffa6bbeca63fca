// An hour's typical use, compressed (issue 12's memory target "after an hour's typical use"):
// searches, 500 charts opened (each one logged), 1,000 edits, through the contract as the
// renderer makes them. The caller reads the host's memory afterwards.
import type { BridgeConnection } from '../electron/testing/bridge-client';

export async function typicalUse(conn: BridgeConnection): Promise<{ charts: number; edits: number; ms: number }> {
  const t0 = performance.now();
  const c = conn.client;
  const ids: string[] = [];
  for (let page = 0; ids.length < 500; page++) {
    const r = await c.call('patients.search', { query: '', offset: page * 50, limit: 50 });
    if (r.items.length === 0) break;
    ids.push(...r.items.map((i) => i.id));
  }
  for (const patientId of ids.slice(0, 500)) await c.call('chart.open', { patientId });
  let edits = 0;
  for (let i = 0; edits < 1000; i++) {
    const id = ids[i % ids.length];
    if (!id) break;
    const view = await c.call('records.get', { id });
    await c.call('records.save', { doc: { ...view.doc, note: `seen ${i}` } as never });
    edits++;
    if (i % 50 === 0)
      await c.call('patients.search', { query: String.fromCharCode(97 + (i % 26)), offset: 0, limit: 50 });
  }
  return { charts: Math.min(500, ids.length), edits, ms: Math.round(performance.now() - t0) };
}
