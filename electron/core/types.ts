// The core's public shape: what the Electron shell and the browser host wire to a transport.
import type { EventName, EventPayload } from '../../shared/contract/contract';
import type { Handlers } from './dispatch';
import type { CompactionOptions } from './store/compaction';
import type { SyncTuning } from './sync/engine';

/** Where credentials are kept: Electron's safeStorage in the app, a 0600 file in the browser host. */
export type SecretStore = {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
};

export type CoreOptions = {
  dataDir: string;
  host: 'electron' | 'browser';
  secrets: SecretStore;
  version?: string;
  /** Idle time before the screen locks (default 5 min; the host and the shell read the practice's setting). */
  idleLockMs?: number;
  /** When old revision bodies are dropped (store/compaction.ts); tests make it eager. */
  compaction?: Partial<CompactionOptions>;
  /** How long start-up waits for the indexes' catch-up (index/start.ts; tests wait it out). */
  indexWaitMs?: number;
  /** Faster sync timings for tests (see electron/core/sync/engine.ts). */
  syncTuning?: Partial<SyncTuning>;
};

export type EventListener = <N extends EventName>(name: N, payload: EventPayload<N>) => void;

export type Core = {
  handlers: Handlers;
  onEvent(listener: EventListener): () => void;
  close(): Promise<void>;
};
