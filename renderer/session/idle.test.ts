import { describe, expect, it } from 'vitest';
import { idleRemaining, isLockShortcut, watchIdle } from './idle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = (key: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('idleRemaining', () => {
  it('counts from the last activity', () => {
    expect(idleRemaining(1000, 1400, 1000)).toBe(600);
    expect(idleRemaining(1000, 2000, 1000)).toBe(0);
    expect(idleRemaining(1000, 2500, 1000)).toBe(-500);
  });
});

describe('watchIdle', () => {
  it('fires once after the idle time with no activity', async () => {
    const target = new EventTarget();
    let fired = 0;
    const stop = watchIdle(target, 300, () => fired++);
    await sleep(50);
    expect(fired).toBe(0);
    await sleep(400);
    expect(fired).toBe(1);
    await sleep(400);
    expect(fired).toBe(1);
    stop();
  });

  it('waits again after each activity of any watched kind', async () => {
    const target = new EventTarget();
    let fired = 0;
    const stop = watchIdle(target, 400, () => fired++);
    for (const name of ['keydown', 'pointerdown', 'pointermove', 'wheel']) {
      await sleep(150);
      target.dispatchEvent(new Event(name));
    }
    expect(fired).toBe(0); // 600 ms in, never 400 ms without activity
    await sleep(600);
    expect(fired).toBe(1);
    stop();
  });

  it('an event of another kind is not activity; stopped, it never fires', async () => {
    const target = new EventTarget();
    let fired = 0;
    watchIdle(target, 200, () => fired++);
    await sleep(100);
    target.dispatchEvent(new Event('scroll'));
    await sleep(250);
    expect(fired).toBe(1);

    let other = 0;
    const stop = watchIdle(target, 30, () => other++);
    stop();
    await sleep(60);
    expect(other).toBe(0);
  });
});

describe('isLockShortcut', () => {
  it('is Ctrl+L in either case, and nothing else', () => {
    expect(isLockShortcut(key('l', { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key('L', { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key('l'))).toBe(false);
    expect(isLockShortcut(key('k', { ctrlKey: true }))).toBe(false);
    expect(isLockShortcut(key('l', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isLockShortcut(key('L', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});
