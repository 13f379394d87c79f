import * as React from 'react';
import type { VoiceChunk, VoiceIntent, VoiceRecognizer } from '../core';
import { StreamContext, type StreamContextValue } from './context';
import { useMergedRefs } from './mergeRefs';
import { splitProps } from './splitProps';
import { type UseStreamSourceOptions, useStreamSource } from './useStreamSource';
import { useVoiceIntents } from './useVoice';

// Every `useStreamSource` option; whatever else a `<StreamSource>` gets goes on its `<div>`.
const SOURCE_OPTION_KEYS: Readonly<Record<keyof UseStreamSourceOptions, true>> = {
  url: true,
  channel: true,
  layer: true,
  token: true,
  getToken: true,
  mode: true,
  fps: true,
  keyframeInterval: true,
  canvas: true,
  audioNode: true,
  audioCodec: true,
  audioBitrate: true,
  signalState: true,
  quality: true,
  imageQuality: true,
  lossless: true,
  imageEncoder: true,
  encoders: true,
  onInput: true,
  onError: true,
  maxBufferedBytes: true,
  transport: true,
};

/**
 * Props of `<StreamSource>`: the `useStreamSource` options, a canvas (as `canvasRef` or as a child
 * `<canvas>`), and any `<div>` attribute.
 * @public
 */
export interface StreamSourceProps
  extends Omit<React.HTMLAttributes<HTMLDivElement>, 'onError' | 'onInput'>,
    UseStreamSourceOptions {
  /**
   * The canvas to stream, when it is not a child. Read when the engine starts; to switch canvases
   * later, pass `canvas` instead.
   * @defaultValue the first `<canvas>` among the children
   */
  canvasRef?: React.RefObject<HTMLCanvasElement | null> | undefined;
  /**
   * Creates a speech-to-intent recogniser per receiver that speaks (`createIntentRecognizer` from
   * `@ds-stream/react/neural`); read when the engine starts.
   * @defaultValue none: voice reaches `onVoice` only
   */
  voiceRecognizer?: (() => VoiceRecognizer) | undefined;
  /** Receivers' decoded voice (VoiceInput), with the receiver id. @defaultValue undefined */
  onVoice?: ((chunk: VoiceChunk) => void) | undefined;
  /** A recognised intent `{ intent, confidence, receiverId }`. @defaultValue undefined */
  onIntent?: ((intent: VoiceIntent) => void) | undefined;
}

/**
 * The `StreamSource` component streams a canvas (a child `<canvas>`, or `canvasRef`), its audio and
 * its app state to a relay channel, and hands receivers' input to `onInput`. It renders a `<div>`
 * around its children and provides the engine to `useStreamStats`, `useStreamInput` and friends.
 * @example
 * ```tsx
 * <StreamSource url="ws://localhost:9100" channel="game" mode="delta" fps={30} onInput={(ev) => console.log(ev)}>
 *   <canvas width={640} height={360} ref={draw} />
 * </StreamSource>
 * // Adaptive: the controller picks the mode, never raw pixels, at most 4 Mb/s.
 * <StreamSource url="ws://localhost:9100" channel="game" mode="auto" quality={{ maxMode: 'compressed', maxBitrate: 4e6 }}>
 *   <canvas width={640} height={360} ref={draw} />
 * </StreamSource>
 * ```
 * @public
 */
export const StreamSource: (
  props: StreamSourceProps & React.RefAttributes<HTMLDivElement>,
) => React.ReactNode = /* @__PURE__ */ React.forwardRef<HTMLDivElement, StreamSourceProps>(
  function StreamSource({ canvas, canvasRef, children, voiceRecognizer, onVoice, onIntent, ...props }, ref) {
    const [options, rest] = splitProps<UseStreamSourceOptions, typeof props>(props, SOURCE_OPTION_KEYS);
    const [refCanvas, setRefCanvas] = React.useState<HTMLCanvasElement | null | undefined>(undefined);
    // Refs are filled before effects run, so the canvas behind `canvasRef` is known here.
    React.useEffect(() => {
      setRefCanvas(canvasRef ? canvasRef.current : undefined);
    }, [canvasRef]);
    const { engine, store, htmlProps, rootRef } = useStreamSource({
      ...options,
      canvas: canvas !== undefined ? canvas : refCanvas,
    });
    const merged = useMergedRefs<HTMLDivElement>(ref, rootRef);
    useVoiceIntents({ recognizer: voiceRecognizer, onVoice, onIntent }, engine);
    const ctx = React.useMemo<StreamContextValue>(() => ({ role: 'source', engine, store }), [engine, store]);
    return (
      <StreamContext.Provider value={ctx}>
        <div {...htmlProps} {...rest} ref={merged}>
          {children}
        </div>
      </StreamContext.Provider>
    );
  },
);
