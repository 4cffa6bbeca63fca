// Hardening of every web contents and session: no navigation, no new windows, no webviews,
// no permissions. Links to https pages go to the OS browser after a check.
import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './urls';

function openExternally(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url).catch(() => undefined);
}

export function hardenWebContents(contents: WebContents, devOrigin?: string): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    if (!isAppUrl(url, devOrigin)) openExternally(url);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
