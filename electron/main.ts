// The Electron main process: a wiring file. Behaviour lives in shell/ (window, security, IPC,
// secrets) and in the core; this file only puts them together in order.
import path from 'node:path';
import { app, dialog, ipcMain, powerMonitor, session, type BrowserWindow } from 'electron';
import { createCore } from './core/core';
import { idleLockMsFromEnv } from './core/session/idle-setting';
import type { Core } from './core/types';
import { registerAppScheme, serveApp } from './shell/app-protocol';
import { forwardEvents, isTrustedSender, registerCallHandlers, type CoreState } from './shell/ipc';
import { closeBeforeQuit } from './shell/lifecycle';
import { parseShellOptions } from './shell/options';
import { safeStorageCipher } from './shell/safe-storage';
import { createEncryptedFileStore } from './shell/secrets';
import { denyPermissions, hardenWebContents } from './shell/security';
import { APP_ENTRY_URL, isAppUrl } from './shell/urls';
import { createMainWindow, focusWindow } from './shell/window';

const here = import.meta.dirname; // out/main
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/preload.cjs');
// `electron-vite dev` serves the renderer with hot reload; never honoured in a packaged app.
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const devOrigin = devUrl ? new URL(devUrl).origin : undefined;
const log = {
  error: (message: string, detail?: unknown) => console.error(`[clinic] ${message}`, detail ?? ''),
};

let options: ReturnType<typeof parseShellOptions>;
try {
  options = parseShellOptions(process.argv.slice(1), process.env, path.join(app.getPath('userData'), 'practice'));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
// A chosen data folder also holds the Chromium profile, so test runs and second practices stay
// apart from the user's own profile (and from its single-instance lock).
if (options.dataDirChosen) app.setPath('userData', path.join(options.dataDir, 'electron-profile'));

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  let ready: Promise<CoreState> | undefined;
  let closing = false;

  app.on('second-instance', () => focusWindow(window));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devOrigin));
  app.on('window-all-closed', () => app.quit());

  registerCallHandlers(
    ipcMain,
    () =>
      closing
        ? Promise.resolve({ closing: true })
        : (ready ?? Promise.resolve({ error: 'the workstation is starting' })),
    (event) => isTrustedSender(event, window?.webContents, (url) => isAppUrl(url, devOrigin)),
    log,
  );

  closeBeforeQuit(
    app,
    async () => {
      closing = true;
      // If the database is still opening, wait for it so that it is closed, not abandoned.
      const state = await ready;
      if (state && 'core' in state) await state.core.close();
    },
    log.error,
  );

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    serveApp(session.defaultSession, rendererDir);

    const idleLockMs = idleLockMsFromEnv(process.env);
    ready = createCore({
      dataDir: options.dataDir,
      host: 'electron',
      secrets: createEncryptedFileStore(options.dataDir, safeStorageCipher),
      version: app.getVersion(),
      ...(idleLockMs === undefined ? {} : { idleLockMs }),
    }).then(
      (core: Core): CoreState => {
        forwardEvents(core, () => window?.webContents);
        // Back from sleep: the network may be back too; retry sync now rather than after the back-off.
        powerMonitor.on('resume', () => void core.handlers['sync.networkChanged']({}).catch(() => undefined));
        return { core };
      },
      (err: unknown): CoreState => {
        const message = `the local database in ${options.dataDir} could not be opened: ${(err as Error).message}`;
        log.error(message, err);
        dialog.showErrorBox('Clinic Workstation', message);
        app.quit();
        return { error: message };
      },
    );

    window = createMainWindow(preloadPath, devUrl ?? APP_ENTRY_URL);
    window.on('closed', () => (window = undefined));
  });
}
