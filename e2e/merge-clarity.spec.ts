// A clearer merge (issue 10), end to end across real sync: alice and bob edit the same patient
// while the network is cut (alice a phone number and a note "Allergic to latex.", bob the same
// phone number and then the street, so bob's revision is the one CouchDB picks). On alice's
// workstation her own version is still "your version"; the chart says what the hidden version
// holds next to the badge; the merge screen shows no id anywhere, its notice covers no action; the
// history says in words who changed what on which workstation. axe finds nothing on the inbox and
// the merge screen. CW_SCREENSHOTS=1 saves the merge screen to docs/screenshots/merge.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from 'playwright/test';
import { ChartPage } from './pages/ChartPage';
import { ConflictStatus, HistoryPage, conflictHint, type MergePage } from './pages/conflicts';
import { PatientFormPage } from './pages/PatientFormPage';
import { SyncPage } from './pages/SyncPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { useWorkstationPair } from './support/pair';

const ALICE = { username: 'alice', password: 'alice-pw-3Kd8' };
const BOB = { username: 'bob', password: 'bob-pw-6Tm1' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const pair = useWorkstationPair('clarity', [ALICE, BOB]);
const { proxies, hosts, contexts } = pair;

test.describe.configure({ timeout: 180_000 });

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function openPatient(page: Page, app: WorkstationPage): Promise<ChartPage> {
  await app.searchFor('clarity');
  await app.option(/CLARITY, Marie/).click();
  const chart = new ChartPage(page);
  await expect(chart.chart).toBeVisible();
  return chart;
}

async function editPatient(page: Page, edit: (form: PatientFormPage, address: Locator) => Promise<void>) {
  await page.getByRole('button', { name: 'Edit patient' }).click();
  const form = new PatientFormPage(page);
  await edit(form, form.form.getByRole('group', { name: 'Address 1' }));
  await form.save.click();
  await expect(form.save).toHaveCount(0);
}

/** Two boxes share no pixel. */
function apart(a: { x: number; y: number; width: number; height: number } | null, b: typeof a): boolean {
  if (!a || !b) return true;
  return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
}

test("alice's own version is hers on her workstation though bob's won; no id on screen; history in words", async ({
  browser,
}) => {
  const [ctxA, ctxB] = await Promise.all([
    browser.newContext({ viewport: { width: 1280, height: 800 } }),
    browser.newContext(),
  ]);
  contexts.push(ctxA, ctxB);
  const [pageA, pageB] = await Promise.all([ctxA.newPage(), ctxB.newPage()]);
  const appA = new WorkstationPage(pageA);
  const appB = new WorkstationPage(pageB);
  await appA.open(hosts[0]!.url);
  await appB.open(hosts[1]!.url);
  await new SyncPage(pageA).configure({ serverUrl: proxies[0]!.url, db: pair.practice().db, ...ALICE });
  await new SyncPage(pageB).configure({ serverUrl: proxies[1]!.url, db: pair.practice().db, ...BOB });

  // Alice records the patient with a home address and a mobile number; bob receives it.
  await appA.newPatientButton.click();
  const formA = new PatientFormPage(pageA);
  await formA.fill({
    firstName: 'Marie',
    lastName: 'Clarity',
    dateOfBirth: '1971-04-02',
    gender: 'female',
    address: {
      street: 'Rue Haute',
      houseNumber: '5',
      postalCode: '1000',
      city: 'Bruxelles',
      country: 'BE',
      telecom: { type: 'mobile', number: '+32 470 00 00 00' },
    },
  });
  await formA.save.click();
  await expect(pageA.getByRole('heading', { name: /Marie Clarity/ })).toBeVisible();
  await expect(appB.option(/CLARITY, Marie/)).toBeVisible({ timeout: 20_000 });

  // Cut apart, each edits: alice once, bob twice (his revision is then the longer one, the winner).
  await proxies[0]!.setMode('refuse');
  await proxies[1]!.setMode('refuse');
  await new SyncPage(pageA).expectState('offline', 30_000);
  await new SyncPage(pageB).expectState('offline', 30_000);
  await editPatient(pageA, async (form, address) => {
    await address.getByLabel('Telecom 1 number or address').fill('+32 470 11 11 11');
    await form.field('Note').fill('Allergic to latex.');
  });
  await openPatient(pageB, appB);
  await editPatient(pageB, (_form, address) =>
    address.getByLabel('Telecom 1 number or address').fill('+32 470 22 22 22'),
  );
  await editPatient(pageB, (_form, address) => address.getByLabel('Street').fill('Boulevard Neuf'));

  await proxies[0]!.setMode('pass');
  await proxies[1]!.setMode('pass');
  const statusA = new ConflictStatus(pageA);
  await statusA.expectCount(1);
  await new ConflictStatus(pageB).expectCount(1);

  // The charts show bob's revision; beside the badge, what the hidden version holds.
  const chartA = await openPatient(pageA, appA);
  await expect(chartA.chart.getByText(/Boulevard Neuf 5/)).toBeVisible();
  await expect(chartA.chart.getByRole('button', { name: /1 conflict to merge/ })).toBeVisible();
  await expect(conflictHint(pageA)).toContainText("Note: 'Allergic to latex.' in your version");
  await expect(conflictHint(pageA)).toContainText('+32 470 11 11 11');
  await openPatient(pageB, appB);
  await expect(conflictHint(pageB)).toContainText("Note: 'Allergic to latex.' in alice's version");

  // The inbox names the versions the same way, and passes axe.
  const inbox = await statusA.openInbox();
  const entry = inbox.entry(/^Patient CLARITY Marie/);
  await expect(entry).toHaveAccessibleDescription(
    /bob's version bob, workstation .*your version alice, this workstation/,
  );
  expect(await violations(pageA), 'axe on the inbox').toEqual([]);

  const merge = await inbox.openByKeyboard(/^Patient CLARITY Marie/);
  await expectMergeScreen(pageA, merge);
  expect(await violations(pageA), 'axe on the merge screen').toEqual([]);
  if (process.env.CW_SCREENSHOTS === '1') {
    const file = path.resolve(import.meta.dirname, '../docs/screenshots/merge.png');
    mkdirSync(path.dirname(file), { recursive: true });
    await pageA.locator('.detail-pane').evaluate((e) => e.scrollTo(0, 0));
    await pageA.screenshot({ path: file });
  }

  // The same screen in French and Dutch: the versions named the same way, every key translated.
  for (const [lang, yours, bobs, toChoose] of [
    ['fr', 'votre version', 'la version de bob', 'Reste à choisir'],
    ['nl', 'uw versie', 'de versie van bob', 'Nog te kiezen'],
  ] as const) {
    await appA.setLanguage(lang);
    await expect(pageA.getByRole('rowheader', { name: new RegExp(`^${yours}`) })).toContainText(yours);
    await expect(pageA.getByRole('rowheader', { name: new RegExp(`^${bobs}`) })).toBeVisible();
    await expect(pageA.getByText(toChoose)).toBeVisible();
  }
  await appA.setLanguage('en');
  expect(await pageA.evaluate(() => (window as { __cwMissingKeys?: string[] }).__cwMissingKeys ?? [])).toEqual([]);

  // Alice keeps her number; her note and bob's street are pre-selected.
  await merge.choose(/^Number/, /^your version: \+32 470 11 11 11/);
  await expect(merge.previewValue('Note')).toHaveText('Allergic to latex.');
  await expect(merge.previewValue('Addresses')).toHaveText(
    'Home: Boulevard Neuf 5, 1000 Bruxelles, BE — mobile +32 470 11 11 11',
  );
  await expect(merge.save).toBeEnabled();
  await merge.save.click();
  await statusA.expectCount(0);
  await expect(chartA.chart.getByText('mobile: +32 470 11 11 11')).toBeVisible();
  await expect(conflictHint(pageA)).toHaveCount(0);

  await expectHistory(pageA);
  await appA.setLanguage('fr');
  await expect(pageA.getByRole('list', { name: 'Révisions' }).getByRole('listitem').first()).toContainText(
    'Numéro de téléphone modifié de +32 470 22 22 22 en +32 470 11 11 11',
  );
  await appA.setLanguage('nl');
  await expect(pageA.getByRole('list', { name: 'Revisies' }).getByRole('listitem').first()).toContainText(
    'bewaard door alice op dit werkstation',
  );
  expect(await pageA.evaluate(() => (window as { __cwMissingKeys?: string[] }).__cwMissingKeys ?? [])).toEqual([]);
});

async function expectMergeScreen(page: Page, merge: MergePage): Promise<void> {
  // Labelled by who saved it, not by which revision won: bob's is the one shown until now.
  await expect(merge.versionRow(/^your version/)).toContainText('alice, this workstation');
  await expect(merge.versionRow(/^your version/)).toContainText('hidden version');
  await expect(merge.versionRow(/^bob's version/)).toContainText(/bob, workstation [0-9a-f]{4}…/);
  await expect(merge.versionRow(/^bob's version/)).toContainText('shown until now');
  await expect(page.getByText(/\bmine\b|\btheirs\b/)).toHaveCount(0);

  // The phone number both changed is asked for by its address and number, not by ids.
  await merge.expectNeedsChoice(/^Number/);
  await expect(merge.stillToChoose).toHaveText([
    'Home: Boulevard Neuf 5, 1000 Bruxelles, BE › mobile +32 470 22 22 22 › Number',
  ]);
  await merge.expectChosen(/^Note/, /^your version: Allergic to latex\./);
  await merge.expectChosen(/^Street/, /^bob's version: Boulevard Neuf/);
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(UUID);
  expect(text).not.toMatch(/responsible/i);

  // The new-conflict notice lies over no action: the page makes room for it (nothing under it
  // scrolls), and every visible button of the merge screen lies apart from it.
  const notice = page.getByRole('status', { name: 'Conflict notifications' });
  await expect(notice).toContainText('New conflict: Patient CLARITY Marie');
  const box = await notice.boundingBox();
  expect(apart(box, await page.locator('.app-main').boundingBox())).toBe(true);
  await merge.save.scrollIntoViewIfNeeded();
  expect(apart(box, await merge.save.boundingBox())).toBe(true);
}

async function expectHistory(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const history = new HistoryPage(page);
  await expect(history.heading).toBeFocused();
  const merged = history.revisions.getByRole('listitem').first();
  await expect(merged).toContainText('saved by alice on this workstation');
  await expect(merged).toContainText('Note added: Allergic to latex.');
  await expect(merged).toContainText('Phone number changed from +32 470 22 22 22 to +32 470 11 11 11');
  await expect(history.revisions).toContainText(/saved by bob on workstation [0-9a-f]{4}…/);
  await expect(history.revisions).toContainText('Street changed from Rue Haute to Boulevard Neuf');
  await expect(history.resolutions).toContainText('Merged by alice on this workstation');
  const text = await page.locator('.history').innerText();
  expect(text).not.toMatch(UUID);
  expect(text).not.toMatch(/responsible|type set to|by local|\blocal\b/i);
}
