// The new-contact editor: measurements, a note and a medication with a regimen.
import type { Locator, Page } from 'playwright/test';

export type ContactInput = {
  descr?: string;
  systolic?: string;
  diastolic?: string;
  weight?: string;
  temperature?: string;
  note?: string;
  medication?: { product: string; instructions?: string; periods: ('Morning' | 'Midday' | 'Evening' | 'Bedtime')[] };
};

export class ContactEditorPage {
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: /New contact/ });
  }

  async fill(c: ContactInput): Promise<void> {
    const f = this.form;
    if (c.descr !== undefined) await f.getByLabel('Reason for contact').fill(c.descr);
    if (c.systolic !== undefined) await f.getByLabel('Blood pressure systolic (mmHg)').fill(c.systolic);
    if (c.diastolic !== undefined) await f.getByLabel('Blood pressure diastolic (mmHg)').fill(c.diastolic);
    if (c.weight !== undefined) await f.getByLabel('Weight (kg)').fill(c.weight);
    if (c.temperature !== undefined) await f.getByLabel('Temperature (°C)').fill(c.temperature);
    if (c.note !== undefined) await f.getByLabel('Clinical note').fill(c.note);
    if (c.medication) {
      await f.getByLabel('Medication product').fill(c.medication.product);
      if (c.medication.instructions !== undefined) await f.getByLabel('Instructions for the patient').fill(c.medication.instructions);
      for (const p of c.medication.periods) await f.getByRole('group', { name: 'When to take it' }).getByLabel(p).check();
    }
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: 'Save contact' }).click();
  }
}
