// Sign-in, idle lock, Ctrl+L, unlock and switch user in Chromium against a real browser host, two
// people seeded on the workstation (they sign in offline): after the lock nothing of the patient
// is in the page, neither in the DOM text nor in the JS heap (a CDP heap snapshot after a GC);
// bob, switched in, opens alice's patient (a nurse, he sees his own access only); alice, back, sees
// both in "Who opened this chart". axe checks the sign-in and lock screens.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import type { TestPerson } from '../electron/testing/people';
import { ChartPage } from './pages/ChartPage';
import { PatientFormPage } from './pages/PatientFormPage';
import { SignInPage } from './pages/SignInPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';
import { expectAccessible } from './support/axe';

const alice: TestPerson = { username: 'alice', password: 'alice-password-1', role: 'doctor' };
const bob: TestPerson = { username: 'bob', password: 'bob-password-1', role: 'nurse' };
// Only for the wait after repeated failures (it would hold up alice or bob for 30 s).
const carol: TestPerson = { username: 'carol', password: 'carol-password-1', role: 'secretary' };
// Unique, so finding it anywhere means it came from this patient.
const lastName = `Quillfeather${process.pid}x${Date.now().toString(36)}`;
const firstName = 'Ysolde';
const needle = lastName.toLowerCase();

let dataDir = '';
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-session-'));
  host = await startHost(dataDir, { people: [alice, bob, carol], env: { CLINIC_IDLE_LOCK_SECONDS: '5' } });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every string in the page's JS heap after a full GC, as the snapshot's JSON text. */
async function heapText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

/**
 * "Who opened this chart" lists each [person, role]. Entries are written in batches (within 200 ms)
 * and the dialog reads once: reopened until they are there, moving the pointer meanwhile (the 5 s
 * idle lock would strike while waiting).
 */
async function expectWhoOpened(page: Page, people: [string, string][]): Promise<void> {
  const who = page.getByRole('button', { name: 'Who opened this chart' });
  const dialog = page.getByRole('dialog', { name: 'Who opened this chart' });
  await expect(async () => {
    await page.mouse.move(5, 5);
    if (await dialog.isVisible()) await page.keyboard.press('Escape');
    await who.click();
    for (const [name, role] of people) {
      await expect(dialog.getByRole('row').filter({ hasText: name }).first()).toContainText(role, { timeout: 1000 });
    }
  }).toPass({ timeout: 10_000 });
}

test('the sign-in and lock screens pass axe', async ({ page }) => {
  const session = new SignInPage(page);
  await page.goto(host.url);
  await expect(session.form).toBeVisible();
  await expectAccessible(page, 'sign-in screen');
  // No practice server set up yet: the IT person can set it up from here.
  await page.getByRole('button', { name: 'Set up the practice server' }).click();
  const settings = page.getByRole('dialog', { name: 'Connection settings' });
  await expect(settings).toBeVisible();
  await expectAccessible(page, 'connection settings over the sign-in screen');
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  // The language picker works before anyone signs in.
  const app = new WorkstationPage(page);
  await app.setLanguage('fr');
  await expect(page.getByRole('form', { name: 'Connexion' }).getByLabel('Nom d’utilisateur')).toBeVisible();
  await expectAccessible(page, 'sign-in screen in French');
  await app.setLanguage('en');
  // A refusal on screen too (the message is tied to the password box).
  await session.signIn(bob.username, 'not-his-password');
  await expect(session.refused).toContainText('Wrong user name or password.');
  await expectAccessible(page, 'sign-in screen with a refusal');
  await session.signIn(bob.username, bob.password);
  await session.expectSignedIn(bob.username, 'Nurse');
  await page.keyboard.press('Control+L');
  await session.expectLockedBy(bob.username);
  await expectAccessible(page, 'lock screen');
  await session.switchUser.click();
  await expect(session.form).toBeVisible();
  await expectAccessible(page, 'switch user screen');
});

test('after five wrong passwords the form waits, counting down, with the inputs disabled', async ({ page }) => {
  const session = new SignInPage(page);
  // From bob's lock screen: the switch signs him out before the password is checked, and the
  // refusal still stays on screen.
  await session.openSignedOut(host.url);
  for (let i = 4; i >= 1; i--) {
    await session.signIn(carol.username, `wrong-${i}`);
    await expect(session.refused).toContainText(`${i} attempt${i === 1 ? '' : 's'} left before a wait.`);
  }
  await session.signIn(carol.username, 'wrong-0');
  await expect(session.refused).toContainText('Please wait before trying again.');
  const wait = page.getByText(/^You can try again in \d+ s\.$/);
  await expect(wait).toBeVisible();
  await expect(session.password).toBeDisabled();
  await expect(session.submit).toBeDisabled();
  const first = await wait.textContent();
  await expect(wait).not.toHaveText(first ?? '', { timeout: 3000 }); // it counts down
  await expectAccessible(page, 'sign-in screen during a wait');
});

test('idle lock leaves nothing of the patient; Ctrl+L; unlock; switch user; who opened lists both', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const session = new SignInPage(page);
  // Whoever the last test left locked is signed out by this sign-in.
  await session.openSignedOut(host.url);
  await session.signIn(alice.username, alice.password);
  await session.expectSignedIn(alice.username, 'Doctor');

  const app = new WorkstationPage(page);
  await app.newPatientButton.click();
  const form = new PatientFormPage(page);
  await form.fill({ firstName, lastName, dateOfBirth: '1975-03-14', gender: 'female' });
  await form.save.click();
  await new ChartPage(page).expectPatient(`${firstName} ${lastName}`);
  expect(await page.title()).toContain(lastName);
  // The check can fail: while the chart is open the snapshot holds her name.
  expect((await heapText(page)).toLowerCase()).toContain(needle);

  // Hands off: 5 s without keyboard or pointer lock the screen.
  await session.expectLockedBy(alice.username);
  // In any case: the list shows it in capitals.
  await expect(page.locator('body')).not.toContainText(lastName, { ignoreCase: true });
  expect((await page.content()).toLowerCase()).not.toContain(needle);
  expect(await page.title()).not.toContain(lastName);
  const heap = await heapText(page);
  expect(heap.length).toBeGreaterThan(100_000); // a real snapshot, not an empty answer
  expect(heap).toContain('Locked by'); // it holds the page's strings…
  expect(heap.toLowerCase().includes(needle), 'the patient’s name is still in the JS heap').toBe(false); // …but not hers

  // A wrong password, then the right one.
  await session.unlockWith('not-alices-password');
  await expect(session.refused).toContainText('Wrong password.');
  await expect(session.refused).toContainText(/attempts? left/);
  await session.unlockWith(alice.password);
  await session.expectSignedIn(alice.username, 'Doctor');

  // Ctrl+L locks from inside a text field too, and what was typed there is saved as a draft first:
  // pressed at once, before the form's own autosave delay (400 ms), so only the flush can keep it.
  await app.newPatientButton.click();
  const draft = new PatientFormPage(page);
  await draft.field('First name').fill('Draftkept');
  await page.keyboard.press('Control+L');
  await session.expectLockedBy(alice.username);
  await expect(page.locator('body')).not.toContainText('Draftkept');
  await session.unlockWith(alice.password);
  await session.expectSignedIn(alice.username, 'Doctor');
  await app.newPatientButton.click();
  await expect(draft.field('First name')).toHaveValue('Draftkept');
  await page.keyboard.press('Control+L');
  await session.expectLockedBy(alice.username);

  // Switch user: bob signs in (alice is signed out) and opens her patient.
  await session.switchUser.click();
  await session.signIn(bob.username, bob.password);
  await session.expectSignedIn(bob.username, 'Nurse');
  await app.searchFor(lastName);
  await app.option(new RegExp(lastName, 'i')).click();
  await new ChartPage(page).expectPatient(`${firstName} ${lastName}`);

  // A nurse sees her own entries only (shared/auth/roles: access logs are a doctor's to read).
  await expectWhoOpened(page, [[bob.username, 'Nurse']]);
  await expect(page.getByRole('dialog').getByRole('row').filter({ hasText: alice.username })).toHaveCount(0);

  // Back to alice (a doctor): she sees both.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+L');
  await session.expectLockedBy(bob.username);
  await session.switchUser.click();
  await session.signIn(alice.username, alice.password);
  await session.expectSignedIn(alice.username, 'Doctor');
  await app.searchFor(lastName);
  await app.option(new RegExp(lastName, 'i')).click();
  await new ChartPage(page).expectPatient(`${firstName} ${lastName}`);
  await expectWhoOpened(page, [
    [bob.username, 'Nurse'],
    [alice.username, 'Doctor'],
  ]);
});
