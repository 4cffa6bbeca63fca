// The UI's languages end to end in Chromium against a real browser host: the header's picker
// switches the whole UI at once to French or Dutch (the page's lang attribute follows), no
// string is left in English on the screens a clinician reaches (the list, a chart, the sync
// panel, the connection settings) and no key is missing; the choice survives a reload. And the
// status bar stays one line at 1024×700 in every language, with its longest texts showing; the
// sample records kept on the workstation are said in every language, one count in bar and panel.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from 'playwright/test';
import { writeConflictedPatient } from '../electron/testing/make-conflict';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

let dataDir = '';
let host: RunningHost | undefined;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-languages-'));
  await writeConflictedPatient(dataDir);
  host = await startHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const TITLES = { en: 'Clinic Workstation', fr: 'Poste de travail clinique', nl: 'Praktijkwerkstation' } as const;
type Lang = keyof typeof TITLES;

/**
 * English that must not be seen once the UI is in French or Dutch, per screen. Whole words,
 * case-sensitive, and none that is also French or Dutch ("Server", "Contacts", "Status", "patients").
 */
const ENGLISH = {
  header: [
    'Connection settings',
    'Language',
    'Connected',
    'User',
    'Workstation',
    'No conflicts',
    'not set up',
    'Local clinician',
  ],
  list: ['Search patients', 'New patient', 'Load sample patients', 'Choose a patient', 'Patient list', 'matching'],
  chart: ['Date of birth', 'Gender', 'New contact', 'Add health element', 'Health elements', 'History', 'Edit'],
  syncPanel: [
    'Sync with the practice server',
    'Waiting to go up',
    'Last successful sync',
    'Last error',
    'Not accepted by the server',
    'Not stored here',
    'Sync now',
    'Export diagnostics',
    'Flagged records',
    'Recent sync events',
    'No events yet',
    'Close',
    'None',
  ],
  emptyOffer: ['There are no patients', 'Load sample patients', 'synthetic patients', 'Could not load'],
  settings: [
    'Practice server',
    'Server URL',
    'Practice database',
    'User name',
    'Password',
    'Enabled',
    'Test connection',
    'Save and connect',
    'Cancel',
    'enter the server address',
    'Some fields need attention',
  ],
} as const;

/** Everything a person sees or hears: the visible text and the names, tooltips and placeholders. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText, document.title];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) parts.push(el.getAttribute(a) ?? '');
    // An open <dialog> is in the top layer; its text is in body.innerText too.
    return parts.join('\n');
  });
}

async function expectNoEnglish(page: Page, screen: keyof typeof ENGLISH): Promise<void> {
  const text = await shownText(page);
  const found = ENGLISH[screen].filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'u').test(text));
  expect(found, `English left on the ${screen}`).toEqual([]);
  const missing = await page.evaluate(() => (window as { __cwMissingKeys?: string[] }).__cwMissingKeys ?? []);
  expect(missing, `translation keys missing on the ${screen}`).toEqual([]);
}

/** Sync set up (in English) against an address where nothing answers: the engine runs, offline. */
async function configureUnreachable(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Connection settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Connection settings' });
  await settings.getByLabel('Server URL', { exact: true }).fill('http://127.0.0.1:9');
  await settings.getByLabel('User name', { exact: true }).fill('a-rather-long-user-name');
  await settings.getByLabel('Password', { exact: true }).fill('pw');
  await settings.getByRole('button', { name: 'Save and connect' }).click();
  await expect(settings).toBeHidden();
  await expect(page.locator('[data-slot="sync"]')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
}

function picker(page: Page) {
  return new WorkstationPage(page).languagePicker;
}

async function openIn(page: Page, lang: Lang): Promise<void> {
  const app = new WorkstationPage(page);
  await app.open(host!.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await picker(page).selectOption(lang);
  // At once: no reload, the heading and the page's language follow.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES[lang]);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(picker(page)).toHaveValue(lang);
}

for (const lang of ['fr', 'nl'] as const) {
  test.describe(`in ${lang === 'fr' ? 'French' : 'Dutch'}`, () => {
    test('the header, status bar and patient list', async ({ page }) => {
      await openIn(page, lang);
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
      await expectNoEnglish(page, 'header');
      await expectNoEnglish(page, 'list');
    });

    test('a chart', async ({ page }) => {
      await openIn(page, lang);
      await page.getByRole('listbox').getByRole('option').first().click();
      await expect(page.getByRole('article')).toBeVisible();
      await expectNoEnglish(page, 'chart');
    });

    test('the sync panel and the connection settings', async ({ page }) => {
      await openIn(page, lang);
      await page.locator('[data-slot="sync"] button').click();
      const panel = page.getByRole('dialog');
      await expect(panel).toBeVisible();
      await expect(panel.locator('.sync-flagged, p.muted').first()).toBeVisible();
      await expectNoEnglish(page, 'syncPanel');
      await page.keyboard.press('Escape');
      await expect(panel).toBeHidden();

      await page.getByRole('banner').locator('.sync-header-button').click();
      const settings = page.getByRole('dialog');
      await expect(settings.locator('input').first()).toBeFocused();
      await expectNoEnglish(page, 'settings');
      // The core's refusal, worded by the form in the user's language.
      await settings.locator('input').first().fill('ftp://nowhere');
      await settings.locator('button[type="submit"]').click();
      await expect(settings.locator('input').first()).toHaveAttribute('aria-invalid', 'true');
      await expectNoEnglish(page, 'settings');
    });

    test('the choice survives a reload', async ({ page }) => {
      await openIn(page, lang);
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES[lang]);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(picker(page)).toHaveValue(lang);
      // And back to English the same way.
      await picker(page).selectOption('en');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES.en);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    });
  });
}

// The conflicts screens are translated by their owners; here only that no key is missing there.
for (const lang of ['fr', 'nl'] as const) {
  test(`the conflicts inbox and the merge screen have every key in ${lang}`, async ({ page }) => {
    await openIn(page, lang);
    await page.locator('.conflict-count').click();
    const inbox = page.locator('.detail-pane').getByRole('listbox');
    await inbox.getByRole('option').first().click();
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await expect(page.getByRole('radio').first()).toBeVisible();
    const missing = await page.evaluate(() => (window as { __cwMissingKeys?: string[] }).__cwMissingKeys ?? []);
    expect(missing, 'translation keys missing on the conflicts screens').toEqual([]);
  });
}

test.describe('at 1024×700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('the status bar is one line in every language, offline with a countdown and a conflict', async ({ page }) => {
    const app = new WorkstationPage(page);
    await app.open(host!.url);
    // A server that never answers: the longest state ("Offline since … — retrying in …s").
    await configureUnreachable(page);
    const slot = page.locator('[data-slot="sync"]');
    await expect(slot).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    const bar = page.locator('footer.status-bar');
    for (const lang of ['en', 'fr', 'nl'] as const) {
      await picker(page).selectOption(lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLES[lang]);
      await expect(bar.locator('.conflict-count')).toHaveAttribute('data-count', '1');
      const box = await bar.boundingBox();
      expect(box, 'the status bar is on screen').not.toBeNull();
      expect(box!.height, `status bar height in ${lang}`).toBeLessThan(40);
      expect(box!.y + box!.height, `status bar at the bottom in ${lang}`).toBeLessThanOrEqual(700);
      // The state itself is never cut: the headline shows whole.
      const head = slot.locator('.sync-headline');
      expect(await head.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `headline whole in ${lang}`).toBe(true);
    }
  });
});

test('the sample records kept on this workstation are counted the same in the bar and the panel, in every language', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-languages-samples-'));
  const samplesHost = await startHost(dir);
  try {
    const app = new WorkstationPage(page);
    await app.open(samplesHost.url);
    // The empty workstation's offer in French, and the samples loaded from there.
    await app.setLanguage('fr');
    await expect(page.getByText("Il n'y a encore aucun patient sur ce poste.")).toBeVisible();
    await expectNoEnglish(page, 'emptyOffer');
    await page.getByRole('button', { name: 'Charger des patients exemples' }).click();
    await app.setLanguage('en');
    await expect(app.count).toHaveText('200 patients', { timeout: 60_000 });
    await configureUnreachable(page);
    const slot = page.locator('[data-slot="sync"]');
    const words = {
      en: [/([\d,]+) samples kept here/, /([\d,]+) sample records stay on this workstation/],
      fr: [/([\d\u202f]+) exemples gardés ici/, /([\d\u202f]+) enregistrements d'exemple restent sur ce poste/],
      nl: [/([\d.]+) voorbeelden blijven hier/, /([\d.]+) voorbeeldrecords blijven op dit werkstation/],
    } as const;
    for (const lang of ['en', 'fr', 'nl'] as const) {
      await app.setLanguage(lang);
      const [short, long] = words[lang];
      await expect(slot.locator('button')).toContainText(short, { timeout: 30_000 });
      const inBar = short.exec((await slot.locator('button').textContent()) ?? '')?.[1] ?? '';
      await slot.locator('button').click();
      const inPanel = page.getByTestId('sync-panel-local-only');
      await expect(inPanel).toHaveText(long);
      const inPanelCount = long.exec((await inPanel.textContent()) ?? '')?.[1] ?? '';
      expect(inBar.replace(/\D/g, ''), `one count in ${lang}`).toBe(inPanelCount.replace(/\D/g, ''));
      expect(Number(inBar.replace(/\D/g, '')), 'every sample patient has records').toBeGreaterThan(200);
      await page.keyboard.press('Escape');
    }
  } finally {
    await samplesHost.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
