// The first conflict scenario of issue 4 end to end, through the UI, across real sync: two browser
// hosts, the practice server, a fault proxy each. Both edit the same patient while the network is
// cut (A the phone number, B the address, both the last name); when it returns both show the
// conflict; A merges it by hand; B's chart shows the merge and its conflict badge goes to 0.
import { expect, test, type Page } from 'playwright/test';
import { useWorkstationPair } from './support/pair';
import { ChartPage } from './pages/ChartPage';
import { ConflictStatus } from './pages/conflicts';
import { PatientFormPage } from './pages/PatientFormPage';
import { SyncPage } from './pages/SyncPage';
import { WorkstationPage } from './pages/WorkstationPage';

const ALICE = { username: 'alice', password: 'alice-pw-3Kd8' };
const BOB = { username: 'bob', password: 'bob-pw-6Tm1' };

const pair = useWorkstationPair('merge', [ALICE, BOB]);
const { proxies, hosts, contexts } = pair;

test.describe.configure({ timeout: 150_000 });

async function openPatient(page: Page, app: WorkstationPage, query: string, name: RegExp): Promise<ChartPage> {
  await app.searchFor(query);
  await app.option(name).click();
  const chart = new ChartPage(page);
  await expect(chart.chart).toBeVisible();
  return chart;
}

test('edited apart, merged by hand on A, converged on B', async ({ browser }) => {
  const [ctxA, ctxB] = await Promise.all([browser.newContext(), browser.newContext()]);
  contexts.push(ctxA, ctxB);
  const [pageA, pageB] = await Promise.all([ctxA.newPage(), ctxB.newPage()]);
  const appA = new WorkstationPage(pageA);
  const appB = new WorkstationPage(pageB);
  await appA.open(hosts[0]!.url);
  await appB.open(hosts[1]!.url);
  const syncA = new SyncPage(pageA);
  const syncB = new SyncPage(pageB);
  await syncA.configure({ serverUrl: proxies[0]!.url, db: pair.practice().db, ...ALICE });
  await syncB.configure({ serverUrl: proxies[1]!.url, db: pair.practice().db, ...BOB });

  // A records the patient; B receives it.
  await appA.newPatientButton.click();
  const formA = new PatientFormPage(pageA);
  await formA.fill({
    firstName: 'Marie',
    lastName: 'Mergeable',
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
  await expect(pageA.getByRole('heading', { name: /Marie Mergeable/ })).toBeVisible();
  await expect(appB.option(/MERGEABLE, Marie/)).toBeVisible({ timeout: 20_000 });

  // The network is cut on both sides; each edits the same patient.
  await proxies[0]!.setMode('refuse');
  await proxies[1]!.setMode('refuse');
  await syncA.expectState('offline', 30_000);
  await syncB.expectState('offline', 30_000);

  await pageA.getByRole('button', { name: 'Edit patient' }).click();
  const addrA = formA.form.getByRole('group', { name: 'Address 1' });
  await addrA.getByLabel('Telecom 1 number or address').fill('+32 470 11 11 11');
  await formA.field('Last name').fill('Mergeable-Alpha');
  await formA.save.click();
  await expect(pageA.getByRole('heading', { name: /Marie Mergeable-Alpha/ })).toBeVisible();

  await openPatient(pageB, appB, 'mergeable', /MERGEABLE, Marie/);
  await pageB.getByRole('button', { name: 'Edit patient' }).click();
  const formB = new PatientFormPage(pageB);
  const addrB = formB.form.getByRole('group', { name: 'Address 1' });
  await addrB.getByLabel('Street').fill('Boulevard Neuf');
  await addrB.getByLabel('City').fill('Liège');
  await addrB.getByLabel('Postal code').fill('4000');
  await formB.field('Last name').fill('Mergeable-Beta');
  await formB.save.click();
  await expect(pageB.getByRole('heading', { name: /Marie Mergeable-Beta/ })).toBeVisible();

  // The network returns: both workstations show one conflict, without a reload.
  await proxies[0]!.setMode('pass');
  await proxies[1]!.setMode('pass');
  const conflictsA = new ConflictStatus(pageA);
  const conflictsB = new ConflictStatus(pageB);
  await conflictsA.expectCount(1);
  await conflictsB.expectCount(1);

  // A merges: the one-sided changes are pre-selected, the last name needs a choice.
  const inbox = await conflictsA.openInbox();
  const merge = await inbox.openByKeyboard(/^Patient MERGEABLE-/);
  await merge.expectNeedsChoice(/^Last name/);
  await expect(merge.save).toBeDisabled();
  await merge.expectChosen(/^Addresses/, 'Merge item by item');
  await merge.type(/^Last name/, 'Mergeable');
  await expect(merge.previewValue('Last name')).toHaveText('Mergeable');
  await expect(merge.previewValue('Addresses')).toContainText('Boulevard Neuf');
  await expect(merge.previewValue('Addresses')).toContainText('+32 470 11 11 11');
  await expect(merge.save).toBeEnabled();
  await merge.save.click();
  await conflictsA.expectCount(0);

  // B: the conflict goes away by itself and its chart shows the merged patient.
  await conflictsB.expectCount(0);
  const chartB = await openPatient(pageB, appB, 'mergeable', /MERGEABLE, Marie/);
  await chartB.expectPatient('Marie Mergeable');
  await expect(chartB.chart.getByText(/Boulevard Neuf 5, 4000 Liège, BE/)).toBeVisible();
  await expect(chartB.chart.getByText('mobile: +32 470 11 11 11')).toBeVisible();
  await expect(chartB.chart.getByRole('button', { name: /conflicts? to merge/ })).toHaveCount(0);
});
