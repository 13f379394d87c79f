// Loaded by dynamic import when a `<StreamReceiver>`'s channel lists composition layers, so plain
// single-source receivers carry none of the compositor (layer engines, painting, routing).
import {
  createCompositor,
  type InputRouting,
  type ReceiverEngine,
  type ReceiverEngineOptions,
} from '../core';

/** What the receiver lends its compositor. @internal */
export interface CompositeStart {
  readonly base: ReceiverEngine;
  readonly layerOptions: Omit<ReceiverEngineOptions, 'layer' | 'inputs' | 'renderSignal' | 'transport'>;
  readonly inputs: ReceiverEngineOptions['inputs'];
  readonly inputRouting: InputRouting | undefined;
  readonly renderSignal: ReceiverEngineOptions['renderSignal'];
}

/** Shows the composite on `canvas` until the returned function runs, then gives the canvas back to the base. @internal */
export function startComposite(o: CompositeStart, root: HTMLElement, canvas: HTMLCanvasElement): () => void {
  const render = o.renderSignal;
  const c = createCompositor({
    base: o.base,
    layerOptions: o.layerOptions,
    ...(o.inputs !== undefined ? { inputs: o.inputs } : {}),
    ...(o.inputRouting ? { inputRouting: o.inputRouting } : {}),
    ...(render ? { renderSignal: (ctx, state) => render(ctx, state) } : {}),
  });
  c.attach(root, canvas);
  return () => {
    c.dispose();
    // A no-op once the base is disposed (unmount); else the plain picture shows again.
    o.base.attach(root, canvas);
  };
}
