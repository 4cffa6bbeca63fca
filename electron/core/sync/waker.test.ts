import { describe, expect, it } from 'vitest';
import { Waker } from './waker';

describe('Waker', () => {
  it('a back-off (net only) is not ended by a local edit, only by the network', async () => {
    const w = new Waker(10);
    const started = Date.now();
    const sleeping = w.sleep(300, ['net']);
    w.poke('work');
    setTimeout(() => w.poke('net'), 100);
    expect(await sleeping).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('a poke forgotten before the back-off does not cut it short (the stale wake-up flag)', async () => {
    const w = new Waker(10);
    w.poke('net');
    w.poke('work');
    w.forget('net', 'work');
    const started = Date.now();
    expect(await w.sleep(150, ['net'])).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('an idle wait ends at a poke that came while nobody was sleeping', async () => {
    const w = new Waker(10);
    w.poke('work');
    expect(await w.sleep(1_000)).toBe(true);
    // consumed: the next sleep waits
    expect(await w.sleep(30)).toBe(false);
  });
});
