// A session service on a temp data folder, asking a practice server that a test can take away
// (`offline`: the settings point at a closed port, as when the network is gone), optionally through
// a fault proxy (`via`), and with a clock
// the test moves.
import { createDiagnosticsLog, type DiagnosticsLog } from '../log/diagnostics-log';
import { tempDir } from '../../testing/temp';
import type { PracticeServer } from '../../testing/practice';
import { PeopleFile } from './people-file';
import { SessionService } from './service';

export type Workstation = {
  service: SessionService;
  dir: string;
  log: DiagnosticsLog;
  clock: { now: number };
  net: { offline: boolean };
  /** Another service on the same folder: the workstation after a restart. */
  restart(): SessionService;
  remove(): Promise<void>;
};

export async function workstation(server: () => PracticeServer, via?: () => string): Promise<Workstation> {
  const t = await tempDir('cw-session-');
  const log = await createDiagnosticsLog(t.dir);
  const clock = { now: Date.UTC(2026, 11, 2, 8) };
  const net = { offline: false };
  const url = () => (net.offline ? 'http://127.0.0.1:9' : (via?.() ?? server().url));
  const make = () =>
    new SessionService({
      people: new PeopleFile(t.dir),
      server: async () => ({ serverUrl: url(), db: server().db }),
      log,
      now: () => clock.now,
    });
  return {
    service: make(),
    dir: t.dir,
    log,
    clock,
    net,
    restart: make,
    remove: async () => {
      await log.close();
      await t.remove();
    },
  };
}

/** The error a promise was refused with (fails the test when it resolves). */
export async function refusal(
  p: Promise<unknown>,
): Promise<{ code: string; attempts?: { left: number; waitMs: number } }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; attempts?: { left: number; waitMs: number } };
  }
  throw new Error('expected a refusal, got an answer');
}
