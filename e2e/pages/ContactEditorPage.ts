// The contact editor (new or correcting a saved contact): measurements, a note and a medication
// with a regimen. Blood pressure is one field ("128/82"); systolic and diastolic given apart are
// typed into it together.
import { expect, type Locator, type Page } from 'playwright/test';

export type ContactInput = {
  descr?: string;
  /** As typed, e.g. "128/82". */
  bloodPressure?: string;
  systolic?: string;
  diastolic?: string;
  heartRate?: string;
  spo2?: string;
  weight?: string;
  height?: string;
  temperature?: string;
  note?: string;
  medication?: { product: string; instructions?: string; periods: ('Morning' | 'Midday' | 'Evening' | 'Bedtime')[] };
};

export class ContactEditorPage {
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: /^(New contact|Correct contact)/ });
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  async fill(c: ContactInput): Promise<void> {
    const f = this.form;
    if (c.descr !== undefined) await this.field('Reason for contact').fill(c.descr);
    const bp =
      c.bloodPressure ??
      (c.systolic !== undefined || c.diastolic !== undefined ? `${c.systolic ?? ''}/${c.diastolic ?? ''}` : undefined);
    if (bp !== undefined) await this.field('Blood pressure (mmHg)').fill(bp);
    if (c.heartRate !== undefined) await this.field('Heart rate (/min)').fill(c.heartRate);
    if (c.spo2 !== undefined) await this.field('SpO₂ (%)').fill(c.spo2);
    if (c.weight !== undefined) await this.field('Weight (kg)').fill(c.weight);
    if (c.height !== undefined) await this.field('Height (cm)').fill(c.height);
    if (c.temperature !== undefined) await this.field('Temperature (°C)').fill(c.temperature);
    if (c.note !== undefined) await this.field('Clinical note').fill(c.note);
    if (c.medication) {
      await this.field('Medication product').fill(c.medication.product);
      if (c.medication.instructions !== undefined)
        await this.field('Instructions for the patient').fill(c.medication.instructions);
      for (const p of c.medication.periods)
        await f.getByRole('group', { name: 'When to take it' }).getByLabel(p).check();
    }
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: /^(Save contact|Save correction)$/ }).click();
  }

  /** The message shown beside a field. */
  async expectFieldError(label: string, message: RegExp): Promise<void> {
    const input = this.field(label);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const described = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId, `${label} has an error message`).toBeTruthy();
    await expect(this.page.locator(`[id="${errorId}"]`)).toHaveText(message);
  }
}
