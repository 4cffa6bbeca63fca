// The preload exposes exactly one object, `window.clinic`, satisfying the shared Transport type:
// only contract calls go out, only contract events come in, and listeners get the payload alone.
// Sandboxed: this is bundled to one CommonJS file with no require() of anything but electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callChannel, eventChannel, events, isCallName, type EventName } from '../shared/contract/contract';
import type { Result } from '../shared/contract/errors';
import type { Transport } from '../shared/contract/transport';

const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name);

const clinic = {
  async invoke(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'unknown-call', message: `no call named ${String(name).slice(0, 100)}` } };
    }
    try {
      return (await ipcRenderer.invoke(callChannel(name), input)) as Result<unknown>;
    } catch (err) {
      // No handler (main still starting or gone) or the input could not be cloned.
      return {
        ok: false,
        error: { code: 'unavailable', message: `${name} could not be sent: ${(err as Error).message}` },
      };
    }
  },
  on(name: unknown, listener: (payload: unknown) => void): () => void {
    if (!isEventName(name)) throw new TypeError(`no event named ${String(name).slice(0, 100)}`);
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    const channel = eventChannel(name);
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  },
} satisfies Transport;

contextBridge.exposeInMainWorld('clinic', clinic);
