import { createStore, type StoreApi } from 'zustand/vanilla';
import { EMPTY_STATS } from '../transport/index';
import type { ReceiverState } from './types';

/**
 * The state a receiver engine starts in (idle, no picture, source not known online): what UI shows
 * before an engine exists, so it matches the engine's first snapshot.
 * @example
 * ```ts
 * const shown = engine?.store.getState() ?? initialReceiverState();
 * ```
 * @public
 */
export function initialReceiverState(): ReceiverState {
  return {
    connection: 'idle',
    transport: 'websocket',
    error: null,
    mode: null,
    width: 0,
    height: 0,
    sourceOnline: false,
    stats: EMPTY_STATS,
    signal: null,
  };
}

/** Creates the receiver's vanilla store. @internal */
export function createReceiverStore(): StoreApi<ReceiverState> {
  return createStore<ReceiverState>()(() => initialReceiverState());
}
