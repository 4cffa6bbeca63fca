// "Who opened this chart", end to end in Chromium against a real browser host and the dev
// practice server. The sign-in screen does not exist yet, so the test signs the person in through
// the host's bridge (the same core the page talks to), as the sign-in screen will.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import { connectBridge, type BridgeConnection } from '../electron/testing/bridge-client';
import { startPracticeServer, type PracticeServer } from '../electron/testing/practice';
import { ChartPage } from './pages/ChartPage';
import { PatientFormPage, type PatientInput } from './pages/PatientFormPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

const alice = { username: `alice-e2e-${process.pid}`, password: 'Alice-pw-1234' };
let server: PracticeServer;
let dataDir: string;
let host: RunningHost;
let bridge: BridgeConnection;

test.beforeAll(async () => {
  server = await startPracticeServer();
  await server.addMember(alice.username, alice.password, 'doctor');
});
test.afterAll(async () => {
  await server.stop();
});
test.beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-access-'));
  host = await startHost(dataDir, { people: [{ ...alice, role: 'doctor' }] });
  bridge = await connectBridge(host.url);
  // Set up before anyone signs in, as the IT person does on a new workstation.
  await bridge.client.call('sync.saveSettings', { serverUrl: server.url, db: server.db, ...alice, enabled: true });
});
test.afterEach(async () => {
  await bridge.close();
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function createPatient(page: Page, p: PatientInput): Promise<void> {
  await new WorkstationPage(page).newPatientButton.click();
  const form = new PatientFormPage(page);
  await form.fill(p);
  await form.save.click();
  await new ChartPage(page).expectPatient(`${p.firstName} ${p.lastName}`);
}

test('who opened this chart: the person, role, time and workstation', async ({ page }) => {
  await new WorkstationPage(page).open(host.url, alice);
  const button = page.getByRole('button', { name: 'Who opened this chart' });
  const dialog = page.getByRole('dialog', { name: 'Who opened this chart' });
  await createPatient(page, { firstName: 'Lotte', lastName: 'Logged', dateOfBirth: '1980-06-01', gender: 'female' });
  // The entry is written in the next batch (within 200 ms), not while the chart opens.
  await expect
    .poll(async () => (await bridge.client.call('accessLog.mine', { limit: 10 })).items.length)
    .toBeGreaterThan(0);
  await button.click();
  const row = dialog.getByRole('row').filter({ hasText: alice.username });
  await expect(row.first()).toContainText('Doctor');
  await expect(row.first()).toContainText('Opened the chart');
  await expect(row.first()).toContainText('This workstation');
  await expect(row.first()).toContainText(/\d{2}\/\d{2}\/\d{4}.*\d{2}:\d{2}/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
});
