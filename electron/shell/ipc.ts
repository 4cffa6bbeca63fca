// One wrapper registers a handler per contract call: it checks that the sender is the app's own
// main frame, then hands the call to the core's dispatch (which validates and answers an envelope).
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel } from '../../shared/contract/contract';
import type { Result } from '../../shared/contract/errors';
import { dispatch, type Logger } from '../core/dispatch';
import type { Core } from '../core/types';

export type CoreState = { core: Core } | { error: string } | { closing: true };

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: WebContents | undefined,
  isApp: (url: string) => boolean,
) {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || event.sender.id !== window.id) return false;
  // Only the top frame of the app's own page; never a subframe or a page navigated elsewhere.
  return frame !== null && frame.parent === null && isApp(frame.url);
}

export function registerCallHandlers(
  ipcMain: IpcMain,
  core: () => Promise<CoreState>,
  trusted: (event: IpcMainInvokeEvent) => boolean,
  log: Logger,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<Result<unknown>> => {
      if (!trusted(event))
        return { ok: false, error: { code: 'forbidden', message: 'calls are only accepted from the app window' } };
      const state = await core();
      if ('closing' in state)
        return { ok: false, error: { code: 'unavailable', message: 'the workstation is closing' } };
      if ('error' in state) return { ok: false, error: { code: 'unavailable', message: state.error } };
      return dispatch(state.core.handlers, name, input, log);
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(callChannel(name)));
}

/** Sends every core event to the window on its derived channel; returns the unsubscribe. */
export function forwardEvents(core: Core, window: () => WebContents | undefined): () => void {
  const known = new Set<string>(EVENT_NAMES);
  return core.onEvent((name, payload) => {
    const target = window();
    if (known.has(name) && target && !target.isDestroyed()) target.send(eventChannel(name), payload);
  });
}
