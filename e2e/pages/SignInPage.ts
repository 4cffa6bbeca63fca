// The session screens: sign-in (also "switch user"), the lock screen, and the header's who/Lock/Sign out.
import { expect, type Locator, type Page } from 'playwright/test';

export class SignInPage {
  readonly form: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly refused: Locator;
  readonly lockForm: Locator;
  readonly lockPassword: Locator;
  readonly unlock: Locator;
  readonly switchUser: Locator;
  readonly lockButton: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Sign in' });
    this.username = this.form.getByLabel('User name');
    this.password = this.form.getByLabel('Password');
    this.submit = this.form.getByRole('button', { name: 'Sign in' });
    this.refused = page.locator('.session-refused');
    this.lockForm = page.getByRole('form', { name: /^Locked by / });
    this.lockPassword = this.lockForm.getByLabel('Password');
    this.unlock = this.lockForm.getByRole('button', { name: 'Unlock' });
    this.switchUser = this.lockForm.getByRole('button', { name: 'Switch user' });
    const header = page.getByRole('group', { name: 'Signed in' });
    this.lockButton = header.getByRole('button', { name: 'Lock' });
    this.signOutButton = header.getByRole('button', { name: 'Sign out' });
  }

  /** Opens the page on the sign-in form: from a lock screen through "Switch user". */
  async openSignedOut(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.form.or(this.lockForm)).toBeVisible();
    if (await this.lockForm.isVisible()) await this.switchUser.click();
    await expect(this.form).toBeVisible();
  }

  async signIn(username: string, password: string): Promise<void> {
    await expect(this.form).toBeVisible();
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Signed in: the header names the person and role. */
  async expectSignedIn(username: string, role: string): Promise<void> {
    await expect(this.page.getByRole('group', { name: 'Signed in' })).toContainText(`${username}, ${role}`);
  }

  async expectLockedBy(username: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: `Locked by ${username}` })).toBeVisible();
  }

  async unlockWith(password: string): Promise<void> {
    await this.lockPassword.fill(password);
    await this.unlock.click();
  }
}
