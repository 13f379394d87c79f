import { useStore } from 'zustand';
import type { ConnectionState } from '../core';
import { type CommonStreamState, type StreamEngine, useEnsureStore } from './context';

const select = (s: CommonStreamState): ConnectionState => s.connection;

/**
 * The `useConnectionState` hook returns the connection state of an engine (explicit, or the
 * nearest `<StreamSource>` / `<StreamReceiver>`), `'idle'` until the engine exists.
 * @example
 * ```tsx
 * function Badge() {
 *   const connection = useConnectionState();
 *   return <span className={`badge-${connection}`}>{connection}</span>;
 * }
 * ```
 * @public
 */
export function useConnectionState(engine?: StreamEngine | null): ConnectionState {
  return useStore(useEnsureStore(engine, 'useConnectionState'), select);
}
