// Sync from the user's side: the status bar's sync slot, the sync panel, the connection settings
// dialog (opened from the header) and the banner that asks for the password again.
import { expect, type Locator, type Page } from 'playwright/test';

export type SyncStateName =
  'loading' | 'disabled' | 'connecting' | 'syncing' | 'upToDate' | 'offline' | 'paused' | 'error';
export type Connection = { serverUrl: string; db: string; username: string; password: string };

export class SyncPage {
  readonly slot: Locator;
  readonly slotButton: Locator;
  readonly headerSettings: Locator;
  readonly settings: Locator;
  readonly testResult: Locator;
  readonly panel: Locator;
  readonly passwordBanner: Locator;
  /** The polite live region: states that hold, never counters or countdowns. */
  readonly announcements: Locator;

  constructor(readonly page: Page) {
    this.slot = page.getByRole('group', { name: 'Sync status' });
    this.slotButton = this.slot.getByRole('button');
    this.headerSettings = page.getByRole('banner').getByRole('button', { name: 'Connection settings' });
    this.settings = page.getByRole('dialog', { name: 'Connection settings' });
    this.testResult = this.settings.getByRole('status', { name: 'Connection test result' });
    this.panel = page.getByRole('dialog', { name: 'Sync with the practice server' });
    this.announcements = page.getByRole('status', { name: 'Sync announcements' });
    this.passwordBanner = page.getByRole('alert').filter({ hasText: 'refused the password' });
  }

  field(label: string): Locator {
    return this.settings.getByLabel(label, { exact: true });
  }

  async fillSettings(c: Connection): Promise<void> {
    await expect(this.field('Server URL')).toBeEditable();
    await this.field('Server URL').fill(c.serverUrl);
    await this.field('Practice database').fill(c.db);
    await this.field('User name').fill(c.username);
    await this.field('Password').fill(c.password);
  }

  /** Click "Test connection" and wait for its answer (not the "Testing…" line). */
  async testConnection(): Promise<Locator> {
    await this.settings.getByRole('button', { name: 'Test connection' }).click();
    await expect(this.testResult).not.toBeEmpty({ timeout: 15_000 });
    await expect(this.testResult).not.toContainText('Testing');
    return this.testResult;
  }

  async save(): Promise<void> {
    await this.settings.getByRole('button', { name: 'Save and connect' }).click();
    await expect(this.settings).toBeHidden();
  }

  /** Header → settings → fill → Save; then wait until the first sync has finished. */
  async configure(c: Connection): Promise<void> {
    await this.headerSettings.click();
    await this.fillSettings(c);
    await this.save();
    await this.expectState('upToDate', 30_000);
  }

  async expectState(state: SyncStateName, timeout = 10_000): Promise<void> {
    await expect(this.slot).toHaveAttribute('data-state', state, { timeout });
  }

  /** Keep every state the slot passes through (some last only milliseconds) for later checks. */
  async recordStates(): Promise<void> {
    await this.page.evaluate(() => {
      const slot = document.querySelector('[data-slot="sync"]');
      if (!slot) throw new Error('no sync slot on the page');
      const w = window as unknown as { __syncStates: string[] };
      w.__syncStates = [slot.getAttribute('data-state') ?? ''];
      new MutationObserver(() => {
        const s = slot.getAttribute('data-state') ?? '';
        if (w.__syncStates[w.__syncStates.length - 1] !== s) w.__syncStates.push(s);
      }).observe(slot, { attributes: true, attributeFilter: ['data-state'] });
    });
  }

  async recordedStates(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __syncStates: string[] }).__syncStates);
  }
}
