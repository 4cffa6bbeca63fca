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
  async exit() {
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
lines.on('close', () => void core.close().then(() => process.exit(0)));
console.log('READY');
