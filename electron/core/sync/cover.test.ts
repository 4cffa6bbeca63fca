// The watcher's covered stretches (cover.ts), on the part of the engine's context they use: when
// a pull round may move its checkpoint without reading the feed. Seqs as the dev server's
// numbers; they are compared for identity only, as CouchDB's opaque strings must be.
import { describe, expect, it } from 'vitest';
import type { EngineCtx } from './context';
import { coveredAlready, feedWasRead, resetCover, takeCovered } from './cover';
import type { Seq } from './seq';

function ctx(pullSeq: Seq | null): EngineCtx {
  const c = {
    pullCovered: null,
    coverChain: Promise.resolve(),
    watcherResync: false,
    watcherBurst: false,
    watcherGen: 1,
    state: { pullSeq },
  };
  return c as unknown as EngineCtx;
}

describe('covered stretches', () => {
  it('answers in a row from the checkpoint make one stretch the round jumps to the end of', async () => {
    const c = ctx(3);
    coveredAlready(c, 3, 5);
    coveredAlready(c, 5, 9);
    expect(await takeCovered(c)).toBe(9);
    expect(await takeCovered(c)).toBeNull(); // taken: the next round reads unless the watcher saw more
  });

  it('a stretch that neither starts nor ends at the checkpoint is not used', async () => {
    const c = ctx(4);
    coveredAlready(c, 3, 5);
    expect(await takeCovered(c)).toBeNull();
  });

  // With 20 workstations editing, a round read the feed up to 6 while the watcher's answer from 3
  // was out; that answer then made every next round read the feed again (242 feed reads in a
  // bench run where 40 remained after this).
  it('a stretch ending at the checkpoint (a round read the feed meanwhile) needs no read', async () => {
    const c = ctx(3);
    c.state.pullSeq = 6; // the round's feed read
    feedWasRead(c);
    coveredAlready(c, 3, 6);
    expect(await takeCovered(c)).toBe(6);
    expect(c.watcherResync).toBe(true); // the watcher asks from the checkpoint next
  });

  it('a stretch seen while a round read the feed is kept, and used if it starts at the checkpoint', async () => {
    const c = ctx(3);
    coveredAlready(c, 6, 8); // the watcher answered from 6 while the round read up to 6
    await c.coverChain;
    c.state.pullSeq = 6;
    feedWasRead(c);
    expect(await takeCovered(c)).toBe(8);
  });

  it("a stopped watcher's late check does nothing; a new connection starts afresh", async () => {
    const c = ctx(3);
    coveredAlready(c, 3, 9);
    c.watcherGen++; // the link dropped before the check ran: a new watcher
    expect(await takeCovered(c)).toBeNull();
    coveredAlready(c, 3, 5);
    await c.coverChain;
    resetCover(c);
    expect(await takeCovered(c)).toBeNull();
  });
});
