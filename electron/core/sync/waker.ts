// Wakes the supervisor. Two kinds of reason: 'work' (a local edit, a server change, a waiter)
// ends an idle wait; only 'net' (a probe found the server, the OS reports the network back, new
// settings, resume) ends a back-off, so edits made during an outage never force a reconnect.
export type WakeKind = 'work' | 'net';

export class Waker {
  private pending = new Set<WakeKind>();
  private waiting: { kinds: ReadonlySet<WakeKind>; done: (poked: boolean) => void } | null = null;
  private debounce: NodeJS.Timeout | null = null;

  constructor(private readonly debounceMs: number) {}

  poke(kind: WakeKind = 'work'): void {
    this.pending.add(kind);
    if (this.waiting?.kinds.has(kind)) this.waiting.done(true);
  }

  /** A 'work' poke a little later: lets a fast lane go first, groups a burst into one round. */
  pokeSoon(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.poke('work');
    }, this.debounceMs);
  }

  /** Forgets pokes of these kinds that came before now (e.g. a probe's during a failed attempt). */
  forget(...kinds: WakeKind[]): void {
    for (const k of kinds) this.pending.delete(k);
  }

  /** Sleeps until `ms` passes or a poke of one of `kinds` comes; true when poked. */
  sleep(ms: number, kinds: readonly WakeKind[] = ['work', 'net']): Promise<boolean> {
    const set = new Set(kinds);
    for (const k of set)
      if (this.pending.has(k)) {
        for (const c of set) this.pending.delete(c);
        return Promise.resolve(true);
      }
    return new Promise<boolean>((resolve) => {
      const timer = ms === Infinity ? null : setTimeout(() => finish(false), ms);
      const finish = (poked: boolean) => {
        if (timer) clearTimeout(timer);
        this.waiting = null;
        for (const c of set) this.pending.delete(c);
        resolve(poked);
      };
      this.waiting = { kinds: set, done: finish };
    });
  }

  stop(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
    this.waiting?.done(true);
  }
}
