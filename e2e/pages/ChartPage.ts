// The patient chart: demographics, addresses, health elements and the contact timeline.
import { expect, type Locator, type Page } from 'playwright/test';

export class ChartPage {
  readonly chart: Locator;
  readonly healthElements: Locator;
  readonly contacts: Locator;

  constructor(readonly page: Page) {
    this.chart = page.getByRole('article');
    this.healthElements = page.getByRole('list', { name: 'Health elements' });
    this.contacts = page.getByRole('list', { name: 'Contacts, newest first' });
  }

  async expectPatient(name: string | RegExp): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 2, name })).toBeVisible();
  }

  fact(term: string): Locator {
    return this.chart.locator('dt', { hasText: term }).locator('+ dd');
  }

  async newContact(): Promise<void> {
    await this.page.getByRole('button', { name: 'New contact' }).click();
  }

  async addHealthElement(descr: string, since: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Add health element' }).click();
    const form = this.page.getByRole('form', { name: 'New health element' });
    await form.getByLabel('Problem').fill(descr);
    await form.getByLabel('Since').fill(since);
    await form.getByRole('button', { name: 'Save health element' }).click();
    await expect(form).toBeHidden();
  }

  async editHealthElement(descr: string, newDescr: string): Promise<void> {
    await this.page.getByRole('button', { name: `Edit ${descr}` }).click();
    const form = this.page.getByRole('form', { name: 'Edit health element' });
    await form.getByLabel('Problem').fill(newDescr);
    await form.getByRole('button', { name: 'Save health element' }).click();
    await expect(form).toBeHidden();
  }

  healthElement(descr: string): Locator {
    return this.healthElements.getByRole('listitem', { name: new RegExp(`^${descr}`) });
  }

  async closeHealthElement(descr: string): Promise<void> {
    await this.page.getByRole('button', { name: `Close ${descr}` }).click();
  }

  contact(index = 0): Locator {
    return this.contacts.getByRole('listitem').filter({ has: this.page.locator('.contact-head') }).nth(index);
  }
}
