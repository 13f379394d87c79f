import {
  DEFAULT_WEBP_QUALITY,
  initialReceiverState,
  initialSourceState,
  type ReceiverState,
  type SourceState,
  type StreamMode,
} from '../core';

/**
 * The read side of a zustand store, what `useStore` needs: an engine's `store`, or the idle
 * snapshot hooks read before the engine exists.
 * @public
 */
export interface ReadonlyStore<T> {
  getState(): T;
  getInitialState(): T;
  subscribe(listener: (state: T, prevState: T) => void): () => void;
}

const noop = (): void => {};

/**
 * A store that never changes. Hooks read one before the engine exists (first render, SSR), so
 * they call `useStore` unconditionally and the server snapshot equals the first client render.
 * @internal
 */
export function staticStore<T>(state: T): ReadonlyStore<T> {
  return { getState: () => state, getInitialState: () => state, subscribe: () => noop };
}

/** The engine's default fps, shown before it exists. @internal */
export const DEFAULT_SOURCE_FPS = 30;

/**
 * Source state shown until the engine exists: idle, in the mode, fps and image quality the props
 * ask for; `pinned` false when a controller will choose the mode.
 * @internal
 */
export function idleSourceState(
  mode: StreamMode,
  fps: number,
  pinned = true,
  imageQuality = DEFAULT_WEBP_QUALITY,
): SourceState {
  const s = initialSourceState(mode, fps, imageQuality);
  return { ...s, quality: { ...s.quality, reason: 'idle', pinned } };
}

/** Receiver state shown until the engine exists. @internal */
export const IDLE_RECEIVER_STATE: ReceiverState = Object.freeze(initialReceiverState());

/** Static store holding `IDLE_RECEIVER_STATE`; also what hooks read for an explicit `null` engine. @internal */
export const IDLE_RECEIVER_STORE: ReadonlyStore<ReceiverState> = staticStore(IDLE_RECEIVER_STATE);
