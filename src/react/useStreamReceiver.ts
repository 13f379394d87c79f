import * as React from 'react';
import { useStore } from 'zustand';
import {
  createReceiverEngine,
  type HapticCommand,
  type ReceiverEngine,
  type ReceiverEngineOptions,
  type ReceiverInputOptions,
  type ReceiverState,
  type RelayUrls,
  type SignalState,
  type StreamMode,
  type Transport,
  type TransportChoice,
} from '../core';
import { IDLE_RECEIVER_STORE, type ReadonlyStore } from './idle';
import { tokenTrampoline } from './tokenTrampoline';
import { urlKey } from './urlKey';
import { useEngineLifecycle } from './useEngineLifecycle';
import { useLatest } from './useLatest';

/** Which kinds of receiver input are captured and sent to the source. @public */
export type StreamInputs = ReceiverInputOptions | false;

/**
 * Options of the `useStreamReceiver` hook. `url`, `channel`, `token` and `transport` identify the
 * connection: changing one of them replaces the engine (and reconnects). Every other option is
 * pushed into the live engine, on the same connection.
 * @public
 */
export interface UseStreamReceiverOptions {
  /** Relay base URL, e.g. `ws://127.0.0.1:9100`, or a cluster's relays (tried in turn on reconnect). */
  url: RelayUrls;
  /** Channel name to watch. */
  channel: string;
  /**
   * Token sent to the relay when it requires one.
   * @defaultValue undefined
   */
  token?: string | undefined;
  /**
   * Called before each connection attempt (the first and every reconnect) for a fresh token, which
   * replaces `token`: an expiring token is renewed on reconnect. Read through a ref, so a new
   * function (an inline arrow) does not reconnect; only adding or removing it replaces the engine.
   * A throw or rejection shows as a `TOKEN_FAILED` error and is retried on the backoff schedule.
   * @defaultValue undefined
   */
  getToken?: (() => Promise<string> | string) | undefined;
  /**
   * Draws `signal`-mode state onto the canvas; without it, signal frames only update `state.signal`.
   * @defaultValue undefined
   */
  renderSignal?: ((ctx: CanvasRenderingContext2D, state: SignalState) => void) | undefined;
  /**
   * Which inputs to capture on the receiver element and send to the source; `false` for none.
   * Live: a changed flag takes effect at once, on the same connection (an inline object is fine,
   * only the flags are compared).
   * @defaultValue every input on
   */
  inputs?: StreamInputs | undefined;
  /**
   * Play haptic frames through `navigator.vibrate` / the Gamepad API. Live.
   * @defaultValue true
   */
  haptics?: boolean | undefined;
  /**
   * Play audio frames. Live: turning it off closes the audio output, on the same connection.
   * @defaultValue true
   */
  audio?: boolean | undefined;
  /**
   * Called when the engine reports an error (its `state.error` changes to a new error).
   * @defaultValue undefined
   */
  onError?: ((error: Error) => void) | undefined;
  /**
   * Called for every Haptic frame, whether or not the device can vibrate (and whatever
   * `haptics` says), e.g. to flash an on-screen indicator. A new function needs no new engine.
   * @defaultValue undefined
   */
  onHaptic?: ((cmd: HapticCommand) => void) | undefined;
  /**
   * `'websocket'`, `'webrtc'` or `'auto'` (DataChannels when the relay offers them, else the
   * WebSocket; the WebRTC code loads only then), or a ready transport to use instead (tests, custom
   * links): the engine owns it and closes it on dispose, so give each mount its own.
   * @defaultValue undefined (`'websocket'`)
   */
  transport?: Transport | TransportChoice | undefined;
}

/** Attributes `useStreamReceiver` puts on the receiver's root element. @public */
export interface StreamReceiverHtmlProps {
  'data-ds-role': 'receiver';
  'data-ds-mode': StreamMode | undefined;
  'data-ds-state': ReceiverState['connection'];
  'data-ds-source': 'online' | 'offline';
  /** 0 when keyboard input is captured (the element must take focus), absent otherwise. */
  tabIndex: number | undefined;
}

/** What the `useStreamReceiver` hook returns. @public */
export interface UseStreamReceiverResult {
  /** The live engine; `null` before the mount effect ran and on the server. */
  engine: ReceiverEngine | null;
  /** The store hooks read: the engine's, or an idle snapshot before it exists. */
  store: ReadonlyStore<ReceiverState>;
  /** The store's state. */
  state: ReceiverState;
  /** `data-ds-*` attributes and `tabIndex` (so keyboard input can take focus) for the root element. */
  htmlProps: StreamReceiverHtmlProps;
  /** Callback ref for the root element: input is captured on it. */
  rootRef: React.RefCallback<HTMLElement>;
  /** Callback ref for the `<canvas>` the engine draws into. */
  canvasRef: React.RefCallback<HTMLCanvasElement>;
}

const INPUT_FLAGS = ['pointer', 'keyboard', 'touch', 'gamepad', 'scroll', 'resize'] as const;

// `inputs` is usually an inline object literal: compare its flags, not its identity.
function inputsKey(inputs: StreamInputs | undefined): string {
  if (inputs === undefined) return 'default';
  if (inputs === false) return 'none';
  return INPUT_FLAGS.map((f) => (inputs[f] === undefined ? '-' : inputs[f] ? '1' : '0')).join('');
}

/** The inverse of `inputsKey`: a stable value per distinct set of flags. */
function inputsFromKey(key: string): StreamInputs | undefined {
  if (key === 'default') return undefined;
  if (key === 'none') return false;
  const out: ReceiverInputOptions = {};
  INPUT_FLAGS.forEach((f, i) => {
    const c = key[i];
    if (c !== '-') out[f] = c === '1';
  });
  return out;
}

/**
 * The `useStreamReceiver` hook creates a receiver engine in an effect, connects it to the relay,
 * attaches it to a root element and a canvas, and disposes it on unmount.
 * @example
 * ```tsx
 * function Viewer() {
 *   const { htmlProps, rootRef, canvasRef, state } = useStreamReceiver({ url: 'ws://localhost:9100', channel: 'game' });
 *   return (
 *     <div {...htmlProps} ref={rootRef}>
 *       <canvas ref={canvasRef} />
 *       {state.sourceOnline ? null : <p>Waiting for the source</p>}
 *     </div>
 *   );
 * }
 * ```
 * @public
 */
export function useStreamReceiver(options: UseStreamReceiverOptions): UseStreamReceiverResult {
  const latest = useLatest(options);
  const { url, channel, token, getToken, transport, inputs, audio, haptics } = options;
  const inputsKeyed = inputsKey(inputs);

  const engine = useEngineLifecycle(() => {
    const o = latest.current;
    const init: ReceiverEngineOptions = { url: o.url, channel: o.channel };
    if (o.token !== undefined) init.token = o.token;
    if (o.getToken !== undefined) init.getToken = tokenTrampoline(latest);
    if (o.inputs !== undefined) init.inputs = o.inputs;
    if (o.haptics !== undefined) init.haptics = o.haptics;
    if (o.audio !== undefined) init.audio = o.audio;
    if (o.transport !== undefined) init.transport = o.transport;
    // Trampolines over the latest props: a new callback needs no new engine.
    init.onHaptic = (cmd) => latest.current.onHaptic?.(cmd);
    if (o.renderSignal) {
      init.renderSignal = (ctx, s) => latest.current.renderSignal?.(ctx, s);
    }
    return createReceiverEngine(init);
  }, [urlKey(url), channel, token, transport, getToken ? 'getToken' : '']);

  const store: ReadonlyStore<ReceiverState> = engine ? engine.store : IDLE_RECEIVER_STORE;
  const state = useStore(store);

  React.useEffect(() => {
    if (!engine) return;
    return engine.store.subscribe((st, prev) => {
      if (st.error && st.error !== prev.error) latest.current.onError?.(st.error);
    });
  }, [engine, latest]);

  // Live props -> live engine, declared before the attach effect: for a new engine the flags are
  // stored first and attach starts input capture once, instead of starting and restarting it.
  const liveInputs = React.useMemo(() => inputsFromKey(inputsKeyed), [inputsKeyed]);
  React.useEffect(() => {
    engine?.setInputs(liveInputs);
  }, [engine, liveInputs]);
  React.useEffect(() => {
    engine?.setAudio(audio !== false);
  }, [engine, audio]);
  React.useEffect(() => {
    engine?.setHaptics(haptics !== false);
  }, [engine, haptics]);

  const [root, setRoot] = React.useState<HTMLElement | null>(null);
  const [canvas, setCanvas] = React.useState<HTMLCanvasElement | null>(null);
  React.useEffect(() => {
    if (!engine || !root || !canvas) return;
    engine.attach(root, canvas);
    return () => engine.detach();
  }, [engine, root, canvas]);

  const keyboard = liveInputs !== false && liveInputs?.keyboard !== false;
  const htmlProps = React.useMemo<StreamReceiverHtmlProps>(
    () => ({
      'data-ds-role': 'receiver',
      'data-ds-mode': state.mode ?? undefined,
      'data-ds-state': state.connection,
      'data-ds-source': state.sourceOnline ? 'online' : 'offline',
      tabIndex: keyboard ? 0 : undefined,
    }),
    [state.mode, state.connection, state.sourceOnline, keyboard],
  );
  return { engine, store, state, htmlProps, rootRef: setRoot, canvasRef: setCanvas };
}
