// Two browser hosts (alice's and bob's workstations) on one practice server, a fault proxy each:
// started before a spec's tests and stopped after them, by the spec that asks for them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type BrowserContext } from 'playwright/test';
import { startFaultProxy, type FaultProxy } from '../../electron/testing/fault-proxy';
import { startPracticeServer, type PracticeServer } from '../../electron/testing/practice';
import { startHost, type RunningHost } from './host';

export type Person = { username: string; password: string };

export type WorkstationPair = {
  practice(): PracticeServer;
  /** Index 0: alice's workstation, 1: bob's. */
  proxies: FaultProxy[];
  hosts: RunningHost[];
  /** Browser contexts the spec opens: closed with the rest. */
  contexts: BrowserContext[];
};

export function useWorkstationPair(prefix: string, people: [Person, Person]): WorkstationPair {
  let practice: PracticeServer | undefined;
  const dirs: string[] = [];
  const pair: WorkstationPair = {
    practice: () => {
      if (!practice) throw new Error('the practice server is not started');
      return practice;
    },
    proxies: [],
    hosts: [],
    contexts: [],
  };
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    practice = await startPracticeServer();
    for (const p of people) await practice.addMember(p.username, p.password);
    const target = new URL(practice.url);
    for (const name of ['a', 'b']) {
      pair.proxies.push(await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname }));
      dirs.push(mkdtempSync(path.join(os.tmpdir(), `clinic-e2e-${prefix}-${name}-`)));
    }
    // Each workstation's person has signed in there before, with their practice account.
    pair.hosts.push(
      ...(await Promise.all(dirs.map((d, i) => startHost(d, { people: [{ ...people[i]!, role: 'doctor' }] })))),
    );
  });
  test.afterAll(async () => {
    const results = await Promise.allSettled([
      ...pair.contexts.map((c) => c.close()),
      ...pair.hosts.map((h) => h.stop()),
    ]);
    const more = await Promise.allSettled([...pair.proxies.map((p) => p.stop()), practice?.stop()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const failed = [...results, ...more].find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });
  return pair;
}
