// The patient create/edit form.
import { expect, type Locator, type Page } from 'playwright/test';

export type PatientInput = {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
  gender?: string;
  ssin?: string;
  languages?: string;
  address?: { street: string; houseNumber: string; postalCode: string; city: string; country: string; telecom?: { type: string; number: string } };
};

export class PatientFormPage {
  readonly form: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: /patient/i });
    this.save = page.getByRole('button', { name: 'Save patient' });
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  async fill(p: PatientInput): Promise<void> {
    await this.field('First name').fill(p.firstName);
    await this.field('Last name').fill(p.lastName);
    if (p.dateOfBirth !== undefined) await this.field('Date of birth').fill(p.dateOfBirth);
    if (p.gender !== undefined) await this.field('Gender').selectOption(p.gender);
    if (p.ssin !== undefined) await this.field('SSIN (national number)').fill(p.ssin);
    if (p.languages !== undefined) await this.field('Languages').fill(p.languages);
    if (p.address) {
      await this.page.getByRole('button', { name: 'Add address' }).click();
      const a = this.form.getByRole('group', { name: 'Address 1' });
      await a.getByLabel('Street').fill(p.address.street);
      await a.getByLabel('Number', { exact: true }).fill(p.address.houseNumber);
      await a.getByLabel('Postal code').fill(p.address.postalCode);
      await a.getByLabel('City').fill(p.address.city);
      await a.getByLabel('Country').fill(p.address.country);
      if (p.address.telecom) {
        await a.getByRole('button', { name: 'Add telecom to address 1' }).click();
        await a.getByLabel('Telecom 1 type').selectOption(p.address.telecom.type);
        await a.getByLabel('Telecom 1 number or address').fill(p.address.telecom.number);
      }
    }
  }

  /** The validation message shown beside a field (its accessible description). */
  async expectFieldError(label: string, message: string | RegExp): Promise<void> {
    const input = this.field(label);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription(message);
  }
}
