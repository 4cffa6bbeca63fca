// The chart's clinical summary: the sticky header (identity, allergy banner), the overview
// (problems, medications, last vitals) and the trend plots.
import { expect, type Locator, type Page } from 'playwright/test';

export type AllergyInput = {
  agent: string;
  reaction?: string;
  severity?: 'mild' | 'moderate' | 'severe';
  kind?: 'Allergy' | 'Intolerance';
};

export class SummaryPage {
  readonly header: Locator;
  readonly identity: Locator;
  readonly banner: Locator;
  readonly summary: Locator;
  readonly vitals: Locator;
  readonly medications: Locator;

  constructor(readonly page: Page) {
    this.header = page.locator('.chart-sticky');
    this.identity = page.getByLabel('Patient identity');
    this.banner = page.getByRole('region', { name: 'Allergies and intolerances' });
    this.summary = page.getByRole('region', { name: 'Clinical summary' });
    this.vitals = this.summary.getByRole('table', { name: 'Last vitals' });
    this.medications = this.summary.getByRole('list', { name: 'Current medications' });
  }

  async addAllergy(a: AllergyInput): Promise<void> {
    await this.page.getByRole('button', { name: 'Add allergy' }).click();
    const form = this.page.getByRole('form', { name: 'New health element' });
    if (a.kind) await form.getByLabel('Kind').selectOption({ label: a.kind });
    await form.getByLabel('Agent').fill(a.agent);
    if (a.reaction) await form.getByLabel('Reaction').fill(a.reaction);
    if (a.severity) await form.getByLabel('Severity').selectOption(a.severity);
    await form.getByRole('button', { name: 'Save health element' }).click();
    await expect(form).toBeHidden();
  }

  vital(key: string): Locator {
    return this.vitals.locator(`tr[data-vital="${key}"] .vital-value`);
  }

  /** The values plotted for one series of a trend, in the order drawn (oldest first). */
  async plotted(trend: string, series: string): Promise<{ value: number; date: string; cx: number; cy: number }[]> {
    const points = this.page.locator(`figure[data-trend="trend-${trend}"] circle[data-series="${series}"]`);
    return points.evaluateAll((els) =>
      els
        .map((e) => ({
          value: Number(e.getAttribute('data-value')),
          date: e.getAttribute('data-date') ?? '',
          cx: Number(e.getAttribute('cx')),
          cy: Number(e.getAttribute('cy')),
        }))
        .sort((a, b) => a.cx - b.cx),
    );
  }
}
