// The browser host as a real child process, for the suites that attack it: a stand-in renderer,
// its port and token, and the check that it is still alive and answering after the attack.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startHost, type RunningHost } from '../../e2e/support/host';
import { connectBridge } from './bridge-client';
import { tempDir } from './temp';

export type HostUnderTest = {
  host: RunningHost;
  port: number;
  token: string;
  /** The host is still running and answers a normal call over a fresh connection. */
  expectServing(): Promise<void>;
  stop(): Promise<void>;
};

export async function startHostUnderTest(): Promise<HostUnderTest> {
  const data = await tempDir();
  const renderer = await tempDir();
  await writeFile(path.join(renderer.dir, 'index.html'), '<!doctype html><title>test</title>');
  const host = await startHost(data.dir, { rendererDir: renderer.dir });
  const url = new URL(host.url);
  return {
    host,
    port: Number(url.port),
    token: url.searchParams.get('token') ?? '',
    async expectServing() {
      expect(host.process.exitCode, host.output()).toBeNull();
      // The host's last-resort handlers keep it alive; the causes must not reach them at all.
      expect(host.output()).not.toMatch(/uncaught exception|unhandled rejection/);
      const conn = await connectBridge(host.url);
      try {
        expect(await conn.transport.invoke('app.info', {})).toMatchObject({ ok: true });
      } finally {
        await conn.close();
      }
    },
    async stop() {
      await host.stop();
      await data.remove();
      await renderer.remove();
    },
  };
}

/** One host for the suite: started before its tests, stopped after them. Read it inside a test. */
export function useHostUnderTest(): () => HostUnderTest {
  let under: HostUnderTest | undefined;
  beforeAll(async () => {
    under = await startHostUnderTest();
  });
  afterAll(async () => {
    await under?.stop();
  });
  return () => {
    if (!under) throw new Error('the host under test is not started (read it inside a test)');
    return under;
  };
}
