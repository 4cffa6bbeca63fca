// Issue 2's figures: 50,000 patients and ~200,000 contacts; patient search and chart opening
// through the contract (WebSocket bridge), host cold start to first list paint, host memory.
import { chromium } from 'playwright';
import { connectBridge } from '../electron/testing/bridge-client';
import { seedPeople, TEST_PERSON } from '../electron/testing/people';
import { tempDir } from '../electron/testing/temp';
import { seed } from '../electron/tools/seed';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium';
import { readMarks, watchMarks } from './page-marks';
import { rssOf, spawnReady, stop, summary } from './stats';
import { typicalUse } from './use';

export async function foundationBench(opts: { patients: number; contactsPerPatient: number }) {
  const t = await tempDir('cw-bench-');
  try {
    const seeded = await seed({
      dataDir: t.dir,
      patients: opts.patients,
      contactsPerPatient: opts.contactsPerPatient,
      heavyPatients: 20,
      heavyContacts: 50,
      onProgress: (n) => n % 50_000 < 1000 && process.stderr.write(`bench: seeded ${n} documents\n`),
    });
    process.stderr.write(`bench: seeded in ${seeded.ms} ms\n`);
    // Someone who has signed in here before: the sign-in is checked on the workstation.
    await seedPeople(t.dir, [TEST_PERSON]);

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    let host: Awaited<ReturnType<typeof spawnReady>> | undefined;
    try {
      // Cold start: process spawn → READY → page load → sign-in screen → signed in (typed by the
      // bench at once) → first patient row painted. Sign-in to paint: from the click to the row.
      // The screens' moments are noted by the page (page-marks.ts); the typing in between is the
      // bench's, left out: first list paint = sign-in screen shown + click to first row.
      const t0 = Date.now();
      host = await spawnReady(process.execPath, ['build/host.mjs', '--data-dir', t.dir, '--port', '0']);
      const readyMs = Date.now() - t0;
      const page = await browser.newPage();
      await watchMarks(page);
      await page.goto(host.url);
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.getByLabel('User name').fill(TEST_PERSON.username);
      await form.getByLabel('Password', { exact: true }).fill(TEST_PERSON.password);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[role="listbox"] [role="option"]').first().waitFor({ timeout: 30_000 });
      const marks = await readMarks(page);
      const signInScreenMs = marks.signInShown - t0;
      const signInToPaintMs = marks.firstRow - marks.clicked;
      const firstPaintMs = signInScreenMs + signInToPaintMs;
      await page.close();

      const conn = await connectBridge(host.url);
      const queries = [
        'fic',
        'samp',
        'placebo',
        'testa',
        'mock',
        'dum',
        'syn',
        'fak',
        'ada',
        'bram f',
        'demo',
        'ess',
        '1974',
        '1980-05',
        '1955-02-11',
        '850730',
        'z',
        'modèle',
        'pro',
        'cleo p',
      ];
      for (const q of queries) await conn.client.call('patients.search', { query: q, offset: 0, limit: 50 }); // warm-up
      const search: number[] = [];
      for (let i = 0; i < 500; i++) {
        const q = queries[i % queries.length]!;
        const s = performance.now();
        await conn.client.call('patients.search', {
          query: q + (i % 3 === 0 ? '' : ''),
          offset: (i % 5) * 50,
          limit: 50,
        });
        search.push(performance.now() - s);
      }
      const chart: number[] = [];
      let contactsSeen = 0;
      for (let round = 0; round < 5; round++) {
        for (const id of seeded.heavyPatientIds) {
          const s = performance.now();
          const c = await conn.client.call('chart.open', { patientId: id });
          chart.push(performance.now() - s);
          contactsSeen = c.contacts.length;
        }
      }
      const mem = rssOf(host.child.pid!);
      const use = await typicalUse(conn);
      const afterUse = rssOf(host.child.pid!);
      await conn.close();
      return {
        dataset: {
          patients: seeded.patients,
          contacts: seeded.contacts,
          healthElements: seeded.healthElements,
          seedMs: seeded.ms,
        },
        patientSearchMs: { ...summary(search), target_p95: 20 },
        // Each open writes an access-log entry (signed in).
        chartOpenMs: { ...summary(chart), contactsPerChart: contactsSeen, accessLogged: true, target_p95: 100 },
        hostColdStartMs: {
          ready: Math.round(readyMs),
          signInScreen: Math.round(signInScreenMs),
          firstListPaint: Math.round(firstPaintMs),
          target: 2000,
        },
        // Issue 11: from "Sign in" to the first row of the list (the password checked by scrypt here).
        signInToListPaintMs: { value: Math.round(signInToPaintMs), target: 2000 },
        hostMemoryMb: { ...mem, afterUse: afterUse.rssMb, peakAfterUse: afterUse.peakRssMb, target: 400 },
        typicalUse: use,
      };
    } finally {
      if (host) await stop(host.child);
      await browser.close();
    }
  } finally {
    await t.remove();
  }
}
