// The one object both transports (Electron preload, browser WebSocket bridge) expose, and the
// client the renderer builds on it.
import type { CallInput, CallName, CallOutput, ClinicApi, EventName, EventPayload } from './contract';
import { RemoteCallError, type Result } from './errors';

/** Raw transport: answers with result envelopes; carries only contract calls and events. */
export type Transport = {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
};

/** Typed client over either transport: unwraps envelopes, throws RemoteCallError on errors. */
export function createClient(transport: Transport): ClinicApi {
  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const result = await transport.invoke(name, input);
      if (!result.ok) throw new RemoteCallError(result.error);
      return result.value as CallOutput<N>;
    },
    on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
      return transport.on(name, (payload) => listener(payload as EventPayload<N>));
    },
  };
}
