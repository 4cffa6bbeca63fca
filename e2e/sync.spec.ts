// Sync end to end in Chromium with real processes: the practice server, a fault proxy per
// workstation, two browser hosts with their own data folders. Each workstation is set up through
// the Connection settings screen with its proxy's address. Then: a wrong password is named as
// such (and only then asked for again), the status bar follows an outage (offline → connecting /
// syncing → up to date), and a patient created on A shows up in B's list without a reload.
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

const ALICE = { username: 'alice', password: 'alice-pw-7Hq2' };
const BOB = { username: 'bob', password: 'bob-pw-9Zx4' };

let practice: PracticeServer | undefined;
let proxyA: FaultProxy | undefined;
let proxyB: FaultProxy | undefined;
let hostA: RunningHost | undefined;
let hostB: RunningHost | undefined;
const dirs: string[] = [];
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  practice = await startPracticeServer();
  await practice.addMember(ALICE.username, ALICE.password);
  await practice.addMember(BOB.username, BOB.password);
  const target = new URL(practice.url);
  proxyA = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  proxyB = await startFaultProxy({ targetPort: Number(target.port), targetHost: target.hostname });
  for (const name of ['a', 'b']) dirs.push(mkdtempSync(path.join(os.tmpdir(), `clinic-e2e-sync-${name}-`)));
  [hostA, hostB] = await Promise.all([
    startHost(dirs[0]!, { people: [{ ...ALICE, role: 'doctor' }] }),
    startHost(dirs[1]!, { people: [{ ...BOB, role: 'doctor' }] }),
  ]);
});

test.afterAll(async () => {
  // Everything is stopped even if one stop fails; the first failure is reported.
  const results = await Promise.allSettled([...contexts.map((c) => c.close()), hostA?.stop(), hostB?.stop()]);
  const more = await Promise.allSettled([proxyA?.stop(), proxyB?.stop(), practice?.stop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const failed = [...results, ...more].find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

test('a wrong password is named as such, asked for again, and the right one connects', async ({ browser }) => {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const app = new WorkstationPage(page);
  await app.open(hostA!.url);
  const sync = new SyncPage(page);
  await expect(sync.slot).toContainText('Sync: not set up');
  await expect(sync.passwordBanner).toHaveCount(0);

  const connection = { serverUrl: proxyA!.url, db: practice!.db, ...ALICE };
  // Keyboard: the dialog opens on its first field; Escape closes it and gives focus back.
  await sync.headerSettings.click();
  await expect(sync.field('Server URL')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(sync.settings).toBeHidden();
  await expect(sync.headerSettings).toBeFocused();
  await sync.headerSettings.click();
  await expect(sync.settings).toBeVisible();
  // Bad input is explained beside its field and nothing is saved.
  await sync.fillSettings({ ...connection, serverUrl: 'ftp://nowhere', db: 'Not A Db!' });
  await sync.settings.getByRole('button', { name: 'Save and connect' }).click();
  await expect(sync.field('Server URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(sync.field('Server URL')).toHaveAccessibleDescription(/enter the server address/);
  await expect(sync.field('Practice database')).toHaveAccessibleDescription(/lower-case letters/);
  await expect(sync.settings).toBeVisible();

  await sync.fillSettings({ ...connection, password: 'not-the-password' });
  await expect(await sync.testConnection()).toContainText('Wrong password');
  // Saved anyway: the engine is refused, says so, and the app asks for the password, while the
  // local records stay in reach.
  await sync.save();
  await sync.expectState('error', 20_000);
  await expect(sync.slot).toContainText('Error: wrong password');
  await expect(sync.passwordBanner).toBeVisible();
  await expect(app.newPatientButton).toBeEnabled();
  await sync.passwordBanner.getByRole('button', { name: 'Enter the password' }).click();
  await expect(sync.settings).toBeVisible();
  await expect(sync.field('Password')).toBeFocused();
  await expect(sync.field('Password')).toHaveValue('');
  await expect(sync.settings).toContainText('A password is stored');

  await sync.field('Password').fill(ALICE.password);
  await expect(await sync.testConnection()).toContainText(`Connection works: CouchDB`);
  await expect(sync.testResult).toContainText(`signed in as ${ALICE.username}`);
  await sync.save();
  await sync.expectState('upToDate', 30_000);
  await expect(sync.passwordBanner).toHaveCount(0);
  await expect(sync.slot).toContainText(/Last sync \d\d:\d\d/);
});

test('across an outage the status bar goes offline, then catches up, and B sees A’s new patient live', async ({
  browser,
}) => {
  const [ctxA, ctxB] = await Promise.all([browser.newContext(), browser.newContext()]);
  contexts.push(ctxA, ctxB);
  const [pageA, pageB] = await Promise.all([ctxA.newPage(), ctxB.newPage()]);
  const appA = new WorkstationPage(pageA);
  const appB = new WorkstationPage(pageB);
  await appA.open(hostA!.url);
  await appB.open(hostB!.url);
  const syncA = new SyncPage(pageA);
  const syncB = new SyncPage(pageB);
  await syncA.expectState('upToDate', 30_000); // set up by the test before
  await syncB.configure({ serverUrl: proxyB!.url, db: practice!.db, ...BOB });
  await expect(appB.count).toHaveText(/^0 patients/);

  // Outage: the proxy refuses connections and cuts the open ones.
  await syncA.recordStates();
  await proxyA!.setMode('refuse');
  await syncA.expectState('offline', 30_000);
  await expect(syncA.slot).toContainText(/Offline since \d\d:\d\d/);

  // Work goes on offline: the new patient is saved locally and counted as waiting to go up.
  await appA.newPatientButton.click();
  const form = new PatientFormPage(pageA);
  await form.fill({ firstName: 'Odile', lastName: 'Outageson', dateOfBirth: '1980-02-03', gender: 'female' });
  await form.save.click();
  await expect(pageA.getByRole('heading', { name: /Odile Outageson/ })).toBeVisible();
  await expect(syncA.slot).toContainText(/\d+ changes? waiting to go up/, { timeout: 15_000 });
  await syncA.expectState('offline');
  await expect(syncA.announcements).toHaveText('Sync: offline');

  // The network returns: A catches up by itself (no click, no reload).
  await proxyA!.setMode('pass');
  await syncA.expectState('upToDate', 45_000);
  await expect(syncA.slot).not.toContainText('waiting to go up');
  await expect(syncA.announcements).toHaveText('Sync: up to date');
  const states = await syncA.recordedStates();
  const offline = states.indexOf('offline');
  const upToDate = states.findIndex((s, i) => i > offline && s === 'upToDate');
  expect(offline, `states seen: ${states.join(' → ')}`).toBeGreaterThanOrEqual(0);
  expect(upToDate, `states seen: ${states.join(' → ')}`).toBeGreaterThan(offline);
  // Reconnection attempts during the outage do not flash "Connecting…": it says offline until the
  // server answers, then syncs (a blink, often too short for the bar to show) and is up to date.
  const between = states.slice(offline + 1, upToDate);
  expect(
    between.every((s) => s === 'syncing'),
    `states seen: ${states.join(' → ')}`,
  ).toBe(true);

  // B's patient list shows it without a reload.
  await expect(appB.option(/OUTAGESON, Odile/)).toBeVisible({ timeout: 15_000 });
  await expect(appB.count).toHaveText(/^1 patient/);

  // The sync panel by keyboard: open it from the status bar, "Sync now" reports success only
  // when the call resolves, Escape closes it and gives focus back.
  await syncA.slotButton.focus();
  await pageA.keyboard.press('Enter');
  await expect(syncA.panel).toBeVisible();
  await expect(syncA.panel.getByTestId('sync-panel-pending')).toHaveText('None: the server has every local change');
  await expect(syncA.panel.getByRole('list', { name: 'Recent sync events' })).toContainText('Server unreachable');
  await expect(syncA.panel).toContainText('No record fails the local checks.');
  await syncA.panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncA.panel.getByRole('status', { name: 'Sync now result' })).toContainText('Sync complete', {
    timeout: 20_000,
  });
  await pageA.keyboard.press('Escape');
  await expect(syncA.panel).toBeHidden();
  await expect(syncA.slotButton).toBeFocused();
});
