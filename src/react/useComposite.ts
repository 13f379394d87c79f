import * as React from 'react';
import { useStore } from 'zustand';
import type { InputRouting, ReceiverEngine, ReceiverState } from '../core';
import type { ReadonlyStore } from './idle';
import type { UseStreamReceiverOptions } from './useStreamReceiver';

const hasLayers = (s: ReceiverState): boolean => (s.composition?.layers.length ?? 0) > 0;

/**
 * Shows the composite on the receiver's canvas while the base channel's LayerDirectory lists
 * layers, loading the compositor by dynamic import only then; returns the refs to merge into the
 * root element and the canvas.
 * @internal
 */
export function useComposite(
  engine: ReceiverEngine | null,
  store: ReadonlyStore<ReceiverState>,
  options: UseStreamReceiverOptions & { inputRouting?: InputRouting | undefined },
): { rootRef: React.RefCallback<HTMLElement>; canvasRef: React.RefCallback<HTMLCanvasElement> } {
  const active = useStore(store, hasLayers);
  const [root, setRoot] = React.useState<HTMLElement | null>(null);
  const [canvas, setCanvas] = React.useState<HTMLCanvasElement | null>(null);
  const latest = React.useRef(options);
  latest.current = options;
  const inputsKey = JSON.stringify(options.inputs ?? null);
  const routing = options.inputRouting;
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart on the inputs' flags (inputsKey), not on a new object.
  React.useEffect(() => {
    if (!engine || !active || !root || !canvas) return;
    const o = latest.current;
    let stop: (() => void) | null = null;
    let cancelled = false;
    void import('./compositeStart').then(({ startComposite }) => {
      if (cancelled) return;
      stop = startComposite(
        {
          base: engine,
          layerOptions: {
            url: o.url,
            channel: o.channel,
            ...(o.token !== undefined ? { token: o.token } : {}),
            ...(o.getToken ? { getToken: () => latest.current.getToken?.() ?? '' } : {}),
            audio: o.audio !== false,
            haptics: o.haptics !== false,
            onHaptic: (cmd) => latest.current.onHaptic?.(cmd),
          },
          inputs: o.inputs,
          inputRouting: routing,
          renderSignal: o.renderSignal ? (ctx, s) => latest.current.renderSignal?.(ctx, s) : undefined,
        },
        root,
        canvas,
      );
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [engine, active, root, canvas, routing, inputsKey]);
  return { rootRef: setRoot, canvasRef: setCanvas };
}
