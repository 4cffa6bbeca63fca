// The supervisor: connects, runs cycles of rounds while there is work, and on a failure waits a
// capped, jittered back-off while a cheap probe watches for the server. A refusal (401, 403, no
// database) is confirmed a few times on a short back-off before it is final — a cluster can
// answer one request from a shard copy that does not know a new member yet — and a final one is
// re-checked at a slow pace, at once when the network or the settings change.
import { TERMINAL_REASONS } from '../../../shared/sync/status';
import { backoffDelay } from './backoff';
import { classifyFailure, type Failure } from './classify';
import { authFailure, connect, probe } from './connect';
import { SyncFailure, isLive, type EngineCtx, type Waiter } from './context';
import { countPending, emitIssues } from './report';
import { resetCover } from './cover';
import { cycle } from './rounds';
import { stopWatcher, watch } from './watcher';

export function settleWaiters(list: Waiter[], err: Error | null, pendingUp = 0): void {
  for (const w of list) {
    if (err) w.reject(err);
    else w.resolve({ pendingUp });
  }
}

/** Counts one at a time (a count reads the local feed). */
export function recountPending(c: EngineCtx, askServer: boolean): Promise<number> {
  c.recountChain = c.recountChain.catch(() => 0).then(() => countPending(c, askServer));
  return c.recountChain;
}

async function restore(c: EngineCtx): Promise<void> {
  await c.state.load();
  c.emit({ type: 'restored', at: Date.now(), lastSuccessAt: c.state.lastSuccessAt });
  emitIssues(c);
  await recountPending(c, false);
}

async function connected(c: EngineCtx): Promise<void> {
  c.where = 'connect';
  c.emit({ type: 'connecting', at: Date.now() });
  await connect(c);
  c.connected = true;
  c.pendingFailure = null;
  c.pullRequested = true;
  c.pushRequested = true;
  c.lastRefusedRetryAt = 0; // whatever the server refused is offered again on every connection
  if (c.halted) {
    c.halted = false; // a final refusal passed on a re-check: resume by itself
    c.emit({ type: 'started', at: Date.now() });
  }
  resetCover(c);
  void watch(c, ++c.watcherGen);
}

const LAST_SUCCESS_SAVE_MS = 60_000;

/** One pass while connected: a cycle when there is work, else an idle wait. */
async function work(c: EngineCtx): Promise<void> {
  if (c.pendingFailure) throw c.pendingFailure;
  // A waiter that arrived during the last cycle needs a cycle of its own.
  if (c.pullRequested || c.pushRequested || c.waiters.length > 0) {
    const batch = c.waiters;
    c.waiters = [];
    if (batch.length > 0) c.pullRequested = c.pushRequested = true;
    try {
      c.where = 'cycle';
      await cycle(c, batch.length > 0);
    } catch (err) {
      c.waiters = [...batch, ...c.waiters];
      throw err;
    }
    if (!isLive(c)) {
      c.waiters = [...batch, ...c.waiters];
      return;
    }
    c.where = 'recount';
    const pending = await recountPending(c, true);
    settleWaiters(batch, null, pending);
    if (!c.pullRequested && !c.pushRequested && pending === 0) {
      c.state.lastSuccessAt = Date.now();
      // Written at most once a minute on its own (any other save carries it): after a restart the
      // last sync shown may be that much older than it was, never newer.
      if (c.state.lastSuccessAt - (c.state.savedSuccessAt ?? 0) > LAST_SUCCESS_SAVE_MS) await c.state.save();
      c.emit({ type: 'up-to-date', at: c.state.lastSuccessAt });
    }
    return;
  }
  // Idle: the watcher and local changes poke; the timer is a safety net.
  c.where = 'idle';
  if (!(await c.waker.sleep(c.t.safetyIntervalMs))) c.pullRequested = c.pushRequested = true;
}

async function classify(c: EngineCtx, err: unknown, startedAt: number): Promise<Failure> {
  if (err instanceof SyncFailure) return { kind: 'error', reason: err.reason, message: err.message };
  const failure = classifyFailure(err, c.transport.lastNetworkFailureAt() >= startedAt);
  // A 401/403 mid-replication: ask the server which of the two it is.
  if (failure.kind === 'error' && (failure.reason === 'wrong-password' || failure.reason === 'not-a-member')) {
    try {
      await authFailure(c);
    } catch (refined) {
      if (refined instanceof SyncFailure) return { kind: 'error', reason: refined.reason, message: refined.message };
    }
  }
  return failure;
}

const notAnswering = (err: unknown) => {
  const e = err as { name?: unknown; code?: unknown } | null;
  return e?.name === 'IdleTimeoutError' || e?.code === 'ETIMEDOUT';
};

export async function supervise(c: EngineCtx): Promise<void> {
  let attempt = 0;
  let refusals = 0; // 401/403/no database answers in a row
  await restore(c).catch(() => undefined);
  while (c.running) {
    if (c.paused) {
      await c.waker.sleep(Infinity, ['net']);
      continue;
    }
    if (c.halted) {
      c.where = 'halted';
      await c.waker.sleep(c.t.recheckMs, ['net']);
      if (!isLive(c)) continue;
    }
    const startedAt = Date.now();
    try {
      if (!c.connected) await connected(c);
      attempt = refusals = 0;
      await work(c);
    } catch (rawErr) {
      const err = c.pendingFailure ?? rawErr;
      c.pendingFailure = null;
      c.connected = false;
      stopWatcher(c);
      c.transport.reset(); // pooled sockets may be half-open
      c.waker.forget('net', 'work'); // pokes from before this failure must not cut the wait short
      if (!isLive(c)) continue;
      const failure = await classify(c, err, startedAt);
      const failErr = new SyncFailure(failure.kind === 'offline' ? 'unreachable' : failure.reason, failure.message);
      settleWaiters(c.waiters.splice(0), failErr);
      recountPending(c, false).catch(() => undefined);
      if (failure.kind === 'error' && TERMINAL_REASONS.includes(failure.reason)) {
        refusals++;
        const final = c.halted || refusals > c.t.authRetries;
        c.halted = final;
        c.emit({ type: 'error', at: Date.now(), reason: failure.reason, message: failure.message, retrying: !final });
        if (!final) await c.waker.sleep(c.t.authRetryMs * refusals, ['net']);
        continue;
      }
      refusals = 0;
      const delay = backoffDelay(attempt++, Math.random, c.t.backoffBaseMs);
      const nextRetryAt = Date.now() + delay;
      if (failure.kind === 'offline') {
        const cause = notAnswering(err) ? 'not-answering' : 'unreachable';
        c.emit({ type: 'offline', at: Date.now(), message: failure.message, nextRetryAt, cause });
      } else
        c.emit({ type: 'error', at: Date.now(), reason: failure.reason, message: failure.message, retrying: true });
      await backoff(c, delay, failure.kind === 'offline');
    }
  }
}

/** The back-off: only the network ends it early (a probe that gets an answer, the OS, settings). */
async function backoff(c: EngineCtx, delay: number, probing: boolean): Promise<void> {
  let busy = false;
  const timer = probing
    ? setInterval(() => {
        if (busy) return;
        busy = true;
        void probe(c).then((ok) => {
          busy = false;
          if (ok) c.waker.poke('net');
        });
      }, c.t.probeIntervalMs)
    : null;
  try {
    c.where = 'backoff';
    await c.waker.sleep(delay, ['net']);
  } finally {
    if (timer) clearInterval(timer);
  }
}
