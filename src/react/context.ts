import * as React from 'react';
import type {
  AudioWireCodec,
  ConnectionState,
  QualityState,
  ReceiverEngine,
  ReceiverState,
  SourceEngine,
  SourceState,
  StreamMode,
  StreamStats,
  TransportKind,
} from '../core';
import { IDLE_RECEIVER_STORE, type ReadonlyStore } from './idle';

/**
 * What `<StreamSource>` and `<StreamReceiver>` put in context: which side they are, their engine
 * (`null` until it is created in an effect, and always on the server) and the store hooks read,
 * which is the engine's, or an idle snapshot of the props before the engine exists.
 * @public
 */
export type StreamContextValue =
  | { role: 'source'; engine: SourceEngine | null; store: ReadonlyStore<SourceState> }
  | { role: 'receiver'; engine: ReceiverEngine | null; store: ReadonlyStore<ReceiverState> };

/** Either engine. @public */
export type StreamEngine = SourceEngine | ReceiverEngine;

/**
 * The `StreamContext` carries the nearest `<StreamSource>` or `<StreamReceiver>` engine to the
 * hooks and `<StatsOverlay>` below it.
 * @example
 * ```tsx
 * <StreamContext.Provider value={{ role: 'receiver', engine, store: engine.store }}>
 *   <StatsOverlay />
 * </StreamContext.Provider>
 * ```
 * @public
 */
export const StreamContext: React.Context<StreamContextValue | undefined> = React.createContext<
  StreamContextValue | undefined
>(undefined);
StreamContext.displayName = 'StreamContext';

/**
 * The `useStreamContext` hook returns the nearest stream context and throws when there is none.
 * @example
 * ```tsx
 * const { role, engine } = useStreamContext();
 * ```
 * @public
 */
export function useStreamContext(): StreamContextValue {
  const ctx = React.useContext(StreamContext);
  if (!ctx) {
    throw new Error(
      'useStreamContext: no stream context here. Render this inside <StreamSource> or <StreamReceiver>, ' +
        'or pass the engine to the hook explicitly.',
    );
  }
  return ctx;
}

/**
 * The `useMaybeStreamContext` hook returns the nearest stream context, or `undefined` outside one.
 * @example
 * ```tsx
 * const inStream = useMaybeStreamContext() !== undefined;
 * ```
 * @public
 */
export function useMaybeStreamContext(): StreamContextValue | undefined {
  return React.useContext(StreamContext);
}

const NO_ENGINE =
  'no engine passed and no stream context. Render this inside <StreamSource> or <StreamReceiver>, ' +
  'or pass the engine explicitly.';

/**
 * The `useEnsureEngine` hook returns the engine passed in, or else the context's. `undefined`
 * means "take it from context" (throws outside a provider); `null` means "not created yet" and
 * is returned as is, so hooks fed by `useStreamSource(...).engine` work with no provider.
 * @example
 * ```tsx
 * function Live({ engine }: { engine?: StreamEngine | null }) {
 *   const e = useEnsureEngine(engine);
 *   return <span>{e ? 'live' : 'starting'}</span>;
 * }
 * ```
 * @public
 */
export function useEnsureEngine(engine?: StreamEngine | null): StreamEngine | null {
  const ctx = React.useContext(StreamContext);
  if (engine !== undefined) return engine;
  if (!ctx) throw new Error(`useEnsureEngine: ${NO_ENGINE}`);
  return ctx.engine;
}

/** The fields hooks read from either engine's state. @internal */
export interface CommonStreamState {
  connection: ConnectionState;
  error: Error | null;
  mode: StreamMode | null;
  stats: StreamStats;
  quality?: QualityState;
  /** Source only: lossy image quality of compressed mode. */
  imageQuality?: number;
  /** Source only: audio wire codec, `null` without audio. */
  audioCodec?: AudioWireCodec | null;
  /** The path frames take: `'websocket'` or `'webrtc'` (DataChannels). */
  transport?: TransportKind;
}

/**
 * The store a hook reads: the explicit engine's (an idle one for `null`), else the context's.
 * @internal
 */
export function useEnsureStore(
  engine: StreamEngine | null | undefined,
  hook: string,
): ReadonlyStore<CommonStreamState> {
  const ctx = React.useContext(StreamContext);
  if (engine !== undefined) return engine ? engine.store : IDLE_RECEIVER_STORE;
  if (!ctx) throw new Error(`${hook}: ${NO_ENGINE}`);
  return ctx.store;
}
