// The main window: header, patient list (search, virtualized listbox), detail pane, status bar.
import { expect, type Locator, type Page } from 'playwright/test';
import type { TestPerson } from '../../electron/testing/people';
import { personFor } from '../support/host';

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

  /** Opens the page and signs in (by default as the person the host was seeded with). */
  async open(url: string, person: Pick<TestPerson, 'username' | 'password'> = personFor(url)): Promise<void> {
    await this.page.goto(url);
    // The core keeps its session across page loads: signed in already, the workstation shows.
    const form = this.page.getByRole('form', { name: 'Sign in' });
    await expect(form.or(this.status)).toBeVisible();
    if (await form.isVisible()) await this.signIn(person);
    else await expect(this.status).toContainText('Connected');
  }

  /** Signs in on the sign-in screen, then waits for the workstation to be there. */
  async signIn(person: Pick<TestPerson, 'username' | 'password'>): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('User name').fill(person.username);
    await form.getByLabel('Password', { exact: true }).fill(person.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
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
