// Accessibility of every main screen, checked by axe-core in Chromium against a real browser host:
// the list, the chart, the contact editor, the health-element form, the connection settings, the
// sync panel, the conflicts inbox and the merge screen. Every rule axe runs by default, plus the
// experimental label-content-name-mismatch (a visible label the accessible name does not contain),
// must find nothing. The data folder holds one conflicted patient, so every screen is reachable.
// Not serial: a screen with violations does not hide the others' results.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import { writeConflictedPatient } from '../electron/testing/make-conflict';
import { ChartPage } from './pages/ChartPage';
import { ConflictStatus, MergePage } from './pages/conflicts';
import { SyncPage } from './pages/SyncPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';
import { expectAccessible } from './support/axe';

let dataDir = '';
let host: RunningHost | undefined;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-a11y-'));
  await writeConflictedPatient(dataDir);
  host = await startHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openApp(page: Page): Promise<WorkstationPage> {
  const app = new WorkstationPage(page);
  await app.open(host!.url);
  await expect(app.list.getByRole('option').first()).toBeVisible();
  return app;
}

async function openChart(page: Page): Promise<ChartPage> {
  const app = await openApp(page);
  await app.list.getByRole('option').first().click();
  const chart = new ChartPage(page);
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  return chart;
}

test('the patient list', async ({ page }) => {
  await openApp(page);
  await expectAccessible(page, 'patient list');
});

test('the chart', async ({ page }) => {
  await openChart(page);
  await expectAccessible(page, 'chart');
});

test('the contact editor', async ({ page }) => {
  const chart = await openChart(page);
  await chart.newContact();
  await expect(page.getByRole('form', { name: /contact/i })).toBeVisible();
  await expectAccessible(page, 'contact editor');
});

test('the health-element form', async ({ page }) => {
  await openChart(page);
  await page.getByRole('button', { name: /^Add health element/ }).click();
  await expect(page.getByRole('form', { name: /health element/i })).toBeVisible();
  await expectAccessible(page, 'health-element form');
});

test('the connection settings', async ({ page }) => {
  await openApp(page);
  const sync = new SyncPage(page);
  await sync.headerSettings.click();
  await expect(sync.field('Server URL')).toBeEditable();
  await expectAccessible(page, 'connection settings');
});

test('the sync panel', async ({ page }) => {
  await openApp(page);
  const sync = new SyncPage(page);
  await sync.slotButton.click();
  await expect(sync.panel).toBeVisible();
  await expect(sync.panel).not.toContainText('Looking for flagged records');
  await expectAccessible(page, 'sync panel');
});

test('the conflicts inbox', async ({ page }) => {
  await openApp(page);
  const status = new ConflictStatus(page);
  await status.expectCount(1);
  const inbox = await status.openInbox();
  await expect(inbox.list.getByRole('option')).toHaveCount(1);
  await expectAccessible(page, 'conflicts inbox');
});

test('the merge screen', async ({ page }) => {
  await openApp(page);
  const inbox = await new ConflictStatus(page).openInbox();
  await inbox.list.getByRole('option').first().click();
  await expect(new MergePage(page).heading).toBeVisible();
  await expectAccessible(page, 'merge screen');
});

test('the main screen and the sync panel in French and Dutch', async ({ page }) => {
  const app = await openApp(page);
  for (const lang of ['fr', 'nl'] as const) {
    await app.setLanguage(lang);
    await expectAccessible(page, `patient list in ${lang}`);
    await page.locator('[data-slot="sync"] button').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectAccessible(page, `sync panel in ${lang}`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  }
});
