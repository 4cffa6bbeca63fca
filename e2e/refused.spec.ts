// Records the server does not accept, from the user's side: patients with a note written offline by
// alice, a doctor here, while the practice made her a secretary on the server. The network back,
// the server refuses them (a secretary may not write a note), and the status bar says so instead of
// "Up to date", with why and which in the sync panel, also after the host restarts. Her role given
// back and the sync settings saved again, they go up.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext } from 'playwright/test';
import { startFaultProxy, type FaultProxy } from '../electron/testing/fault-proxy';
import { startPracticeServer, type PracticeServer } from '../electron/testing/practice';
import { PatientFormPage } from './pages/PatientFormPage';
import { SyncPage } from './pages/SyncPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

const ALICE = { username: 'alice', password: 'alice-pw-3Kd8' };
const BOB = { username: 'bob', password: 'bob-pw-5Lm1' };

let practice: PracticeServer | undefined;
let proxy: FaultProxy | undefined;
let host: RunningHost | undefined;
let dir = '';
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial', timeout: 150_000 });

test.beforeAll(async () => {
  practice = await startPracticeServer();
  await practice.addMember(ALICE.username, ALICE.password);
  await practice.addMember(BOB.username, BOB.password);
  const target = new URL(practice.url);
  proxy = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  dir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-refused-'));
  host = await startHost(dir, { people: [{ ...ALICE, role: 'doctor' }] });
});

test.afterAll(async () => {
  const results = await Promise.allSettled([...contexts.map((c) => c.close()), host?.stop()]);
  const more = await Promise.allSettled([proxy?.stop(), practice?.stop()]);
  rmSync(dir, { recursive: true, force: true });
  const failed = [...results, ...more].find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

test('records the server refuses are shown as such, never as "Up to date", also after a restart', async ({
  browser,
}) => {
  const context = await browser.newContext();
  contexts.push(context);
  let page = await context.newPage();
  let app = new WorkstationPage(page);
  await app.open(host!.url);
  let sync = new SyncPage(page);
  await sync.configure({ serverUrl: proxy!.url, db: practice!.db, ...ALICE });

  await proxy!.setMode('refuse');
  await sync.expectState('offline', 30_000);
  // Meanwhile, on the server: alice is now a secretary (her workstation cannot know it yet).
  await practice!.addMember(ALICE.username, ALICE.password, 'secretary');
  for (const lastName of ['Refusedone', 'Refusedtwo']) {
    await app.newPatientButton.click();
    const form = new PatientFormPage(page);
    await form.fill({ firstName: 'Rita', lastName, dateOfBirth: '1970-01-02', gender: 'female' });
    await form.field('Note').fill('seen for a private matter');
    await form.save.click();
    await expect(page.getByRole('heading', { name: new RegExp(`Rita ${lastName}`) })).toBeVisible();
  }
  // The two patients and the access log of their charts opened.
  await expect(sync.slot).toContainText(/[2-9] changes waiting to go up/, { timeout: 15_000 });

  await proxy!.setMode('pass');
  await expect(sync.slot).toContainText('2 records not accepted by the server', { timeout: 30_000 });
  await expect(sync.slot).not.toContainText('Up to date');
  await expect(sync.announcements).toHaveText('Sync: 2 records not accepted by the server', { timeout: 5_000 });
  await sync.slotButton.click();
  const notAccepted = sync.panel.getByTestId('sync-panel-not-accepted');
  await expect(notAccepted).toContainText(
    /2 records not accepted by the server: .*secretary may not write a patient's note/i,
  );
  await expect(notAccepted.getByRole('listitem')).toHaveCount(2);
  await expect(sync.panel.getByTestId('sync-panel-pending')).toHaveText('None: the server has every local change');
  await page.keyboard.press('Escape');

  // A restart of the workstation brings back the same count and the last sync.
  await host!.stop();
  host = await startHost(dir, { people: [{ ...ALICE, role: 'doctor' }] });
  await page.close();
  page = await context.newPage();
  app = new WorkstationPage(page);
  await app.open(host.url);
  sync = new SyncPage(page);
  await expect(sync.slot).toContainText('2 records not accepted by the server', { timeout: 30_000 });
  await expect(sync.slot).toContainText(/Last sync \d\d:\d\d/);

  // Her role given back, the settings saved again (the refused records are offered again): both go up.
  await practice!.addMember(ALICE.username, ALICE.password, 'doctor');
  await sync.headerSettings.click();
  await sync.fillSettings({ serverUrl: proxy!.url, db: practice!.db, ...ALICE });
  await sync.save();
  await expect(sync.slot).toContainText('Up to date', { timeout: 30_000 });
  await expect(sync.slot).not.toContainText('not accepted');
});
