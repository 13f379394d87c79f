import * as React from 'react';
import type { InputRouting, VoiceCaptureOptions } from '../core';
import { StreamContext, type StreamContextValue } from './context';
import { useMergedRefs } from './mergeRefs';
import { splitProps } from './splitProps';
import { useComposite } from './useComposite';
import { type UseStreamReceiverOptions, useStreamReceiver } from './useStreamReceiver';
import { useVoiceProp } from './useVoiceProp';

// Every `useStreamReceiver` option; whatever else a `<StreamReceiver>` gets goes on its `<div>`.
const RECEIVER_OPTION_KEYS: Readonly<Record<keyof UseStreamReceiverOptions, true>> = {
  url: true,
  channel: true,
  token: true,
  getToken: true,
  renderSignal: true,
  inputs: true,
  haptics: true,
  audio: true,
  onError: true,
  onHaptic: true,
  transport: true,
};

/**
 * Props of `<StreamReceiver>`: the `useStreamReceiver` options and any `<div>` attribute.
 * @public
 */
export interface StreamReceiverProps
  extends Omit<React.HTMLAttributes<HTMLDivElement>, 'onError'>,
    UseStreamReceiverOptions {
  /**
   * Attributes for the `<canvas>` the receiver draws into (className, style, aria-label).
   * @defaultValue undefined
   */
  canvasProps?: React.CanvasHTMLAttributes<HTMLCanvasElement> | undefined;
  /**
   * Stream the microphone to the source as VoiceInput (the browser asks the user first):
   * `true` or capture options (push-to-talk or voice activity, codec). Off by default.
   * @defaultValue false
   */
  voice?: boolean | VoiceCaptureOptions | undefined;
  /**
   * On a channel with composition layers: `'topmost'` sends pointer and touch to the topmost
   * input-taking layer under the point and keys to the last one clicked; `'broadcast'` sends every
   * event to every layer.
   * @defaultValue 'topmost'
   */
  inputRouting?: InputRouting | undefined;
}

/**
 * The `StreamReceiver` component shows a relay channel on its own `<canvas>`, plays its audio and
 * haptics, and sends the chosen inputs back to the source. Children (such as `<StatsOverlay>`)
 * render after the canvas and can use the receiver's hooks.
 * @example
 * ```tsx
 * <StreamReceiver url="ws://localhost:9100" channel="game" inputs={{ pointer: true, keyboard: true }}>
 *   <StatsOverlay />
 * </StreamReceiver>
 * ```
 * @public
 */
export const StreamReceiver: (
  props: StreamReceiverProps & React.RefAttributes<HTMLDivElement>,
) => React.ReactNode = /* @__PURE__ */ React.forwardRef<HTMLDivElement, StreamReceiverProps>(
  function StreamReceiver({ canvasProps, children, voice, inputRouting, ...props }, ref) {
    const [options, rest] = splitProps<UseStreamReceiverOptions, typeof props>(props, RECEIVER_OPTION_KEYS);
    const { engine, store, htmlProps, rootRef, canvasRef } = useStreamReceiver(options);
    useVoiceProp(voice, engine, (e) => options.onError?.(e));
    // A channel whose directory lists composition layers shows their composite instead.
    const composite = useComposite(engine, store, { ...options, inputRouting });
    const merged = useMergedRefs<HTMLDivElement>(ref, rootRef, composite.rootRef);
    const canvasMerged = useMergedRefs<HTMLCanvasElement>(canvasRef, composite.canvasRef);
    const ctx = React.useMemo<StreamContextValue>(
      () => ({ role: 'receiver', engine, store }),
      [engine, store],
    );
    return (
      <StreamContext.Provider value={ctx}>
        <div {...htmlProps} {...rest} ref={merged}>
          <canvas {...canvasProps} ref={canvasMerged} />
          {children}
        </div>
      </StreamContext.Provider>
    );
  },
);
