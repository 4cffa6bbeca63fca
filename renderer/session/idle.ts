// The idle lock's clock: after `ms` with no keyboard or pointer use, `onIdle` runs once. Activity
// only records the time (pointermove fires often); one timer checks at the deadline and, if the
// person was active since, waits for the rest.
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/** How long until idle, given the last activity; 0 or less: idle now. */
export function idleRemaining(lastActivity: number, now: number, ms: number): number {
  return lastActivity + ms - now;
}

/** Watches `target` (the window) for activity; returns the stop. `now`: the clock (tests pass one). */
export function watchIdle(
  target: EventTarget,
  ms: number,
  onIdle: () => void,
  now: () => number = Date.now,
): () => void {
  let last = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onActivity = () => {
    last = now();
  };
  const check = () => {
    const left = idleRemaining(last, now(), ms);
    if (left > 0) {
      timer = setTimeout(check, left);
      return;
    }
    timer = undefined;
    stop();
    onIdle();
  };
  const options = { capture: true, passive: true } as const;
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, onActivity, options);
  timer = setTimeout(check, ms);
  function stop() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, onActivity, options);
  }
  return stop;
}

/** Ctrl+L (the lock shortcut), whatever the keyboard layout's case or a focused text field. */
export function isLockShortcut(e: {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}): boolean {
  return e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey && e.key.toLowerCase() === 'l';
}
