// Small clocks for the sync UI: the time for the retry countdown (ticking only while one is shown)
// and a value that has held still long enough to be announced.
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../shared/sync/status';
import { needsTicking } from './format';

export function useNow(status: SyncStatus): number {
  const [now, setNow] = useState(() => Date.now());
  const ticking = needsTicking(status);
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking, status]);
  return now;
}

/** `value` once it has stayed the same for `ms`: passing blips never reach the screen reader. */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
