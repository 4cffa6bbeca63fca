// Which URLs the app trusts (its own bundle) and which it hands to the OS browser (https only).

/** The app's pages are served from this privileged scheme, never from file:// or the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for pages of the app itself: the bundle, or the dev server origin in development. */
export function isAppUrl(url: string, devOrigin?: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devOrigin !== undefined && parsed.origin === devOrigin;
}

/**
 * Links that may open in the OS browser: https only, a real host name, no credentials in the URL.
 * Anything else (file:, javascript:, custom schemes that launch programs) is dropped.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > 2048) return false;
  const parsed = parse(url);
  if (!parsed) return false;
  return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
