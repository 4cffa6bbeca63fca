import { describe, expect, it } from 'vitest';
import { FastQueue, type PendingChange } from './fast-queue';

/** Collects what the lane sends; each send takes `ms` so that changes pile up meanwhile. */
function lane(max: number, overflow: 'newest' | 'priority', ms = 20) {
  const sent: string[][] = [];
  const q = new FastQueue(max, overflow, async (batch: PendingChange[]) => {
    sent.push(batch.map((c) => c.id));
    await new Promise((r) => setTimeout(r, ms));
  });
  const settled = () => new Promise((r) => setTimeout(r, ms * 4));
  return { q, sent, settled };
}

describe('FastQueue', () => {
  it('sends a few changes together, in order', async () => {
    const { q, sent, settled } = lane(5, 'priority');
    q.add('a', ['1-a']);
    q.add('b', ['1-b']);
    await settled();
    expect(sent).toEqual([['a', 'b']]);
  });

  it("'newest' keeps only the newest changes of a bulk load", async () => {
    const { q, sent, settled } = lane(3, 'newest');
    for (let i = 0; i < 10; i++) q.add(`d${i}`, ['1-x']);
    await settled();
    expect(sent).toEqual([['d7', 'd8', 'd9']]);
  });

  it("'priority' leaves a bulk load to the bulk lane but still sends the clinician's save", async () => {
    const { q, sent, settled } = lane(3, 'priority');
    q.add('edit', ['1-e'], true);
    for (let i = 0; i < 10; i++) q.add(`bulk${i}`, ['1-x']);
    await settled();
    expect(sent).toEqual([['edit']]);
    // A later bulk burst with nothing urgent sends nothing at all.
    for (let i = 0; i < 10; i++) q.add(`more${i}`, ['1-x']);
    await settled();
    expect(sent).toEqual([['edit']]);
  });

  it('sends nothing after stop', async () => {
    const { q, sent, settled } = lane(3, 'newest');
    q.stop();
    q.add('a', ['1-a'], true);
    await settled();
    expect(sent).toEqual([]);
  });

  it('settled() waits for the changes added before it, sent or dropped as overflow', async () => {
    const { q, sent } = lane(2, 'newest', 30);
    q.add('a', ['1-a']);
    const first = q.settled();
    await new Promise((r) => setImmediate(r)); // 'a' is on its way
    q.add('b', ['1-b']);
    q.add('c', ['1-c']);
    q.add('d', ['1-d']);
    const all = q.settled();
    let allDone = false;
    void all.then(() => (allDone = true));
    await first;
    expect(sent[0]).toEqual(['a']);
    expect(allDone).toBe(false); // 'c' and 'd' are still on their way
    await all;
    expect(sent).toEqual([['a'], ['c', 'd']]);
    await q.settled(); // nothing pending: at once
  });
});
