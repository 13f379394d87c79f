import { createStore, type StoreApi } from 'zustand/vanilla';
import { EMPTY_STATS } from '../transport/index';
import type { ReceiverState } from './types';

/** Creates the receiver's vanilla store. @internal */
export function createReceiverStore(): StoreApi<ReceiverState> {
  return createStore<ReceiverState>()(() => ({
    connection: 'idle',
    error: null,
    mode: null,
    width: 0,
    height: 0,
    sourceOnline: false,
    stats: EMPTY_STATS,
    signal: null,
  }));
}
