// Conflicts end to end in Chromium against a real browser host: a patient edited apart on two
// workstations (written into the data folder before the host starts, as replication leaves it)
// is found from the status bar, merged by hand on the merge screen and saved; the chart shows the
// merge and the history keeps the versions it replaced.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'playwright/test';
import { writeConflictedPatient, writeDeletedVersusEdited } from '../electron/testing/make-conflict';
import { ChartPage } from './pages/ChartPage';
import { ConflictStatus, HistoryPage, MergePage } from './pages/conflicts';
import { WorkstationPage } from './pages/WorkstationPage';
import { startHost, type RunningHost } from './support/host';

let dataDir: string | undefined;
let host: RunningHost | undefined;

/** A fresh data folder, filled by `fill` before the host starts on it. */
async function startWith(fill: (dir: string) => Promise<unknown>): Promise<RunningHost> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'clinic-e2e-conflicts-'));
  await fill(dataDir);
  host = await startHost(dataDir);
  return host;
}

test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

const TITLE = /^Patient CONFLICTUS-BETA Marie/; // the revision CouchDB picked (dr-bob's) names the record until merged

test('a conflicted patient: badge, inbox, merge by hand, merged chart, history', async ({ page }) => {
  const app = new WorkstationPage(page);
  await app.open((await startWith(writeConflictedPatient)).url);

  const status = new ConflictStatus(page);
  await status.expectCount(1);

  // Inbox: what the record is, its two versions with who, where and when.
  const inbox = await status.openInbox();
  const entry = inbox.entry(TITLE);
  await expect(entry).toContainText('2 versions');
  await expect(entry).toHaveAccessibleDescription(
    /dr-bob's version dr-bob, workstation ws-beta, .*dr-alice's version dr-alice, workstation ws-alpha/,
  );

  const merge = await inbox.openByKeyboard(TITLE);
  await expect(merge.versions).toContainText('dr-bob, workstation ws-beta');
  await expect(merge.versions).toContainText('dr-alice, workstation ws-alpha');
  await expect(page.getByText('The original comes from the revision history.')).toBeVisible();

  // One-sided changes are pre-selected, down to the address's fields and the phone number.
  await merge.expectChosen(/^Addresses/, 'Merge item by item');
  await merge.expectChosen(/Boulevard Neuf 12, 4000 Liège/, 'Merge field by field');
  await merge.expectChosen(/^Street/, /^dr-bob's version: Boulevard Neuf/);
  await merge.expectChosen(/^City/, /^dr-bob's version: Liège/);
  await merge.expectChosen(/^Phone numbers and e-mail/, /^dr-alice's version: /);
  // The last name changed on both sides: no pre-selection, Save disabled with the reason.
  await merge.expectNeedsChoice(/^Last name/);
  await expect(merge.save).toBeDisabled();
  await expect(merge.saveReason).toHaveText(/1 choice is still needed: Last name/);

  // A typed empty name is refused beside the field, and still cannot be saved.
  await merge.type(/^Last name/, '');
  await expect(merge.part(/^Last name/)).toHaveAttribute('aria-invalid', 'true');
  await expect(merge.part(/^Last name/)).toContainText('required: choose a version or type a value');
  await expect(merge.save).toBeDisabled();
  await expect(merge.saveReason).toHaveText(/not valid/);

  // Choose A's name; the preview follows.
  await merge.choose(/^Last name/, /^dr-alice's version: Conflictus-Alpha/);
  await expect(merge.previewValue('Last name')).toHaveText('Conflictus-Alpha');
  await expect(merge.previewValue('Addresses')).toContainText('Boulevard Neuf');
  await expect(merge.previewValue('Addresses')).toContainText('+32 470 11 11 11');
  await expect(merge.save).toBeEnabled();
  await expect(merge.saveReason).toHaveText(/Ready to save/);
  await merge.save.click();

  // Back on the chart: phone from A, address from B, the chosen last name; no conflict left.
  const chart = new ChartPage(page);
  await chart.expectPatient('Marie Conflictus-Alpha');
  await expect(chart.chart.getByText('Boulevard Neuf 12, 4000 Liège, BE')).toBeVisible();
  await expect(chart.chart.getByText('mobile: +32 470 11 11 11')).toBeVisible();
  await expect(chart.chart.getByRole('button', { name: /conflicts? to merge/ })).toHaveCount(0);
  await status.expectCount(0);
  await expect(status.result).toContainText('Conflict resolved');

  // History: the merge as the newest revision, and the resolution with both replaced versions whole.
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const history = new HistoryPage(page);
  await expect(history.heading).toBeFocused();
  await expect(history.revisions.getByRole('listitem').first()).toContainText(
    'Last name changed from Conflictus-Beta to Conflictus-Alpha',
  );
  await expect(history.resolutions.getByRole('listitem').first()).toContainText('Last name: took');
  const discarded = history.discarded();
  await expect(discarded).toHaveCount(2);
  await expect(discarded.filter({ hasText: 'saved by dr-alice on workstation ws-alpha' })).toContainText(
    'Last nameConflictus-Alpha',
  );
  await expect(discarded.filter({ hasText: 'saved by dr-bob on workstation ws-beta' })).toContainText(
    'Last nameConflictus-Beta',
  );
  await expect(discarded.filter({ hasText: 'saved by dr-bob on workstation ws-beta' })).toContainText('Boulevard Neuf');

  // The inbox is empty now.
  const empty = await status.openInbox();
  await expect(page.getByText('No conflict: every record has a single version.')).toBeVisible();
  await expect(empty.list).toHaveCount(0);
});

test('delete versus edit of a health element, shown as such and kept by choice', async ({ page }) => {
  const app = new WorkstationPage(page);
  await app.open((await startWith(writeDeletedVersusEdited)).url);
  const status = new ConflictStatus(page);
  await status.expectCount(1);

  // From the chart: the health element's conflict badge opens its merge screen.
  await app.option(/SUPPRIMÉ/i).click();
  const chart = new ChartPage(page);
  await chart.expectPatient('Paul Supprimé');
  await chart
    .healthElement('Asthma, severe')
    .getByRole('button', { name: /1 conflict to merge/ })
    .click();
  const merge = new MergePage(page);
  await expect(merge.heading).toBeFocused();
  await expect(merge.versions).toContainText('Deleted');

  const decision = merge.part('Deleted on one side, edited on the other');
  await expect(decision).toHaveAccessibleDescription(/version deleted this record/);
  await expect(merge.save).toBeDisabled();
  await expect(merge.saveReason).toHaveText(/Keep or delete the record/);
  await decision.getByRole('radio', { name: 'Keep the record, with the edits merged below' }).check();
  await expect(merge.save).toBeEnabled();
  await merge.save.click();

  await chart.expectPatient('Paul Supprimé');
  await expect(chart.healthElement('Asthma, severe')).toBeVisible();
  await expect(chart.healthElement('Asthma, severe').getByRole('button', { name: /conflict to merge/ })).toHaveCount(0);
  await status.expectCount(0);
});
