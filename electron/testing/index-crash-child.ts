// For electron/core/index/indexer-disk.test.ts: indexes a data folder while writing patients to
// it without end, until the test kills it (kill -9) in the middle. Prints "started" once live.
import { ChangePipeline } from '../core/store/changes';
import { openLocalDb } from '../core/store/open';
import { Indexer } from '../core/index/indexer';

const dir = process.argv[2]!;
const db = openLocalDb(dir);
const indexer = new Indexer(new ChangePipeline(db), dir, {
  changed: () => undefined,
  conflictsChanged: () => undefined,
});
await indexer.start();
process.stdout.write('started\n');
for (let i = 0; ; i += 200) {
  await db.bulkDocs(
    Array.from({ length: 200 }, (_, k) => ({
      _id: `patient:crash${String(i + k).padStart(7, '0')}`,
      type: 'patient',
      firstName: 'Ann',
      lastName: 'Crash',
    })),
  );
}
