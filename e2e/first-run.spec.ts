// A fresh workstation (nobody seeded, no practice server) in Chromium: the sign-in screen offers
// "Set up this workstation" above the sign-in form; a short or mismatched password is said under
// its field (English and French, by keyboard); creating the account opens the workstation as its
// doctor; signed out, the set-up is no longer offered and the account signs in like anyone known.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import { SignInPage } from './pages/SignInPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';
import { expectAccessible } from './support/axe';

const owner = { username: 'dr-owner', password: 'lantern-and-ferns-8' };

let dataDir = '';
let host: RunningHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-first-run-'));
  host = await startHost(dataDir, { people: [] });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function setUpForm(page: Page) {
  const form = page.getByRole('form', { name: 'Set up this workstation' });
  return {
    form,
    username: form.getByLabel('User name'),
    password: form.getByLabel('Password', { exact: true }),
    repeat: form.getByLabel('Repeat password'),
    submit: form.getByRole('button', { name: 'Create account and sign in' }),
  };
}

test('a fresh workstation offers to set it up; problems are said under their field; the account opens it', async ({
  page,
}) => {
  const session = new SignInPage(page);
  const setUp = setUpForm(page);
  await page.goto(host.url);
  await expect(setUp.form).toBeVisible();
  await expect(setUp.form.getByRole('heading', { name: 'Set up this workstation' })).toBeVisible();
  await expect(setUp.form).toContainText('no practice server is set up');
  // Above the usual sign-in and the connection settings offer, which stay.
  await expect(session.form).toBeVisible();
  await expect(page.getByRole('button', { name: 'Set up the practice server' })).toBeVisible();
  const [a, b] = [await setUp.form.boundingBox(), await session.form.boundingBox()];
  expect(a!.y).toBeLessThan(b!.y);
  await expectAccessible(page, 'set-up form');

  // By keyboard: the user name has the focus; Tab to each password box; Enter sends.
  await expect(setUp.username).toBeFocused();
  await page.keyboard.type(owner.username);
  await page.keyboard.press('Tab');
  await expect(setUp.password).toBeFocused();
  await page.keyboard.type('short');
  await page.keyboard.press('Tab');
  await expect(setUp.repeat).toBeFocused();
  await page.keyboard.type('short');
  await page.keyboard.press('Enter');
  await expect(setUp.form.getByRole('alert').filter({ hasText: 'at least 8 characters' })).toBeVisible();
  await expect(setUp.password).toBeFocused();
  await expect(setUp.password).toHaveAttribute('aria-invalid', 'true');

  await setUp.password.fill(owner.password);
  await setUp.repeat.fill(`${owner.password}x`);
  await page.keyboard.press('Enter');
  const mismatch = setUp.form.getByText('The two passwords are not the same.');
  await expect(mismatch).toBeVisible();
  await expect(setUp.repeat).toBeFocused();
  await expect(setUp.repeat).toHaveAccessibleDescription('The two passwords are not the same.');
  await expectAccessible(page, 'set-up form with a mismatch');

  // The same in French.
  const app = new WorkstationPage(page);
  await app.setLanguage('fr');
  const fr = page.getByRole('form', { name: 'Configurer ce poste de travail' });
  await expect(fr.getByText('Les deux mots de passe ne sont pas identiques.')).toBeVisible();
  await expect(fr.getByLabel('Répéter le mot de passe')).toBeVisible();
  await expectAccessible(page, 'set-up form in French');
  await app.setLanguage('en');

  await setUp.repeat.fill(owner.password);
  await setUp.submit.click();
  await expect(app.status).toBeVisible();
  await expect(app.status).toContainText('Connected');
  await session.expectSignedIn(owner.username, 'Doctor');
});

test('signed out, the set-up is no longer offered, and the account signs in again', async ({ page }) => {
  const session = new SignInPage(page);
  const app = new WorkstationPage(page);
  // The core kept the session across the page load.
  await page.goto(host.url);
  await session.expectSignedIn(owner.username, 'Doctor');
  await session.signOutButton.click();
  await expect(session.form).toBeVisible();
  // The connection settings offer is asked alongside the set-up's availability: once it shows, both answered.
  await expect(page.getByRole('button', { name: 'Set up the practice server' })).toBeVisible();
  await expect(setUpForm(page).form).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Set up the practice server' })).toBeVisible();
  await expect(setUpForm(page).form).toHaveCount(0);

  await session.signIn(owner.username, 'not-the-password');
  await expect(session.refused).toContainText('Wrong user name or password.');
  await app.signIn(owner);
  await session.expectSignedIn(owner.username, 'Doctor');
  await expect(app.status).toBeVisible();
});
