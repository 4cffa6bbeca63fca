// The foundation, end to end in Chromium against a real browser host on a real leveldb folder:
// create a patient, find it, record a contact (blood pressure + medication), add and close a
// health element, restart the host on the same folder, and find everything as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'playwright/test';
import { ChartPage } from './pages/ChartPage';
import { ContactEditorPage } from './pages/ContactEditorPage';
import { PatientFormPage } from './pages/PatientFormPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

let dataDir: string;
let host: RunningHost | undefined;

test.beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-'));
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const PATIENT = {
  firstName: 'Jeanne',
  lastName: 'Testerman',
  dateOfBirth: '1974-03-21',
  gender: 'female',
  ssin: '74032112346',
  languages: 'fr, nl',
  address: {
    street: 'Rue de l’Essai',
    houseNumber: '12',
    postalCode: '1000',
    city: 'Bruxelles',
    country: 'BE',
    telecom: { type: 'mobile', number: '+32 470 12 34 56' },
  },
};
const FULL_NAME = 'Jeanne Testerman';

async function expectChartComplete(chart: ChartPage) {
  await chart.expectPatient(FULL_NAME);
  await expect(chart.fact('Date of birth')).toHaveText('21/03/1974');
  await expect(chart.fact('SSIN')).toHaveText('74032112346');
  await expect(chart.fact('Languages')).toHaveText('fr, nl');
  await expect(chart.chart.getByText('Rue de l’Essai 12, 1000 Bruxelles, BE')).toBeVisible();
  await expect(chart.chart.getByText('mobile: +32 470 12 34 56')).toBeVisible();

  const contact = chart.contact(0);
  await expect(contact).toContainText('Blood pressure check');
  await expect(contact.getByText('Closed', { exact: true })).toBeVisible();
  await expect(contact.locator('.service', { hasText: 'Blood pressure systolic' })).toContainText('128 mmHg');
  await expect(contact.locator('.service', { hasText: 'Blood pressure diastolic' })).toContainText('82 mmHg');
  await expect(contact.locator('.service', { hasText: 'Medication' })).toContainText(
    'Amlodipine 5 mg — 1 tablet morning, 1 tablet evening — with water',
  );

  const he = chart.healthElement('Hypertension');
  await expect(he).toHaveAccessibleName('Hypertension (closed)');
  await expect(he).toContainText('since 01/05/2020');
  await expect(he.getByText('Closed', { exact: true })).toBeVisible();
  await expect(chart.page.getByRole('button', { name: 'Close Hypertension' })).toHaveCount(0);
}

test('create, find, record, close, restart: everything is still there', async ({ page }) => {
  host = await startHost(dataDir);
  const app = new WorkstationPage(page);
  await app.open(host.url);
  // The token is kept for reloads but taken out of the address bar.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await expect(page.getByRole('button', { name: 'Load sample patients' })).toBeVisible();

  // Create the patient; first show that bad input is explained beside the field and saves nothing.
  await app.newPatientButton.click();
  const form = new PatientFormPage(page);
  await form.fill({ ...PATIENT, lastName: '', ssin: '12345678901' });
  await form.save.click();
  await form.expectFieldError('Last name', /enter a last name/);
  await form.field('Last name').fill(PATIENT.lastName);
  await form.save.click();
  await form.expectFieldError('SSIN (national number)', /not a valid national number/);
  await expect(app.count).toHaveText(/^0 patients/);
  await form.field('SSIN (national number)').fill(PATIENT.ssin);
  await form.save.click();

  const chart = new ChartPage(page);
  await chart.expectPatient(FULL_NAME);

  // Search by name prefix (last then first), SSIN and date of birth; open by keyboard.
  for (const query of ['testerm', 'testerman jea', '74032112346', '1974-03-21']) {
    await app.searchFor(query);
    await expect(app.option(/TESTERMAN, Jeanne/)).toBeVisible();
  }
  await app.searchFor('nobody-like-this');
  await expect(app.count).toHaveText(/^0 patients/);
  await app.searchFor('testerman');
  await app.openFirstResultByKeyboard();
  await chart.expectPatient(FULL_NAME);

  // A contact with blood pressure 128/82 mmHg and a medication taken morning and evening.
  await chart.newContact();
  const editor = new ContactEditorPage(page);
  await editor.fill({
    descr: 'Blood pressure check',
    systolic: '128',
    diastolic: '82',
    medication: { product: 'Amlodipine 5 mg', instructions: 'with water', periods: ['Morning', 'Evening'] },
  });
  await editor.save();
  await expect(chart.contact(0).locator('.service', { hasText: 'Blood pressure systolic' })).toContainText('128 mmHg');

  // The contact is closed from the timeline.
  await page.getByRole('button', { name: /^Close contact / }).click();
  await expect(chart.contact(0).getByText('Closed', { exact: true })).toBeVisible();

  // A health element: added, edited, then closed.
  await chart.addHealthElement('High blood pressure', '2020-05-01');
  await chart.editHealthElement('High blood pressure', 'Hypertension');
  await expect(chart.healthElement('Hypertension')).toHaveAccessibleName('Hypertension');
  await chart.closeHealthElement('Hypertension');
  await expectChartComplete(chart);

  // Stop the host: the page says so rather than failing silently.
  await host.stop();
  await expect(app.banner).toBeVisible();

  // Start again on the same data folder (new port, new token) and find everything as it was.
  host = await startHost(dataDir);
  await app.open(host.url);
  await expect(app.count).toHaveText('1 patient');
  await app.searchFor('1974-03');
  await app.option(/TESTERMAN, Jeanne/).click();
  await expectChartComplete(chart);
});

test('an empty workstation offers sample patients and pages through them by keyboard', async ({ page }) => {
  const samplesDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-samples-'));
  const samplesHost = await startHost(samplesDir);
  try {
    const app = new WorkstationPage(page);
    await app.open(samplesHost.url);
    await page.getByRole('button', { name: 'Load sample patients' }).click();
    await expect(app.count).toHaveText('200 patients', { timeout: 30_000 });
    // More than one page of the list: End jumps to the last patient, which is fetched and shown.
    await app.list.focus();
    await page.keyboard.press('End');
    const last = app.list.getByRole('option', { selected: true });
    await expect(last).toHaveAttribute('aria-posinset', '200');
    await expect(last).not.toContainText('Loading');
    // Sample patients say so in the list and in the chart: they never leave this workstation.
    await expect(last.locator('.tag-sample')).toHaveText(/sample/i);
    const name = (await last.locator('.patient-name').innerText()).replace(/\s*sample$/i, '').trim();
    await page.keyboard.press('Enter');
    const firstName = name.split(', ')[1] ?? '';
    // The list shows "LASTNAME, First"; the chart shows "First Lastname".
    await new ChartPage(page).expectPatient(new RegExp(`^${firstName} `, 'i'));
    await expect(page.locator('.chart-header .badge-sample')).toHaveText('Sample patient');
  } finally {
    await samplesHost.stop();
    rmSync(samplesDir, { recursive: true, force: true });
  }
});
