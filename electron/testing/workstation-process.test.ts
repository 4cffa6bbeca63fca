// The latency ops of the workstation process (trackRevs / revSeenAt / revsSeenAt), which bench/many.ts times
// edits with: a real workstation process, its real local db.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorkstation, type WorkstationProcess } from './process-kit';
import { tempDir } from './temp';

describe('workstation process: when a revision landed', () => {
  let ws: WorkstationProcess;
  let dir: { dir: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir('cw-ws-revs-');
    ws = await spawnWorkstation(dir.dir);
    await ws.op('trackRevs');
  });
  afterAll(async () => {
    await ws?.stop();
    await dir?.remove();
  });

  it('answers the time a revision was written, and waits for one not there yet', async () => {
    const t0 = Date.now();
    const waiting = ws.op<number>('revSeenAt', { id: 'patient:late-000000', rev: '1-any', timeoutMs: 10_000 });
    await ws.op('bulk', { count: 1, prefix: 'seen', author: 'alice' });
    await ws.op('bulk', { count: 1, prefix: 'late', author: 'alice' });
    const revs = await ws.op<Record<string, string>>('revs');
    const rev = revs['patient:seen-000000']!;
    expect(rev).toMatch(/^1-/);
    const at = await ws.op<number>('revSeenAt', { id: 'patient:seen-000000', rev, timeoutMs: 1_000 });
    expect(at).toBeGreaterThanOrEqual(t0);
    expect(at).toBeLessThanOrEqual(Date.now());
    // Asked before it was written: answered once it was, at or after the first one.
    expect(await waiting).toBeGreaterThanOrEqual(at);
  });

  it('answers many at once, null for one not seen in time', async () => {
    const revs = await ws.op<Record<string, string>>('revs');
    const at = await ws.op<Array<number | null>>('revsSeenAt', {
      revs: [
        { id: 'patient:seen-000000', rev: revs['patient:seen-000000'] },
        { id: 'patient:seen-000000', rev: '9-never' },
        { id: 'patient:late-000000', rev: revs['patient:late-000000'] },
      ],
      timeoutMs: 300,
    });
    expect(typeof at[0]).toBe('number');
    expect(at[1]).toBeNull();
    expect(at[2]).toBeGreaterThanOrEqual(at[0]!);
  });

  it('refuses a later generation that never came, once its time is up', async () => {
    await expect(ws.op('revSeenAt', { id: 'patient:seen-000000', rev: '2-never', timeoutMs: 200 })).rejects.toThrow(
      /not seen here/,
    );
  });
});
