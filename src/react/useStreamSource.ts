import * as React from 'react';
import { useStore } from 'zustand';
import {
  type CaptureTarget,
  createSourceEngine,
  type InputEvent,
  type SignalState,
  type SourceEngine,
  type SourceEngineOptions,
  type SourceState,
  type StreamMode,
  type Transport,
} from '../core';
import {
  DEFAULT_SOURCE_FPS,
  DEFAULT_SOURCE_MODE,
  idleSourceState,
  type ReadonlyStore,
  staticStore,
} from './idle';
import { useEngineLifecycle } from './useEngineLifecycle';
import { useLatest } from './useLatest';

/** What a source captures: a canvas, an OffscreenCanvas, or a custom frame capture. @public */
export type SourceCanvas = CaptureTarget;

/**
 * Options of the `useStreamSource` hook. `url`, `channel`, `token` and `transport` identify the
 * connection: changing one of them replaces the engine. Every other option is pushed into the
 * live engine.
 * @public
 */
export interface UseStreamSourceOptions {
  /** Relay base URL, e.g. `ws://127.0.0.1:9100`. */
  url: string;
  /** Channel name; receivers on the same channel see this source. */
  channel: string;
  /**
   * Token sent to the relay when it requires one.
   * @defaultValue undefined
   */
  token?: string | undefined;
  /**
   * Mode to stream in. Setting it pins the quality controller to this mode.
   * @defaultValue `'delta'`
   */
  mode?: StreamMode | undefined;
  /**
   * Capture rate in frames per second.
   * @defaultValue 30
   */
  fps?: number | undefined;
  /**
   * A full frame every this many frames in `delta` mode (a full sync in `signal` mode).
   * @defaultValue 60
   */
  keyframeInterval?: number | undefined;
  /**
   * What to capture. `<StreamSource>` fills it from its `canvasRef` or its child `<canvas>`.
   * @defaultValue null
   */
  canvas?: SourceCanvas | null | undefined;
  /**
   * Audio to stream alongside the picture.
   * @defaultValue null
   */
  audioNode?: AudioNode | null | undefined;
  /**
   * App state for `signal` mode: an object (the latest one is diffed against the last sent
   * at each tick) or a function the engine calls once per tick.
   * @defaultValue undefined
   */
  signalState?: SignalState | (() => SignalState) | undefined;
  /**
   * Called with every input event from every receiver.
   * @defaultValue undefined
   */
  onInput?: ((event: InputEvent) => void) | undefined;
  /**
   * Called when the engine reports an error (its `state.error` changes to a new error).
   * @defaultValue undefined
   */
  onError?: ((error: Error) => void) | undefined;
  /**
   * Send queue size above which non-key frames are skipped, in bytes.
   * @defaultValue 1 MiB
   */
  maxBufferedBytes?: number | undefined;
  /**
   * A ready transport to use instead of a WebSocket to `url` (tests, custom links). The engine
   * owns it and closes it on dispose, so give each mount its own.
   * @defaultValue undefined
   */
  transport?: Transport | undefined;
}

/** Attributes `useStreamSource` puts on the element it wraps. @public */
export interface StreamSourceHtmlProps {
  'data-ds-role': 'source';
  'data-ds-mode': StreamMode;
  'data-ds-state': SourceState['connection'];
}

/** What the `useStreamSource` hook returns. @public */
export interface UseStreamSourceResult {
  /** The live engine; `null` before the mount effect ran and on the server. */
  engine: SourceEngine | null;
  /** The store hooks read: the engine's, or an idle snapshot of the options before it exists. */
  store: ReadonlyStore<SourceState>;
  /** The store's state. */
  state: SourceState;
  /** `data-ds-*` attributes for the wrapping element. */
  htmlProps: StreamSourceHtmlProps;
  /**
   * Callback ref for the wrapping element: with no `canvas` option, the first `<canvas>` inside
   * it is captured (and followed when the children change).
   */
  rootRef: React.RefCallback<HTMLElement>;
}

const readSignal = (s: UseStreamSourceOptions['signalState']): SignalState =>
  typeof s === 'function' ? s() : (s ?? {});

/**
 * The `useStreamSource` hook creates a source engine in an effect, connects it to the relay,
 * keeps it in sync with the options and disposes it on unmount.
 * @example
 * ```tsx
 * function Game() {
 *   const { htmlProps, rootRef, state } = useStreamSource({ url: 'ws://localhost:9100', channel: 'game', mode: 'delta' });
 *   // With no `canvas` option the first <canvas> inside `rootRef` is streamed.
 *   return (
 *     <section {...htmlProps} ref={rootRef}>
 *       <canvas width={640} height={360} />
 *       <p>{state.connection}, {state.receivers} watching</p>
 *     </section>
 *   );
 * }
 * ```
 * @public
 */
export function useStreamSource(options: UseStreamSourceOptions): UseStreamSourceResult {
  const latest = useLatest(options);
  const { url, channel, token, transport, mode, canvas, audioNode, signalState } = options;

  // A getter over the latest props: new signal state reaches the engine without a new engine.
  const signalGetter = React.useCallback(() => readSignal(latest.current.signalState), [latest]);
  const engine = useEngineLifecycle(() => {
    const o = latest.current;
    const init: SourceEngineOptions = { url: o.url, channel: o.channel };
    if (o.token !== undefined) init.token = o.token;
    if (o.mode !== undefined) init.mode = o.mode;
    if (o.fps !== undefined) init.fps = o.fps;
    if (o.keyframeInterval !== undefined) init.keyframeInterval = o.keyframeInterval;
    if (o.maxBufferedBytes !== undefined) init.maxBufferedBytes = o.maxBufferedBytes;
    if (o.transport !== undefined) init.transport = o.transport;
    if (o.signalState !== undefined) init.signalState = signalGetter;
    return createSourceEngine(init);
  }, [url, channel, token, transport]);

  // Before the engine exists (and on the server) the hooks read a snapshot of the props.
  const fps = options.fps;
  const idle = React.useMemo(
    () => staticStore(idleSourceState(mode ?? DEFAULT_SOURCE_MODE, fps ?? DEFAULT_SOURCE_FPS)),
    [mode, fps],
  );
  const store: ReadonlyStore<SourceState> = engine ? engine.store : idle;
  const state = useStore(store);

  // Live props -> live engine.
  React.useEffect(() => {
    if (engine && mode !== undefined && engine.store.getState().mode !== mode) engine.setMode(mode);
  }, [engine, mode]);
  const hasSignal = signalState !== undefined;
  React.useEffect(() => {
    engine?.setSignalState(hasSignal ? signalGetter : null);
  }, [engine, hasSignal, signalGetter]);
  React.useEffect(() => {
    if (engine && fps !== undefined) engine.setFps(fps);
  }, [engine, fps]);
  React.useEffect(() => {
    engine?.setAudioNode(audioNode ?? null);
  }, [engine, audioNode]);
  React.useEffect(() => {
    if (!engine) return;
    const offInput = engine.on('*', (ev: InputEvent) => latest.current.onInput?.(ev));
    const offError = engine.store.subscribe((s, prev) => {
      if (s.error && s.error !== prev.error) latest.current.onError?.(s.error);
    });
    return () => {
      offInput();
      offError();
    };
  }, [engine, latest]);

  // Canvas: the option wins; otherwise the first <canvas> inside the root, followed as children change.
  const [root, setRoot] = React.useState<HTMLElement | null>(null);
  React.useEffect(() => {
    if (!engine) return;
    if (canvas !== undefined || !root) {
      engine.setCanvas(canvas ?? null);
      return;
    }
    let found: HTMLCanvasElement | null = null;
    const pick = () => {
      const next = root.querySelector('canvas');
      if (next !== found) {
        found = next;
        engine.setCanvas(next);
      }
    };
    pick();
    const observer = new MutationObserver(pick);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [engine, canvas, root]);

  const htmlProps = React.useMemo<StreamSourceHtmlProps>(
    () => ({ 'data-ds-role': 'source', 'data-ds-mode': state.mode, 'data-ds-state': state.connection }),
    [state.mode, state.connection],
  );
  return { engine, store, state, htmlProps, rootRef: setRoot };
}
