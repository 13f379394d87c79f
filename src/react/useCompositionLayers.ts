import { useStore } from 'zustand';
import type { CompositionLayer, ReceiverEngine, ReceiverState } from '../core';
import { useMaybeStreamContext } from './context';
import { IDLE_RECEIVER_STORE, type ReadonlyStore } from './idle';

const NONE: readonly CompositionLayer[] = [];
const select = (s: ReceiverState): readonly CompositionLayer[] => s.composition?.layers ?? NONE;

/**
 * The `useCompositionLayers` hook lists the channel's composition layers (issue 21) from the relay's
 * LayerDirectory: each layer's name, z, region, opacity, whether it takes input and whether its
 * source is `online`. Empty for a plain single-source channel, before the directory arrives, and
 * inside a `<StreamSource>`. Reads the nearest `<StreamReceiver>`, or the engine given.
 * @example
 * ```tsx
 * function Layers() {
 *   const layers = useCompositionLayers();
 *   return <ul>{layers.map((l) => <li key={l.name}>{l.name}: {l.online ? 'live' : 'gone'}</li>)}</ul>;
 * }
 * ```
 * @public
 */
export function useCompositionLayers(engine?: ReceiverEngine | null): readonly CompositionLayer[] {
  const ctx = useMaybeStreamContext();
  let store: ReadonlyStore<ReceiverState> = IDLE_RECEIVER_STORE;
  if (engine !== undefined) store = engine ? engine.store : IDLE_RECEIVER_STORE;
  else if (ctx?.role === 'receiver') store = ctx.store;
  return useStore(store, select);
}
