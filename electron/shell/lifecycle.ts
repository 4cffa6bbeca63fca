// Quitting waits for the core to close the database: the first `before-quit` is held back, the
// core is closed, then the app quits for real.
import type { App } from 'electron';

export function closeBeforeQuit(
  app: App,
  close: () => Promise<void>,
  log: (message: string, err: unknown) => void,
): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch((err: unknown) => log('closing the database failed', err))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
