// axe in the page as the specs use it: every finding one line (rule, impact, the elements), so a
// failure says what to fix; label-content-name-mismatch switched on (off in axe's defaults).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from 'playwright/test';

export async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(' '))
        .join(' | ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''}`,
  );
}

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await violations(page), `axe violations on the ${screen}`).toEqual([]);
}
