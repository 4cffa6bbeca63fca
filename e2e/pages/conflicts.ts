// Page objects for the conflicts UI: the status bar count, the inbox, the merge screen and a
// record's history. Built on roles and names only, so a two-workstation test can reuse them on
// each workstation's page.
import { expect, type Locator, type Page } from 'playwright/test';

export class ConflictStatus {
  readonly count: Locator;
  readonly notice: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.count = page.getByRole('button', { name: /open the conflicts inbox$/ });
    this.notice = page.getByRole('status', { name: 'Conflict notifications' });
    this.result = page.getByRole('status', { name: 'Conflict results' });
  }

  async expectCount(n: number): Promise<void> {
    await expect(this.count).toHaveAttribute('data-count', String(n));
    await expect(this.count).toHaveAccessibleName(n === 0 ? /^No conflicts/ : new RegExp(`^${n} conflicts?:`));
  }

  async openInbox(): Promise<ConflictInboxPage> {
    await this.count.click();
    const inbox = new ConflictInboxPage(this.page);
    await expect(inbox.heading).toBeFocused();
    return inbox;
  }
}

export class ConflictInboxPage {
  readonly heading: Locator;
  readonly list: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 2, name: 'Conflicts' });
    this.list = page.getByRole('listbox', { name: 'Conflicted records' });
  }

  entry(title: string | RegExp): Locator {
    return this.list.getByRole('option', { name: title });
  }

  /** Open an entry with the keyboard only: focus the list, arrow to the entry, Enter. */
  async openByKeyboard(title: string | RegExp): Promise<MergePage> {
    await this.list.focus();
    await this.page.keyboard.press('Home');
    const options = this.list.getByRole('option');
    const n = await options.count();
    for (let i = 0; i < n; i++) {
      if ((await this.entry(title).getAttribute('aria-selected')) === 'true') break;
      await this.page.keyboard.press('ArrowDown');
    }
    await expect(this.entry(title)).toHaveAttribute('aria-selected', 'true');
    await this.page.keyboard.press('Enter');
    const merge = new MergePage(this.page);
    await expect(merge.heading).toBeFocused();
    return merge;
  }
}

export class MergePage {
  readonly heading: Locator;
  readonly save: Locator;
  readonly saveReason: Locator;
  readonly versions: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 2, name: /^Merge: / });
    this.save = page.getByRole('button', { name: /^(Save merged record|Delete the record)$/ });
    this.saveReason = page.locator('#merge-save-why');
    this.versions = page.getByRole('table', { name: 'The versions being merged' });
  }

  /** A differing field, list or item: the fieldset named by its legend (e.g. /^Last name/). */
  part(name: string | RegExp): Locator {
    return this.page.getByRole('group', { name });
  }

  /** The option of a part, by its label start: 'mine', 'theirs', 'ancestor', 'Type a value', 'Merge …'. */
  option(part: string | RegExp, option: string | RegExp): Locator {
    return this.part(part).getByRole('radio', { name: option }).first();
  }

  async expectChosen(part: string | RegExp, option: string | RegExp): Promise<void> {
    await expect(this.option(part, option)).toBeChecked();
  }

  /** A part that still needs the person's choice: marked, and none of its options chosen. */
  async expectNeedsChoice(part: string | RegExp): Promise<void> {
    const group = this.part(part);
    await expect(group).toHaveAccessibleDescription(/your choice is needed/);
    await expect(group.getByRole('radio', { checked: true })).toHaveCount(0);
  }

  async choose(part: string | RegExp, option: string | RegExp): Promise<void> {
    await this.option(part, option).check();
  }

  async type(part: string | RegExp, text: string): Promise<void> {
    await this.choose(part, 'Type a value');
    await this.part(part)
      .getByRole('textbox', { name: /typed value$/ })
      .fill(text);
  }

  previewValue(field: string): Locator {
    return this.page.locator('.merge-preview-fields dt', { hasText: field }).locator('+ dd');
  }

  /** A row of the versions table, by the version's name ("your version", "bob's version"). */
  versionRow(name: string | RegExp): Locator {
    return this.versions.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  /** The parts the merge still needs a choice for, each a button to its control. */
  get stillToChoose(): Locator {
    return this.page.locator('.merge-open').getByRole('button');
  }
}

/** Beside a record's conflict badge in the chart: what its hidden versions hold. */
export function conflictHint(page: Page): Locator {
  return page.getByRole('note', { name: 'What the hidden versions hold' });
}

export class HistoryPage {
  readonly heading: Locator;
  readonly revisions: Locator;
  readonly resolutions: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 2, name: /^History: / });
    this.revisions = page.getByRole('list', { name: 'Revisions' });
    this.resolutions = page.getByRole('list', { name: 'Resolutions' });
  }

  discarded(resolution = 0): Locator {
    return this.resolutions
      .getByRole('listitem')
      .filter({ has: this.page.locator('.discarded-list') })
      .nth(resolution)
      .getByRole('list', { name: 'Discarded versions' })
      .getByRole('listitem');
  }
}
