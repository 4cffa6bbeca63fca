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
});
