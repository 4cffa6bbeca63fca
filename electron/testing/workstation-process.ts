// A workstation core in its own process, for tests and benchmarks that need a real process (to
// SIGKILL it, or to measure its memory). Run: node --import tsx workstation-process.ts DATA_DIR
// [TUNING_JSON]. It prints "READY", then answers one JSON line per request read from stdin:
// {id, call, input} runs a contract handler; {id, op} runs a test operation listed below.
import { createInterface } from 'node:readline';
import { fileSecretStore } from '../host/file-secrets';
import { openCore } from '../core/core';

type Request = { id: number; call?: string; input?: unknown; op?: string; args?: Record<string, unknown> };

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: workstation-process.ts DATA_DIR [TUNING_JSON]');
  process.exit(2);
}
const tuning = process.argv[3] ? (JSON.parse(process.argv[3]) as Record<string, number>) : undefined;
const { core, parts: internals } = await openCore({
  dataDir,
  host: 'browser',
  secrets: fileSecretStore(dataDir),
  ...(tuning ? { syncTuning: tuning } : {}),
});
const handlers = core.handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>;

// When each document's revisions landed in the local db (Date.now(), one clock for all processes
// of the machine), for latency benchmarks: noted from `trackRevs` on, read by `revSeenAt(s)`. By
// generation: a revision skipped because a later one of the same edit history came first counts
// as visible when that later one landed.
const seen = new Map<string, Array<{ gen: number; at: number }>>();
const waiters = new Map<string, Array<() => void>>();
const gen = (rev: string) => Number.parseInt(rev, 10);
const seenAt = (id: string, rev: string) => seen.get(id)?.find((s) => s.gen >= gen(rev))?.at;
let tracking: { cancel(): void } | undefined;

async function revSeenAt(id: string, rev: string, end: number): Promise<number> {
  for (let at = seenAt(id, rev); ; at = seenAt(id, rev)) {
    if (at !== undefined) return at;
    if (Date.now() >= end) throw new Error(`revision ${rev} of ${id} not seen here`);
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, end - Date.now()));
      waiters.set(id, [...(waiters.get(id) ?? []), wake]);
    });
  }
}

const ops: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  /** Every document id with its winning revision (design and _local documents left out). */
  async revs() {
    const res = await internals.db.allDocs();
    return Object.fromEntries(res.rows.filter((r) => !r.id.startsWith('_design/')).map((r) => [r.id, r.value.rev]));
  },
  async info() {
    const i = await internals.db.info();
    return { docCount: i.doc_count, updateSeq: i.update_seq };
  },
  /** How far the change pipeline has read (its seq) against the store's end. */
  async feedAt() {
    const i = await internals.db.info();
    return { seq: internals.pipeline.seq, end: i.update_seq, held: internals.pipeline.holding };
  },
  async diagnostics() {
    return internals.connection.diagnostics();
  },
  /** A bulk import (as a migration tool would write it): `count` patients in one bulkDocs. */
  async bulk(args) {
    const count = Number(args.count);
    const prefix = String(args.prefix);
    const author = String(args.author);
    const now = Date.now();
    const docs = Array.from({ length: count }, (_, i) => ({
      _id: `patient:${prefix}-${String(i).padStart(6, '0')}`,
      type: 'patient',
      author,
      firstName: 'Bulk',
      lastName: `${prefix} ${i}`,
      created: now,
      modified: now,
      active: true,
    }));
    const res = await internals.db.bulkDocs(docs);
    const failed = res.filter((r) => 'error' in r && r.error);
    if (failed.length) throw new Error(`${failed.length} bulk writes failed`);
    return { written: count };
  },
  /**
   * Notes from now on when each revision lands here: the core's own live feed, as early as any
   * reader of the local db sees it (a second PouchDB feed would cost each receiver as much again).
   */
  async trackRevs() {
    tracking ??= {
      cancel: internals.pipeline.onLive((ch) => {
        const at = Date.now();
        const list = seen.get(ch.id) ?? [];
        for (const { rev } of ch.changes) if (!list.some((s) => s.gen >= gen(rev))) list.push({ gen: gen(rev), at });
        seen.set(ch.id, list);
        const woken = waiters.get(ch.id) ?? [];
        waiters.delete(ch.id);
        for (const wake of woken) wake(); // each checks again and waits anew if still too early
      }),
    };
    return true;
  },
  /** When revision `rev` of `id` (or a later one) landed here, after trackRevs; waits up to `timeoutMs`. */
  async revSeenAt(args) {
    return revSeenAt(String(args.id), String(args.rev), Date.now() + Number(args.timeoutMs ?? 30_000));
  },
  /**
   * revSeenAt for many revisions in one answer (bench/many.ts asks once at the end, so that the
   * asking costs nothing while edits are timed): each entry the time, or null if not seen in time.
   */
  async revsSeenAt(args) {
    const list = Array.isArray(args.revs) ? (args.revs as Array<{ id: string; rev: string }>) : [];
    const end = Date.now() + Number(args.timeoutMs ?? 30_000);
    return Promise.all(list.map((r) => revSeenAt(String(r.id), String(r.rev), end).catch(() => null)));
  },
  async exit() {
    tracking?.cancel();
    await core.close();
    setImmediate(() => process.exit(0));
    return true;
  },
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let req: Request;
  try {
    req = JSON.parse(line) as Request;
  } catch {
    console.log(JSON.stringify({ id: -1, error: `not JSON: ${line.slice(0, 80)}` }));
    return;
  }
  const run = req.call ? handlers[req.call] : req.op ? ops[req.op] : undefined;
  if (!run) {
    console.log(JSON.stringify({ id: req.id, error: `no such call or op: ${req.call ?? req.op}` }));
    return;
  }
  Promise.resolve()
    .then(() => run(((req.call ? req.input : req.args) ?? {}) as Record<string, unknown>))
    .then(
      (value) => console.log(JSON.stringify({ id: req.id, value })),
      (err: unknown) =>
        console.log(
          JSON.stringify({
            id: req.id,
            error: String((err as Error).message ?? err),
            code: (err as { code?: unknown }).code,
          }),
        ),
    );
});
// The parent gone: close cleanly rather than linger.
lines.on('close', () => {
  tracking?.cancel();
  void core.close().then(() => process.exit(0));
});
console.log('READY');
