// Safe contact entry, end to end in Chromium against a real browser host: an impossible value is
// refused and an unusual one confirmed (every error on the first submit, focus on the first), blood
// pressure typed 128/82, Enter in a field that never saves, a contact corrected with its earlier
// value in the history and a fact marked entered in error, a changed form that asks before it is
// left, a reload that brings the draft back, and a save without an answer that says so, keeps the
// input and, once the core is back, never makes a second contact.
import { TEST_PERSON } from '../electron/testing/people';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import { connectBridge, type BridgeConnection } from '../electron/testing/bridge-client';
import { ChartPage } from './pages/ChartPage';
import { ContactEditorPage } from './pages/ContactEditorPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

let dataDir: string;
let host: RunningHost;
let bridge: BridgeConnection;
const ids: Record<string, string> = {};

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-contact-'));
  host = await startHost(dataDir);
  bridge = await connectBridge(host.url);
  // The seeded person signs in through the bridge to write the patients; the page then finds the session.
  await bridge.client.call('session.signIn', { username: TEST_PERSON.username, password: TEST_PERSON.password });
  for (const firstName of ['Anna', 'Berta', 'Clara']) {
    const saved = await bridge.client.call('records.save', {
      doc: { type: 'patient', firstName, lastName: 'Contactova', dateOfBirth: 19800315, gender: 'female' },
    });
    ids[firstName] = saved.doc._id;
  }
});
test.afterAll(async () => {
  await bridge?.close();
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openChart(page: Page, firstName: string): Promise<{ app: WorkstationPage; chart: ChartPage }> {
  const app = new WorkstationPage(page);
  if (!(await app.search.isVisible())) await app.open(host.url);
  await app.searchFor('contactova');
  await app.option(new RegExp(`CONTACTOVA, ${firstName}`)).click();
  const chart = new ChartPage(page);
  await chart.expectPatient(`${firstName} Contactova`);
  return { app, chart };
}

const contactsOf = async (firstName: string) =>
  (await bridge.client.call('chart.open', { patientId: ids[firstName]! })).contacts;

test('an impossible value is refused, an unusual one confirmed, BP typed 128/82, and Enter never saves', async ({
  page,
}) => {
  await page.goto(host.url);
  const { chart } = await openChart(page, 'Anna');
  await chart.newContact();
  const editor = new ContactEditorPage(page);
  await editor.fill({
    descr: 'Fever',
    bloodPressure: '128/82',
    heartRate: '250',
    temperature: '373',
    weight: '80',
    height: '180',
  });
  await expect(editor.form.locator('output')).toHaveText('24.7 kg/m²');

  // Enter in a field moves nothing and saves nothing.
  await editor.field('Temperature (°C)').press('Enter');
  await page.waitForTimeout(500);
  await expect(editor.form).toBeVisible();
  expect(await contactsOf('Anna')).toHaveLength(0);

  // Every error on the first submit, beside its field; the first one has the focus.
  await editor.save();
  await editor.expectFieldError('Heart rate (/min)', /unusual value \(expected 40–180 \/min\)/);
  await editor.expectFieldError('Temperature (°C)', /impossible: it must be between 30 and 45 °C/);
  await expect(editor.field('Heart rate (/min)')).toBeFocused();
  expect(await contactsOf('Anna')).toHaveLength(0);

  // Confirming does not let an impossible value through.
  await editor.form.getByLabel('This heart rate value is right').check();
  await editor.save();
  await editor.expectFieldError('Temperature (°C)', /impossible/);
  expect(await contactsOf('Anna')).toHaveLength(0);

  // Fixed and confirmed: Ctrl+S saves from the keyboard.
  await editor.field('Temperature (°C)').fill('37.2');
  await editor.field('Temperature (°C)').press('Control+s');
  await expect(editor.form).toBeHidden();
  const contact = chart.contact(0);
  await expect(contact.locator('.service', { hasText: 'Blood pressure systolic' })).toContainText('128 mmHg');
  await expect(contact.locator('.service', { hasText: 'Blood pressure diastolic' })).toContainText('82 mmHg');
  await expect(contact.locator('.service', { hasText: 'Heart rate' })).toContainText('250 /min');
  await expect(contact.locator('.service', { hasText: 'Temperature' })).toContainText('37.2 °C');
  expect(await contactsOf('Anna')).toHaveLength(1);
});

test('a contact is corrected with its earlier value kept in the history, and a fact marked entered in error', async ({
  page,
}) => {
  await page.goto(host.url);
  const { chart } = await openChart(page, 'Anna');
  const contact = chart.contact(0);
  await contact.getByRole('button', { name: /^Edit contact / }).click();
  const editor = new ContactEditorPage(page);
  await expect(editor.form).toHaveAccessibleName(/^Correct contact of /);
  await expect(editor.field('Blood pressure (mmHg)')).toHaveValue('128/82');
  await expect(editor.field('Heart rate (/min)')).toHaveValue('250');
  await editor.field('Blood pressure (mmHg)').fill('138/84');
  await editor.save();
  await expect(editor.form).toBeHidden();
  await expect(contact.locator('.service', { hasText: 'Blood pressure systolic' })).toContainText('138 mmHg');
  const [stored] = await contactsOf('Anna');
  expect(stored?.doc._rev).toMatch(/^2-/);

  // The history lists both revisions, the earlier value still readable.
  await contact.getByRole('button', { name: /^History of contact / }).click();
  const revisions = page.getByRole('list', { name: 'Revisions' }).getByRole('listitem', { name: /^Version \d+$/ });
  await expect(revisions).toHaveCount(2);
  await expect(revisions.first()).toContainText('128');
  await expect(revisions.first()).toContainText('138');
  await page.getByRole('button', { name: 'Back to the chart' }).click();

  // The weight was another patient's: marked entered in error, kept and struck out.
  await contact.getByRole('button', { name: 'Mark Weight as entered in error' }).click();
  await contact.getByLabel('Why (optional)').fill('other patient');
  await contact.getByRole('button', { name: 'Mark as entered in error' }).click();
  const weight = contact.locator('.service', { hasText: 'Weight' });
  await expect(weight).toHaveClass(/service-in-error/);
  await expect(weight.locator('s')).toHaveText(['Weight', '80 kg']);
  await expect(weight).toContainText('reason: other patient');
  const services = (await contactsOf('Anna'))[0]?.doc.services as Array<Record<string, unknown>>;
  expect(services.find((s) => s.label === 'Weight')).toMatchObject({ enteredInError: { reason: 'other patient' } });
});

test('leaving a changed form asks first, and a reload brings the draft back', async ({ page }) => {
  const dialogs: string[] = [];
  let answer: 'accept' | 'dismiss' = 'dismiss';
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    // The page's own question is answered as the test says; the browser's reload prompt is accepted.
    void (d.type() === 'beforeunload' || answer === 'accept' ? d.accept() : d.dismiss());
  });
  await page.goto(host.url);
  const { app, chart } = await openChart(page, 'Berta');
  await chart.newContact();
  const editor = new ContactEditorPage(page);
  await editor.fill({ descr: 'Cough since Monday', bloodPressure: '121/79' });

  // Escape and a click on another patient both ask; staying keeps everything typed.
  await editor.field('Reason for contact').press('Escape');
  await expect.poll(() => dialogs).toEqual(['confirm']);
  await app.option(/CONTACTOVA, Clara/).click();
  await expect.poll(() => dialogs).toEqual(['confirm', 'confirm']);
  await expect(editor.form).toBeVisible();
  await expect(editor.field('Reason for contact')).toHaveValue('Cough since Monday');

  // The core keeps the draft: a reload (the page is gone, as after a crash) brings it back.
  await expect(editor.form.getByText('Draft kept on this workstation.')).toBeVisible();
  await page.reload();
  await openChart(page, 'Berta');
  await chart.newContact();
  await expect(editor.field('Reason for contact')).toHaveValue('Cough since Monday');
  await expect(editor.field('Blood pressure (mmHg)')).toHaveValue('121/79');
  await expect(editor.form.getByRole('status').filter({ hasText: /Restored what you typed/ })).toBeVisible();
  expect(await contactsOf('Berta')).toHaveLength(0);

  // Leaving on purpose discards the draft: the next new contact starts empty.
  answer = 'accept';
  await editor.form.getByRole('button', { name: 'Cancel' }).click();
  await chart.expectPatient('Berta Contactova');
  await chart.newContact();
  await expect(editor.field('Reason for contact')).toHaveValue('');
  await page.waitForTimeout(600);
  await expect(editor.field('Reason for contact')).toHaveValue('');
});

test('a save without an answer says so and keeps the input; once the core is back, saving again makes no second contact', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  const { chart } = await openChart(page, 'Clara');
  await chart.newContact();
  const editor = new ContactEditorPage(page);
  await editor.fill({ descr: 'Dizziness', bloodPressure: '110/70' });
  // The core stops answering (the process is frozen, its socket still open).
  host.process.kill('SIGSTOP');
  try {
    await editor.save();
    await expect(editor.form.getByRole('button', { name: 'Saving…' })).toBeVisible();
    await expect(editor.form.getByRole('alert')).toContainText('No answer from the workstation within 8 seconds', {
      timeout: 15_000,
    });
    await expect(editor.field('Reason for contact')).toBeEnabled();
    await expect(editor.field('Reason for contact')).toHaveValue('Dizziness');
    await expect(editor.field('Blood pressure (mmHg)')).toHaveValue('110/70');
  } finally {
    host.process.kill('SIGCONT');
  }
  // Back: the first save went through late. Saving again finds it rather than making a second one.
  await expect.poll(async () => (await contactsOf('Clara')).length).toBe(1);
  await editor.field('Reason for contact').fill('Dizziness when standing');
  await editor.save();
  await expect(editor.form.getByRole('alert')).toContainText('This contact had been saved after all');
  await editor.save();
  await expect(editor.form).toBeHidden();
  await expect(chart.contact(0)).toContainText('Dizziness when standing');
  const contacts = await contactsOf('Clara');
  expect(contacts).toHaveLength(1);
  expect(contacts[0]?.doc._rev).toMatch(/^2-/);
});
