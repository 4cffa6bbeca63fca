// npm start's launcher against the real browser host: a host killed with SIGKILL is started again
// on the same port with the same token, so the renderer's transport (kept open throughout) and a
// new bridge client reach it at the same address; a stop signal ends it for good.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridge } from '../electron/testing/bridge-client';
import { tempDir } from '../electron/testing/temp';
import { createWebSocketTransport, type SocketFactory } from '../renderer/transport/websocket';
import { superviseHost, takePort, type HostLauncher } from './host-launcher.mjs';

const root = path.resolve(import.meta.dirname, '..');
let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function launch(opts: { maxRestarts?: number } = {}): Promise<{ launcher: HostLauncher; lines: string[] }> {
  const data = await tempDir();
  const renderer = await tempDir();
  await writeFile(path.join(renderer.dir, 'index.html'), '<!doctype html><title>test</title>');
  const lines: string[] = [];
  const launcher = superviseHost({
    command: ['--import', 'tsx', path.join(root, 'electron/host/cli.ts')],
    args: ['--data-dir', data.dir, '--renderer-dir', renderer.dir, '--port', '0'],
    cwd: root,
    print: (l) => lines.push(l),
    printError: (l) => lines.push(l),
    restartDelayMs: 100,
    ...opts,
  });
  cleanup.push(data.remove, renderer.remove, () => launcher.stop('SIGTERM'));
  return { launcher, lines };
}

function kill(launcher: HostLauncher): number {
  const child = launcher.child();
  if (!child?.pid) throw new Error('no host running');
  child.kill('SIGKILL');
  return child.pid;
}

describe('host launcher', () => {
  it('takes --port out of the host arguments in either spelling', () => {
    expect(takePort(['--data-dir', 'd', '--port', '8123'])).toEqual({ rest: ['--data-dir', 'd'], port: '8123' });
    expect(takePort(['--port=9', 'x'])).toEqual({ rest: ['x'], port: '9' });
    expect(takePort([])).toEqual({ rest: [], port: '0' });
  });

  it('restarts a killed host on the same address with the same token, and the page reconnects', async () => {
    const { launcher, lines } = await launch();
    const url = await launcher.ready(1);
    const { port, searchParams } = new URL(url);
    const token = searchParams.get('token') ?? '';
    // The renderer's own transport, as the page opened at http://localhost:PORT uses it.
    const socket: SocketFactory = (u) => new WebSocket(u, { origin: `http://localhost:${port}` }) as never;
    const page = createWebSocketTransport({
      url: `ws://localhost:${port}/bridge?token=${token}`,
      socket,
      minDelay: 50,
      maxDelay: 400,
    });
    cleanup.push(async () => page.close());
    expect(await page.invoke('app.info', {})).toMatchObject({ ok: true });

    const firstPid = kill(launcher);
    expect(await launcher.ready(2)).toBe(url);
    expect(launcher.child()?.pid).not.toBe(firstPid);
    await expect.poll(() => page.state(), { timeout: 10_000 }).toBe('connected');
    expect(await page.invoke('app.info', {})).toMatchObject({ ok: true });
    const client = await connectBridge(url);
    expect(await client.transport.invoke('app.info', {})).toMatchObject({ ok: true });
    await client.close();

    expect(lines.some((l) => /stopped unexpectedly \(killed by SIGKILL\): restarting/.test(l))).toBe(true);
    // The token appears only in the READY lines, the one the user opens.
    expect(lines.filter((l) => l.includes(token)).every((l) => l.startsWith('READY '))).toBe(true);

    // A stop signal is passed on and ends it for good: a clean close, no restart.
    const child = launcher.child();
    expect(await launcher.stop('SIGTERM')).toBe(0);
    expect(child?.exitCode).toBe(0);
    expect(launcher.child()).toBeUndefined();
  });

  it('gives up after its restart cap, and does not restart a host that exits cleanly', async () => {
    const { launcher, lines } = await launch({ maxRestarts: 1 });
    await launcher.ready(1);
    kill(launcher);
    await launcher.ready(2);
    kill(launcher);
    expect(await launcher.exited).toBe(1);
    expect(lines.some((l) => /2 times within 60 s: not restarting it again/.test(l))).toBe(true);
    expect(launcher.child()).toBeUndefined();

    const second = await launch();
    await second.launcher.ready(1);
    second.launcher.child()?.kill('SIGTERM'); // the host's own clean exit, not the launcher's stop
    expect(await second.launcher.exited).toBe(0);
    expect(second.lines.some((l) => /restarting/.test(l))).toBe(false);
  });
});
