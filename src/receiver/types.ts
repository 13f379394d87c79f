import type { StoreApi } from 'zustand/vanilla';
import type { HapticCommand } from '../codec/haptic';
import type { InputEvent, LayerDirectory, Message, SignalState } from '../protocol/index';
import type { QualityState, StreamMode } from '../quality/ladder';
import type {
  ConnectionState,
  RelayUrls,
  RTCPeerConnectionConstructor,
  StreamStats,
  Transport,
  TransportChoice,
  TransportKind,
  WebSocketConstructor,
} from '../transport/index';

/** State of a `ReceiverEngine`, in its zustand vanilla store. @public */
export interface ReceiverState {
  /** Link to the relay. */
  connection: ConnectionState;
  /** The path frames take now: `'webrtc'` once a DataChannel transport has moved to its channels. */
  transport: TransportKind;
  /** Last failure (transport, undecodable frame); cleared when the link reopens. */
  error: Error | null;
  /** Mode of the last frame received, `null` before any. */
  mode: StreamMode | null;
  /** Width of the last picture, in source pixels. */
  width: number;
  /** Height of the last picture, in source pixels. */
  height: number;
  /** False after the relay said the source left (StreamStatus/End). */
  sourceOnline: boolean;
  /** Stats, refreshed about 4 times a second. */
  stats: StreamStats;
  /** Merged signal state in signal mode. */
  signal: SignalState | null;
  /**
   * The quality layer the relay put this receiver on and why (`quality.layer`; `quality.reason`
   * is `join`, `congested`, `lagging`, `recovered` or `offer`), from the relay's LayerReport;
   * absent until one arrives (a fixed-mode stream, or a relay without layers).
   */
  quality?: QualityState;
  /**
   * The channel's composition layers (issue 21), from the relay's LayerDirectory on the base
   * channel: where each layer sits and whether its source is online; absent until one arrives
   * (a plain single-source channel).
   */
  composition?: LayerDirectory;
}

/**
 * Where pictures go: a 2D canvas in the browser, an `@napi-rs/canvas` in Node, or anything
 * else that can show RGBA. `createCanvasSurface` builds one from a canvas.
 * @public
 */
export interface RenderSurface {
  /** Current width in pixels. */
  readonly width: number;
  /** Current height in pixels. */
  readonly height: number;
  /** Resizes (and so clears) the surface; a no-op when the size is unchanged. */
  resize(width: number, height: number): void;
  /** Shows `width*height*4` bytes of RGBA, resizing to that size first. */
  putPixels(rgba: Uint8ClampedArray, width: number, height: number): void;
  /** Shows a decoded image (compressed frames), resizing first; absent where images cannot be drawn. */
  drawImage?(image: CanvasImageSource, width: number, height: number): void;
  /** A 2D context for signal renderers, when there is one. */
  context2d(): CanvasRenderingContext2D | null;
}

/** What the engine lends a renderer. @public */
export interface RendererContext {
  /** Asks the source for a keyframe (the current picture cannot be updated). */
  requestKeyframe(reason: string): void;
  /** Schedules a draw on the next animation frame. */
  invalidate(): void;
  /** Publishes signal state into the store. */
  setSignal(state: SignalState | null): void;
  /** App renderer for signal mode, when given. */
  readonly renderSignal: ((ctx: CanvasRenderingContext2D, state: SignalState) => void) | undefined;
}

/**
 * Renders the frame types it registers for. `receive` runs for every message in arrival
 * order (a delta must be applied even if it is never shown); `draw` runs at most once per
 * animation frame and shows only the latest state, so there is never a backlog.
 * @public
 */
export interface FrameRenderer {
  /** Handles one message; returns whether something new can be drawn. May be async. */
  receive(message: Message): boolean | Promise<boolean>;
  /** Shows the latest picture (`null`: nothing attached; a signal renderer still publishes state). */
  draw(surface: RenderSurface | null): void;
  /** Forgets any reference (after another renderer drew, or a reconnect). */
  reset(): void;
  /** Frees resources. */
  dispose?(): void;
}

/** Creates a renderer, possibly lazily (a dynamic `import()` of a model decoder). @public */
export type FrameRendererFactory = (ctx: RendererContext) => FrameRenderer | Promise<FrameRenderer>;

/** Which inputs a receiver captures. @public */
export interface ReceiverInputOptions {
  /**
   * Pointer moves (coalesced per animation frame), presses and releases.
   * @defaultValue true
   */
  pointer?: boolean;
  /**
   * Key presses and releases (the element becomes focusable).
   * @defaultValue true
   */
  keyboard?: boolean;
  /**
   * Touch points with their ids (multi-touch).
   * @defaultValue true
   */
  touch?: boolean;
  /**
   * Gamepad axes and buttons, polled each animation frame.
   * @defaultValue true
   */
  gamepad?: boolean;
  /**
   * Wheel deltas, summed per animation frame.
   * @defaultValue true
   */
  scroll?: boolean;
  /**
   * The element size, when it changes.
   * @defaultValue true
   */
  resize?: boolean;
}

/** Options of `createReceiverEngine`. @public */
export interface ReceiverEngineOptions {
  /** Relay base URL, e.g. `ws://127.0.0.1:9100`, or a cluster's relays (tried in turn on reconnect). */
  url: RelayUrls;
  /** Channel name. */
  channel: string;
  /**
   * Receive one composition layer of the channel (`?layer=<name>`: its frames only, and input goes
   * to its source only); a name is 1-32 of `A-Za-z0-9_-` (else `BAD_URL`).
   * @defaultValue none (the base channel: its own frames and the LayerDirectory)
   */
  layer?: string;
  /** Token for relays that require one. */
  token?: string;
  /**
   * Called before each connection attempt (the first and every reconnect) for a fresh token, which
   * replaces `token` in the URL: an expiring token is renewed on reconnect. A throw or rejection
   * shows as a `TOKEN_FAILED` error in `state.error` and the attempt is retried on the backoff
   * schedule. Not used when `transport` is given.
   * @defaultValue none (`token`, if any, is sent on every attempt)
   */
  getToken?: () => Promise<string> | string;
  /** Draws signal state (signal mode). */
  renderSignal?: (ctx: CanvasRenderingContext2D, state: SignalState) => void;
  /**
   * Inputs to capture; `false` captures none.
   * @defaultValue all true
   */
  inputs?: ReceiverInputOptions | false;
  /**
   * Play Haptic frames with `navigator.vibrate` / gamepad rumble.
   * @defaultValue true
   */
  haptics?: boolean;
  /**
   * Called with every Haptic frame, whether or not the device can vibrate and whether or not
   * `haptics` is on, so a UI can show an indicator (a throw is reported as the store's `error`).
   * @defaultValue none
   * @example
   * ```ts
   * createReceiverEngine({ url, channel, onHaptic: (cmd) => flash(cmd.durationMs) });
   * ```
   */
  onHaptic?: (cmd: HapticCommand) => void;
  /**
   * Play audio frames (AudioPcm, and Opus AudioCompressed where WebCodecs can decode it).
   * @defaultValue true
   */
  audio?: boolean;
  /**
   * A ready transport; when given, `url`/`channel`/`token` are not used to connect. Ownership
   * passes to the engine: it connects the transport if idle and closes it on `dispose()`, so do not
   * share one transport between engines or reuse it after disposing (a closed transport cannot
   * reopen; a second engine reports `DISPOSED`).
   * `'auto'` / `'webrtc'` build a DataChannel transport to `url`/`channel` (its code loads on
   * demand): `'auto'` streams over DataChannels when the relay offers them and ICE completes, else
   * over the WebSocket; `'webrtc'` never streams over the WebSocket. `state.transport` says which.
   * @defaultValue `'websocket'`: a WebSocket transport to `url`/`channel` that the engine creates
   */
  transport?: Transport | TransportChoice;
  /**
   * WebSocket implementation for the default transport (pass `ws`'s in Node 20).
   * @defaultValue `globalThis.WebSocket`
   */
  WebSocket?: WebSocketConstructor;
  /**
   * RTCPeerConnection for `transport: 'auto' | 'webrtc'` (in Node: `node-datachannel/polyfill`'s).
   * @defaultValue `globalThis.RTCPeerConnection`
   */
  RTCPeerConnection?: RTCPeerConnectionConstructor;
  /** Extra or replacement renderers by frame type code (e.g. a neural decoder, loaded lazily). */
  renderers?: Partial<Record<number, FrameRendererFactory>>;
  /**
   * Ping interval for RTT, ms; 0 disables (and with it half-open detection).
   * @defaultValue 1000
   */
  pingIntervalMs?: number;
  /**
   * Pings in a row with nothing (no Pong, no other message) back after which the connection counts
   * as lost (half-open: the peer vanished without closing) and the transport reconnects; 0 disables.
   * @defaultValue 3
   */
  maxMissedPongs?: number;
  /**
   * Send an ACK for each decoded picture or signal frame.
   * @defaultValue true
   */
  acks?: boolean;
}

/**
 * A framework-free receiver: receives, decodes, renders; captures and sends input.
 * @public
 */
export interface ReceiverEngine {
  /** zustand vanilla store; only the engine writes it. */
  readonly store: StoreApi<ReceiverState>;
  /** Opens the transport. Idempotent. */
  connect(): void;
  /**
   * Renders into `canvas` (or any `RenderSurface`) and captures input on `element`
   * (`null`: no input capture).
   */
  attach(element: HTMLElement | null, canvas: HTMLCanvasElement | OffscreenCanvas | RenderSurface): void;
  /** Stops rendering and input capture (the connection stays). */
  detach(): void;
  /**
   * Sends one input event to the source, in call order, while connected. The input codec loads
   * with the first event (ACKs excepted), so the first goes out once it is there; an event that
   * does not encode (a malformed VoiceInput or BciInput) becomes the store's `error`.
   */
  sendInput(ev: InputEvent): void;
  /** Changes which inputs are captured, live (the connection stays). */
  setInputs(inputs: ReceiverInputOptions | false | undefined): void;
  /** Turns audio playback on or off, live. */
  setAudio(on: boolean): void;
  /** Turns haptic playback on or off, live. */
  setHaptics(on: boolean): void;
  /** Stops everything; idempotent. */
  dispose(): void;
}
