// Whether the renderer can reach the core right now; drives the "disconnected" banner.
import { create } from 'zustand';
import type { ConnectionState } from '../transport/websocket';

export const useConnection = create<{ state: ConnectionState }>(() => ({ state: 'connecting' }));
