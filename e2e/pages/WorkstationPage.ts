// The main window: header, patient list (search, virtualized listbox), detail pane, status bar.
import { expect, type Locator, type Page } from 'playwright/test';

export class WorkstationPage {
  readonly search: Locator;
  readonly list: Locator;
  readonly count: Locator;
  readonly newPatientButton: Locator;
  readonly status: Locator;
  readonly banner: Locator;
  /** The header's language picker, named in any of the UI's languages. */
  readonly languagePicker: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByLabel('Search patients');
    this.list = page.getByRole('listbox', { name: 'Patient list' });
    this.count = page.locator('#patient-count');
    this.newPatientButton = page.getByRole('button', { name: 'New patient' });
    this.status = page.getByRole('status', { name: 'Workstation status' });
    this.banner = page.getByRole('alert').filter({ hasText: 'Connection to the workstation lost' });
    this.languagePicker = page.getByRole('banner').getByRole('combobox', { name: /^(Language|Langue|Taal)$/ });
  }

  /** Switch the UI's language with the header's picker; it applies at once (html lang follows). */
  async setLanguage(lang: 'en' | 'fr' | 'nl'): Promise<void> {
    await this.languagePicker.selectOption(lang);
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Clinic Workstation' })).toBeVisible();
    await expect(this.status).toContainText('Connected');
  }

  option(name: string | RegExp): Locator {
    return this.list.getByRole('option', { name });
  }

  /** Type a query and wait until the list answers it (the count line names the query). */
  async searchFor(query: string): Promise<void> {
    await this.search.fill(query);
    await expect(this.count).toContainText(`matching “${query.trim()}”`);
  }

  /** Open the first result by keyboard: ArrowDown from the search box, then Enter. */
  async openFirstResultByKeyboard(): Promise<void> {
    await this.search.focus();
    await this.page.keyboard.press('ArrowDown');
    await expect(this.list).toBeFocused();
    await this.page.keyboard.press('Enter');
  }
}
