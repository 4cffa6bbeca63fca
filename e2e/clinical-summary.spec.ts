// The clinical summary and the wrong-patient safeguards, end to end in Chromium against a real
// browser host: allergies entered through the form reach the banner ("no known allergies" too,
// and it goes when an allergy is recorded); the blood pressure plot draws the values entered;
// the header stays in view on a long chart; the list's highlight and the window title follow
// the open patient; rows show age and gender and stay while a search runs.
// CW_SCREENSHOTS=1 also writes docs/screenshots/chart-summary.png (1280×800).
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from 'playwright/test';
import { ageOn } from '../shared/clinical/summary';
import { ChartPage } from './pages/ChartPage';
import { ContactEditorPage, type ContactInput } from './pages/ContactEditorPage';
import { PatientFormPage, type PatientInput } from './pages/PatientFormPage';
import { SummaryPage } from './pages/SummaryPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

let dataDir: string;
let host: RunningHost;

test.beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-summary-'));
  host = await startHost(dataDir);
});

test.afterEach(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const ILSE: PatientInput = {
  firstName: 'Ilse',
  lastName: 'Demoberg',
  dateOfBirth: '1980-03-15',
  gender: 'female',
  ssin: '80031512460',
};
const JAN: PatientInput = { firstName: 'Jan', lastName: 'Peeters', dateOfBirth: '1955-11-02', gender: 'male' };
const ANNA: PatientInput = { firstName: 'Anna', lastName: 'Peeters', dateOfBirth: '1990-07-19', gender: 'female' };

async function createPatient(page: Page, p: PatientInput): Promise<void> {
  await new WorkstationPage(page).newPatientButton.click();
  const form = new PatientFormPage(page);
  await form.fill(p);
  await form.save.click();
  await new ChartPage(page).expectPatient(`${p.firstName} ${p.lastName}`);
}

async function addContact(page: Page, when: string, c: ContactInput): Promise<void> {
  const chart = new ChartPage(page);
  await chart.newContact();
  const editor = new ContactEditorPage(page);
  await editor.form.getByLabel('Opening date').fill(when);
  await editor.fill(c);
  await editor.save();
  await expect(editor.form).toBeHidden();
}

const years = (dob: number) => ageOn(dob, new Date())?.years ?? -1;

test('allergies, medications, last vitals and the blood pressure trend show what was entered', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new WorkstationPage(page);
  await app.open(host.url);
  await createPatient(page, ILSE);
  const s = new SummaryPage(page);
  await expect(s.identity).toContainText(`${years(19800315)} years`);
  await expect(s.identity).toContainText('Female');
  await expect(s.identity).toContainText('15/03/1980');
  await expect(s.identity).toContainText('80031512460');

  // Nothing recorded yet is said as such; "no known allergies" is an explicit entry.
  await expect(s.banner).toContainText('Allergies not recorded');
  await s.banner.getByRole('button', { name: 'Record “no known allergies”' }).click();
  await expect(s.banner).toHaveText('No known allergies');
  const chart = new ChartPage(page);
  await expect(chart.healthElement('No known allergies')).toHaveAccessibleName('No known allergies');

  // An allergy through the form: it is in the banner, and "no known allergies" is closed.
  await s.addAllergy({ agent: 'Penicillin', reaction: 'anaphylaxis', severity: 'severe' });
  await expect(s.banner.getByRole('listitem')).toHaveText(['Penicillin — anaphylaxis · severe']);
  await expect(s.banner).not.toContainText('No known allergies');
  await expect(chart.healthElement('No known allergies')).toHaveAccessibleName('No known allergies (closed)');
  // An intolerance joins it; a closed allergy leaves the banner but stays in the list.
  await s.addAllergy({ agent: 'Lactose', reaction: 'bloating', severity: 'mild', kind: 'Intolerance' });
  // Enter in a field never saves a half-filled entry; Ctrl+Enter does. Escape with changes asks.
  await page.getByRole('button', { name: 'Add allergy' }).click();
  const form = page.getByRole('form', { name: 'New health element' });
  await form.getByLabel('Agent').fill('Latex');
  await form.getByLabel('Agent').press('Enter');
  await expect(form).toBeVisible();
  await expect(s.banner.getByRole('listitem')).toHaveCount(2);
  page.once('dialog', (d) => void d.dismiss());
  await form.getByLabel('Agent').press('Escape');
  await expect(form).toBeVisible();
  await form.getByLabel('Agent').press('Control+Enter');
  await expect(form).toBeHidden();
  await expect(s.banner.getByRole('listitem')).toHaveCount(3);
  await chart.closeHealthElement('Latex');
  await expect(s.banner.getByRole('listitem')).toHaveText([
    'Penicillin — anaphylaxis · severe',
    'Lactose (intolerance) — bloating · mild',
  ]);
  await expect(chart.healthElement('Latex')).toHaveAccessibleName('Latex (closed)');
  // A problem is an active problem in the summary, not an allergy.
  await chart.addHealthElement('Hypertension', '2020-05-01');
  await expect(s.summary.getByRole('list', { name: 'Active problems' })).toContainText('Hypertension');

  // Two contacts months apart: the plot draws both readings, systolic above diastolic.
  await addContact(page, '2026-06-01 09:00', {
    descr: 'Check-up',
    systolic: '128',
    diastolic: '82',
    weight: '70',
    temperature: '37.1',
  });
  await addContact(page, '2026-09-15 10:30', {
    descr: 'Follow-up',
    systolic: '142',
    diastolic: '91',
    weight: '72.5',
    height: '168',
    heartRate: '72',
    spo2: '97',
    medication: { product: 'Amlodipine 5 mg', periods: ['Morning'] },
  });
  await expect(s.vital('bloodPressure')).toHaveText('142/91 mmHg');
  await expect(s.vital('weight')).toHaveText('72.5 kg');
  await expect(s.vital('temperature')).toHaveText('37.1 °C');
  await expect(s.vital('heartRate')).toHaveText('72 /min');
  await expect(s.vital('spo2')).toHaveText('97 %');
  await expect(s.vital('height')).toHaveText('168 cm');
  await expect(s.vital('bmi')).toHaveText('25.7 kg/m²');
  await expect(s.medications).toContainText('Amlodipine 5 mg — 1 tablet morning');
  await expect(s.medications).toContainText('started 15/09/2026');

  await expect
    .poll(() => s.plotted('bloodPressure', 'systolic').then((ps) => ps.map((p) => [p.value, p.date])))
    .toEqual([
      [128, '01/06/2026'],
      [142, '15/09/2026'],
    ]);
  const sys = await s.plotted('bloodPressure', 'systolic');
  const dia = await s.plotted('bloodPressure', 'diastolic');
  expect(dia.map((p) => [p.value, p.date])).toEqual([
    [82, '01/06/2026'],
    [91, '15/09/2026'],
  ]);
  for (const [i, p] of sys.entries()) {
    expect(p.cy, 'systolic drawn above diastolic').toBeLessThan(dia[i]!.cy);
    expect(p.cx).toBeCloseTo(dia[i]!.cx, 1);
  }
  expect(sys[1]!.cy, 'the higher reading is drawn higher').toBeLessThan(sys[0]!.cy);
  expect((await s.plotted('weight', 'value')).map((p) => p.value)).toEqual([70, 72.5]);
  expect((await s.plotted('temperature', 'value')).map((p) => p.value)).toEqual([37.1]);
  expect((await s.plotted('bmi', 'value')).map((p) => p.value)).toEqual([24.8, 25.7]);
  expect((await s.plotted('heartRate', 'value')).map((p) => p.value)).toEqual([72]);

  // The full summary (banner, lists, plots and their tables) passes axe as the chart does.
  const axe = await new AxeBuilder({ page }).include('.chart').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);

  if (process.env.CW_SCREENSHOTS === '1') {
    const dir = path.resolve(import.meta.dirname, '../docs/screenshots');
    mkdirSync(dir, { recursive: true });
    await page.locator('.detail-pane').evaluate((el) => el.scrollTo(0, 0));
    await page.mouse.move(1, 1); // no tooltip in the picture
    await page.screenshot({ path: path.join(dir, 'chart-summary.png') });
  }

  // A weight entered in error leaves the trends and the last vitals (it stays, struck out, in the contact).
  const followUp = new ChartPage(page).contact(0);
  await followUp.getByRole('button', { name: 'Mark Weight as entered in error' }).click();
  await followUp.getByRole('button', { name: 'Mark as entered in error' }).click();
  await expect(followUp.locator('.service', { hasText: 'Weight' })).toHaveClass(/service-in-error/);
  await expect(s.vital('weight')).toHaveText('70 kg');
  await expect.poll(() => s.plotted('weight', 'value').then((ps) => ps.map((p) => p.value))).toEqual([70]);
  expect((await s.plotted('bmi', 'value')).map((p) => p.value)).toEqual([24.8]);

  // In French: words, numbers and the window title follow the language.
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.locator('tr[data-vital="temperature"] .vital-value')).toHaveText('37,1 °C');
  await expect(page.locator('tr[data-vital="bloodPressure"] th')).toHaveText('Tension artérielle');
  await expect(page.locator('.allergy-title')).toHaveText('⚠ 2 allergies ou intolérances');
  await expect(page).toHaveTitle('Ilse Demoberg (15/03/1980) — Poste de travail clinique');
  await page.getByLabel('Langue').selectOption('en');

  // A long chart scrolled to its end: the name and the allergy banner are still in view.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.locator('.detail-pane').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole('list', { name: 'Contacts, newest first' })).toBeInViewport();
  expect(await page.locator('.detail-pane').evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  await expect(page.getByRole('heading', { level: 2, name: 'Ilse Demoberg' })).toBeInViewport({ ratio: 1 });
  await expect(s.banner).toBeInViewport({ ratio: 1 });
});

test('the list follows the open chart, names the patient in the title, shows age and gender, keeps its rows while searching', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const app = new WorkstationPage(page);
  await app.open(host.url);
  await createPatient(page, JAN);
  await createPatient(page, ANNA);
  await expect(page).toHaveTitle(/^Anna Peeters \(19\/07\/1990\) — Clinic Workstation$/);

  // Rows tell namesakes apart by gender and age.
  await expect(app.option(/PEETERS, Jan/)).toContainText(`Male · ${years(19551102)} years · born 02/11/1955`);
  await expect(app.option(/PEETERS, Anna/)).toContainText(`Female · ${years(19900719)} years · born 19/07/1990`);

  // Open Jan from the list, then save a new patient: the highlight moves to the new chart.
  await app.option(/PEETERS, Jan/).click();
  await new ChartPage(page).expectPatient('Jan Peeters');
  await expect(app.list.getByRole('option', { selected: true })).toContainText('PEETERS, Jan');
  await expect(page).toHaveTitle(/^Jan Peeters/);
  await createPatient(page, ILSE);
  await expect(app.list.getByRole('option', { selected: true })).toHaveCount(1);
  await expect(app.list.getByRole('option', { selected: true })).toContainText('DEMOBERG, Ilse');
  await expect(page).toHaveTitle(/^Ilse Demoberg \(15\/03\/1980\) — Clinic Workstation$/);
  // The contact editor is about the same patient: title and highlight stay on her.
  await new ChartPage(page).newContact();
  await expect(page.getByRole('form', { name: /New contact/ })).toBeVisible();
  await expect(page).toHaveTitle(/^Ilse Demoberg/);
  await expect(app.list.getByRole('option', { selected: true })).toContainText('DEMOBERG, Ilse');
  // With something typed, a click on another patient asks; staying keeps the highlight on her.
  await new ContactEditorPage(page).fill({ descr: 'Cough' });
  page.once('dialog', (d) => void d.dismiss());
  await app.option(/PEETERS, Jan/).click();
  await expect(page.getByRole('form', { name: /New contact/ })).toBeVisible();
  await expect(app.list.getByRole('option', { selected: true })).toContainText('DEMOBERG, Ilse');
  await expect(page).toHaveTitle(/^Ilse Demoberg/);

  // Typing a search never blanks the list: each keystroke keeps the previous answer's rows.
  await app.searchFor('peeters');
  await app.search.fill('');
  await expect(app.count).toHaveText('3 patients');
  await page.evaluate(() => {
    const w = window as unknown as { __minRows: number; __sawSearching: boolean };
    w.__minRows = Infinity;
    w.__sawSearching = false;
    const check = () => {
      w.__minRows = Math.min(w.__minRows, document.querySelectorAll('#patient-listbox [role="option"]').length);
      if (/^Searching/.test(document.getElementById('patient-count')?.textContent ?? '')) w.__sawSearching = true;
    };
    new MutationObserver(check).observe(document.querySelector('.patient-pane')!, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  await app.search.pressSequentially('peet', { delay: 220 });
  await expect(app.count).toHaveText('2 patients matching “peet”');
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __minRows: number; __sawSearching: boolean };
    return { minRows: w.__minRows, sawSearching: w.__sawSearching };
  });
  expect(seen.sawSearching).toBe(false);
  expect(seen.minRows).toBeGreaterThanOrEqual(2);
  // Ilse is not among the answers: no row claims to be her chart.
  await expect(app.list.getByRole('option', { selected: true })).toHaveCount(0);

  // The whole placeholder fits in the search box at 1024×700.
  const fit = await app.search.evaluate((el) => {
    const input = el as HTMLInputElement;
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { text: input.placeholder, need: ctx.measureText(input.placeholder).width, room };
  });
  expect(fit.text).toBe('Name, SSIN or 21/03/1974');
  expect(fit.need).toBeLessThan(fit.room);
});
