// Issue 8's figures: how long a black hole (the link silently gone, nothing answered) takes to show
// in the status, with nobody editing, and how long after the network returns the workstation says
// "Up to date" again. Median of 5, one core against the dev server behind a real TCP fault proxy.
import type { SyncStatus } from '../shared/sync/status';
import { createSignedIn } from '../electron/testing/people';
import { fileSecretStore } from '../electron/host/file-secrets';
import { startFaultProxy } from '../electron/testing/fault-proxy';
import { startPracticeServer } from '../electron/testing/practice';
import { tempDir } from '../electron/testing/temp';
import { summary } from './stats';

const log = (m: string) => process.stderr.write(`bench blackhole: ${m}\n`);

async function until(read: () => Promise<SyncStatus>, ok: (s: SyncStatus) => boolean, ms: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (ok(await read())) return performance.now() - t0;
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function blackholeBench(rounds = 5) {
  const server = await startPracticeServer();
  const dir = await tempDir('cw-bench-hole-');
  const target = new URL(server.url);
  const proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  const core = await createSignedIn({ dataDir: dir.dir, host: 'browser', secrets: fileSecretStore(dir.dir) });
  try {
    await server.addMember('alice', 'alice-pw');
    await core.handlers['sync.saveSettings']({
      serverUrl: proxy.url,
      db: server.db,
      username: 'alice',
      password: 'alice-pw',
      enabled: true,
    });
    const status = () => core.handlers['sync.status']({});
    await until(status, (s) => s.phase.state === 'upToDate', 30_000);
    const shown: number[] = [];
    const back: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await proxy.setMode('blackhole');
      shown.push(await until(status, (s) => s.phase.state === 'offline', 60_000));
      await new Promise((r) => setTimeout(r, 2_000 + i * 1_500)); // the return falls at different points of the back-off
      await proxy.setMode('pass');
      back.push(await until(status, (s) => s.phase.state === 'upToDate', 60_000));
      log(
        `round ${i + 1}: shown after ${Math.round(shown[i]!)} ms, up to date ${Math.round(back[i]!)} ms after the return`,
      );
    }
    return {
      shownAfterMs: summary(shown),
      upToDateAfterReturnMs: summary(back),
      targets: { shownAfterMs: 20_000, upToDateAfterReturnMs: 10_000 },
    };
  } finally {
    await core.close();
    await proxy.stop();
    await server.stop();
    await dir.remove();
  }
}
