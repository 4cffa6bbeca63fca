// Run in its own process by bench/conflicts.ts so that its peak RSS is the core's alone:
// opens a core on DIR (the conflict index is built from scratch when no snapshot exists),
// then times the conflict count, the inbox listing and opening merge screens.
import { readFileSync } from 'node:fs';
import { createSignedIn } from '../electron/testing/people';
import { fileSecretStore } from '../electron/host/file-secrets';
import { summary } from './stats';

const dir = process.argv[2]!;
const t0 = performance.now();
const core = await createSignedIn({ dataDir: dir, host: 'browser', secrets: fileSecretStore(dir) });
const firstBuildMs = performance.now() - t0;
const rssAfterBuildMb = Math.round(process.memoryUsage().rss / 1e6);
// Of which the process's own memory: the rest is leveldb's files mapped while it read them all
// (page cache the system takes back when it needs it).
function rssAnonMb(): number | null {
  try {
    const anon = /RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return anon ? Math.round(Number(anon[1]) / 1024) : null;
  } catch {
    return null; // not Linux
  }
}
const rssAnonAfterBuildMb = rssAnonMb();
const peakAfterBuildMb = Math.round(process.resourceUsage().maxRSS / 1024);

const list: number[] = [];
let count = 0;
let ids: string[] = [];
for (let i = 0; i < 20; i++) {
  const s = performance.now();
  const r = await core.handlers['conflicts.list']({});
  list.push(performance.now() - s);
  count = r.count;
  ids = r.items.map((e) => e.id);
}
const open: number[] = [];
for (const id of ids.slice(0, 100)) {
  const s = performance.now();
  await core.handlers['conflicts.open']({ id });
  open.push(performance.now() - s);
}
await core.close();
console.log(
  JSON.stringify({
    firstBuildMs: Math.round(firstBuildMs),
    rssAfterBuildMb,
    rssAnonAfterBuildMb,
    peakRssMb: Math.max(peakAfterBuildMb, Math.round(process.resourceUsage().maxRSS / 1024)),
    conflicts: count,
    firstListMs: Math.round(list[0]! * 10) / 10,
    listMs: summary(list.slice(1)),
    openMs: summary(open),
  }),
);
