// Safe patient entry, end to end in Chromium against a real browser host: every problem shown on
// the first submit with focus on the first, a Belgian date saved and found by search, a duplicate
// SSIN refused with the existing chart one click away, a namesake asked about first, and Enter in
// a field that never saves (Ctrl+Enter does).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from 'playwright/test';
import { ChartPage } from './pages/ChartPage';
import { PatientFormPage } from './pages/PatientFormPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

let dataDir: string;
let host: RunningHost;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-entry-'));
  host = await startHost(dataDir);
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const SSIN = '87071900243'; // 19/07/1987, serial 002: a woman
const SSIN_LABEL = 'SSIN (national number)';

async function openNewPatient(
  page: import('playwright/test').Page,
): Promise<{ app: WorkstationPage; form: PatientFormPage }> {
  const app = new WorkstationPage(page);
  await app.open(host.url);
  await app.newPatientButton.click();
  const form = new PatientFormPage(page);
  await expect(form.form).toBeVisible();
  return { app, form };
}

test('every problem shows on the first submit, beside its field, with focus on the first', async ({ page }) => {
  const { app, form } = await openNewPatient(page);
  await form.fill({
    firstName: '',
    lastName: 'Futura',
    dateOfBirth: '01/05/2031',
    ssin: '12345678901',
    address: {
      street: 'Rue Haute',
      houseNumber: '1',
      postalCode: '1000',
      city: 'Bruxelles',
      country: 'BE',
      telecom: { type: 'email', number: 'not-an-email' },
    },
  });
  await form.save.click();
  await form.expectFieldError('First name', /enter a first name/);
  await form.expectFieldError('Date of birth', /the date of birth is in the future/);
  await form.expectFieldError(SSIN_LABEL, /not a valid national number/);
  await form.expectFieldError('Telecom 1 number or address', /not an e-mail address/);
  await expect(form.field('First name')).toBeFocused();
  await expect(page.getByRole('alert').filter({ hasText: 'Some fields need attention' })).toBeVisible();

  // Fixed one by one, focus goes to the next problem; a day the calendar has not is named so.
  await form.field('First name').fill('Fien');
  await form.field('Date of birth').fill('2023-02-30');
  await form.save.click();
  await form.expectFieldError('Date of birth', /this date does not exist/);
  await expect(form.field('Date of birth')).toBeFocused();
  await expect(form.field('First name')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(app.count).toHaveText(/^0 patients/);
  // Left on purpose: the draft goes with it (the next new patient starts empty).
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.form).toBeHidden();
});

test('a reload brings back what was typed; leaving with changes asks first', async ({ page }) => {
  const { app, form } = await openNewPatient(page);
  await form.field('First name').fill('Draft');
  await form.field('Last name').fill('Keeper');
  await form.field('Date of birth').fill('02/02/2002');
  await expect(page.getByText('Draft kept on this workstation.')).toBeVisible();
  page.once('dialog', (d) => void d.accept()); // the browser's own "leave site?" on reload
  await page.reload();
  await expect(app.status).toContainText('Connected');
  await app.newPatientButton.click();
  await expect(form.field('Last name')).toHaveValue('Keeper');
  await expect(form.field('Date of birth')).toHaveValue('02/02/2002');
  await expect(page.getByRole('status').filter({ hasText: 'Restored what you typed' })).toBeVisible();

  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.keyboard.press('Escape');
  await expect.poll(() => asked).toContain('Leave this patient form without saving?');
  await expect(form.field('Last name')).toHaveValue('Keeper');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.form).toBeHidden();
  await app.newPatientButton.click();
  await expect(form.field('Last name')).toHaveValue('');
});

test('a date of birth typed 19/07/1987 is saved, shown and found as 19/07/1987, 19.07.1987 and 19071987', async ({
  page,
}) => {
  const { app, form } = await openNewPatient(page);
  await form.fill({ firstName: 'Ilse', lastName: 'Peeters', dateOfBirth: '19/07/1987', gender: 'female', ssin: SSIN });
  await expect(form.field(SSIN_LABEL)).not.toHaveAttribute('aria-invalid', 'true');
  await form.save.click();
  await new ChartPage(page).expectPatient('Ilse Peeters');
  for (const query of ['19/07/1987', '19.07.1987', '19071987', '1987-07-19']) {
    await app.searchFor(query);
    await expect(app.option(/PEETERS, Ilse/)).toBeVisible();
  }
  // Edited again, the form shows the date as it was typed.
  await page
    .getByRole('button', { name: /^Edit patient|^Edit$/ })
    .first()
    .click();
  await expect(form.field('Date of birth')).toHaveValue('19/07/1987');
});

test('the SSIN is checked against date of birth and gender: a warning, saving still allowed', async ({ page }) => {
  const { form } = await openNewPatient(page);
  await form.fill({
    firstName: 'Marc',
    lastName: 'Warnant',
    dateOfBirth: '15/03/1980',
    gender: 'male',
    ssin: '75010100196',
  });
  await expect(form.field(SSIN_LABEL)).toHaveAccessibleDescription(/someone born 01\/01\/1975/);
  await expect(form.field(SSIN_LABEL)).not.toHaveAttribute('aria-invalid', 'true');
  await form.save.click();
  await new ChartPage(page).expectPatient('Marc Warnant');
});

test('a new patient with an SSIN already held is refused, with the existing chart one click away', async ({ page }) => {
  const { app, form } = await openNewPatient(page);
  await form.fill({ firstName: 'Ilona', lastName: 'Pieters', dateOfBirth: '19/07/1987', ssin: '87.07.19-002.43' });
  await form.save.click();
  await form.expectFieldError(SSIN_LABEL, /another patient already has this national number/);
  await expect(form.field(SSIN_LABEL)).toBeFocused();
  const notice = page.getByRole('alert').filter({ hasText: 'This national number is already in use' });
  await expect(notice).toContainText('PEETERS, Ilse');
  await notice.getByRole('button', { name: 'Open the chart of Ilse Peeters' }).click();
  await new ChartPage(page).expectPatient('Ilse Peeters');
  await app.searchFor('pieters');
  await expect(app.count).toHaveText(/^0 patients/);
});

test('the same name and date of birth asks first, shows the candidates, and saves once confirmed', async ({ page }) => {
  const { app, form } = await openNewPatient(page);
  await form.fill({ firstName: 'Ilse', lastName: 'Peeters', dateOfBirth: '19.07.1987' });
  await form.save.click();
  const notice = page.getByRole('alert').filter({ hasText: 'Possible duplicate' });
  await expect(notice).toBeFocused();
  const row = notice.getByRole('row', { name: /PEETERS, Ilse/ });
  await expect(row).toContainText('19/07/1987');
  await expect(row).toContainText(SSIN);
  await app.searchFor('peeters');
  await expect(app.count).toHaveText(/^1 patient/);
  await notice.getByRole('button', { name: 'Another person: save the new patient' }).click();
  await new ChartPage(page).expectPatient('Ilse Peeters');
  await app.searchFor('peeters');
  await expect(app.count).toHaveText(/^2 patients/);
});

test('Enter in a field never saves the patient; Ctrl+Enter does', async ({ page }) => {
  const { app, form } = await openNewPatient(page);
  await form.field('First name').fill('Enter');
  await form.field('Last name').fill('Presser');
  await form.field('Last name').press('Enter');
  await form.field('Date of birth').fill('01/01/1990');
  await form.field('Date of birth').press('Enter');
  await form.field(SSIN_LABEL).press('Enter');
  await expect(form.form).toBeVisible();
  await app.searchFor('presser');
  await expect(app.count).toHaveText(/^0 patients/);
  await form.field('Last name').press('Control+Enter');
  await new ChartPage(page).expectPatient('Enter Presser');
  await app.searchFor('presser');
  await expect(app.count).toHaveText(/^1 patient/);
});

/** What the form shows or names (text, labels, descriptions), for the language check. */
async function formText(page: Page): Promise<string> {
  // By its heading, whatever the language ("Nieuwe patiënt" is not /patient/).
  return page.locator('form[aria-labelledby="patient-form-title"]').evaluate((el) => {
    const parts = [(el as HTMLElement).innerText];
    for (const n of el.querySelectorAll('[aria-label]')) parts.push(n.getAttribute('aria-label') ?? '');
    return parts.join('\n');
  });
}
const ENGLISH = ['First name', 'Last name', 'Date of birth', 'Gender', 'Identity', 'Save patient', 'Add address'];
const ENGLISH_ERRORS = ['enter a first name', 'Some fields need attention', 'does not exist', 'national number'];

for (const lang of ['fr', 'nl'] as const) {
  test(`the form, its messages and its duplicate notice in ${lang === 'fr' ? 'French' : 'Dutch'}, with no accessibility violation`, async ({
    page,
  }) => {
    await openNewPatient(page);
    await page
      .getByRole('banner')
      .getByRole('combobox', { name: /^(Language|Langue|Taal)$/ })
      .selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await page.locator('#patient-first-name').fill('');
    await page.locator('#patient-first-name').press('Control+Enter');
    await expect(page.locator('#patient-first-name')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#patient-first-name')).toBeFocused();
    const text = await formText(page);
    expect(ENGLISH.concat(ENGLISH_ERRORS).filter((w) => text.includes(w))).toEqual([]);
    expect(await page.evaluate(() => (window as { __cwMissingKeys?: string[] }).__cwMissingKeys ?? [])).toEqual([]);
    expect((await new AxeBuilder({ page }).include('form').analyze()).violations.map((v) => v.id)).toEqual([]);

    // The namesake question, in the same language and as accessible.
    const fields = page.locator('form input[type="text"]');
    await fields.nth(0).fill('Ilse');
    await fields.nth(1).fill('Peeters');
    await fields.nth(2).fill('19/07/1987');
    await fields.nth(1).press('Control+s');
    const notice = page.locator('.duplicate-notice');
    await expect(notice).toBeFocused();
    await expect(notice).toContainText(lang === 'fr' ? 'Doublon possible' : 'Mogelijk dubbele patiënt');
    expect((await formText(page)).includes('Possible duplicate')).toBe(false);
    expect((await new AxeBuilder({ page }).include('form').analyze()).violations.map((v) => v.id)).toEqual([]);
    page.once('dialog', (d) => void d.accept());
    await page.keyboard.press('Escape');
    await expect(page.locator('#patient-form-title')).toBeHidden();
  });
}
