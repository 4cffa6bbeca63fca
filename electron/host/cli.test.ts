// The host's command line as a real child process: it closes cleanly on a SIGTERM sent the moment
// READY appears (a launcher or a test may do just that), and it serves the token it is given.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../e2e/support/host';
import { connectBridge } from '../testing/bridge-client';
import { tempDir } from '../testing/temp';

let data = '';
let renderer = '';
let cleanup: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const d = await tempDir();
  const r = await tempDir();
  await writeFile(path.join(r.dir, 'index.html'), '<!doctype html><title>test</title>');
  data = d.dir;
  renderer = r.dir;
  cleanup = [d.remove, r.remove];
});
afterAll(async () => {
  for (const c of cleanup) await c();
});

describe('host command line', () => {
  it('closes the database on a SIGTERM sent as soon as READY is read', async () => {
    // Three times: before the fix, READY came before the signal handlers and about half died of it.
    for (let i = 0; i < 3; i++) {
      const host = await startHost(data, { rendererDir: renderer });
      await host.stop(); // throws unless the exit code is 0
      expect(host.output()).toContain('SIGTERM: closing the database');
    }
  });

  it('serves the token CLINIC_HOST_TOKEN gives it, and refuses a weak one', async () => {
    const token = 'given-token_0123456789abcdef';
    const host = await startHost(data, { rendererDir: renderer, env: { CLINIC_HOST_TOKEN: token } });
    try {
      expect(new URL(host.url).searchParams.get('token')).toBe(token);
      const conn = await connectBridge(host.url);
      expect(await conn.transport.invoke('app.info', {})).toMatchObject({ ok: true });
      await conn.close();
    } finally {
      await host.stop();
    }
    const weak = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/host/cli.ts', '--data-dir', data, '--renderer-dir', renderer],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, CLINIC_HOST_TOKEN: 'short' },
        stdio: 'ignore',
      },
    );
    const [code] = (await once(weak, 'exit')) as [number | null];
    expect(code).toBe(2);
  });
});
