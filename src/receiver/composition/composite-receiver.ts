import type { StoreApi } from 'zustand/vanilla';
import { createReceiverEngine } from '../receiver-engine';
import type { ReceiverEngine, ReceiverEngineOptions, ReceiverState } from '../types';
import { type CompositeState, type Compositor, type CompositorOptions, createCompositor } from './compositor';

/** Options of `createCompositeReceiver`: the base channel's, plus how layers are shown and routed. @public */
export interface CompositeReceiverOptions
  extends Omit<ReceiverEngineOptions, 'layer' | 'renderSignal'>,
    Pick<CompositorOptions, 'inputRouting' | 'createCanvas' | 'renderSignal'> {}

/** A receiver of a channel's composite: the base engine and its compositor together. @public */
export interface CompositeReceiver {
  /** The base channel's engine (LayerDirectory, the plain source's frames as layer `''`). */
  readonly base: ReceiverEngine;
  /** The base engine's state (connection, `composition`). */
  readonly baseStore: StoreApi<ReceiverState>;
  /** The composite: size and every layer's placement and stream state. */
  readonly store: StoreApi<CompositeState>;
  /** Connects the base (layers connect as the directory lists them online). Idempotent. */
  connect(): void;
  attach: Compositor['attach'];
  detach: Compositor['detach'];
  setInputs: Compositor['setInputs'];
  sendInput: Compositor['sendInput'];
  engine: Compositor['engine'];
  /** Closes every layer and the base. Idempotent. */
  dispose(): void;
}

/**
 * Receives a channel's composite (docs/ARCHITECTURE.md "Composition"): the base channel's engine
 * reads the relay's LayerDirectory, one ordinary receiver engine per online layer receives
 * `?layer=<name>` into an offscreen canvas, and every display frame the layers are drawn into the
 * visible canvas in z order with their opacity, each scaled into its region. Pointer and touch go to
 * the topmost input-taking layer under the point (in its own pixels), keys to the last one clicked.
 * @example
 * ```ts
 * const rx = createCompositeReceiver({ url: 'ws://127.0.0.1:9100', channel: 'arena' });
 * rx.attach(div, canvas);
 * rx.connect();
 * rx.store.subscribe((s) => console.log(s.layers.map((l) => `${l.name}:${l.online}`)));
 * ```
 * @public
 */
export function createCompositeReceiver(options: CompositeReceiverOptions): CompositeReceiver {
  const { inputRouting, createCanvas, renderSignal, inputs, transport, ...common } = options;
  const baseOptions: ReceiverEngineOptions = { ...common, inputs: false };
  if (transport !== undefined) baseOptions.transport = transport;
  if (renderSignal) baseOptions.renderSignal = (ctx, state) => renderSignal(ctx, state, '');
  const base = createReceiverEngine(baseOptions);
  const c: CompositorOptions = { base, layerOptions: common };
  const compositor = createCompositor({
    ...c,
    ...(inputs !== undefined ? { inputs } : {}),
    ...(inputRouting ? { inputRouting } : {}),
    ...(createCanvas ? { createCanvas } : {}),
    ...(renderSignal ? { renderSignal } : {}),
  });
  return {
    base,
    baseStore: base.store,
    store: compositor.store,
    connect: () => base.connect(),
    attach: (el, canvas) => compositor.attach(el, canvas),
    detach: () => compositor.detach(),
    setInputs: (i) => compositor.setInputs(i),
    sendInput: (ev) => compositor.sendInput(ev),
    engine: (name) => compositor.engine(name),
    dispose() {
      compositor.dispose();
      base.dispose();
    },
  };
}
