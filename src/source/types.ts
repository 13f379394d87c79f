import type { StoreApi } from 'zustand/vanilla';
import type { AudioWireCodec } from '../media/audio-messages';
import type { AckInput, InputKind, SignalState } from '../protocol/index';
import type {
  QualityBounds,
  QualityController,
  QualityControllerOptions,
  QualityState,
  StreamMode,
} from '../quality/index';
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
import type { SourceCompositionLayer } from './composition-layer';
import type { FrameCapture, FrameEncoderFactory, ImageEncodeFn } from './encoder-types';
import type { CaptureSchedule } from './frame-clock';
import type { InputHandler } from './input-types';
import type { SourceLayersState } from './layer-types';
import type { SourceLiveSettings } from './live-types';

export type { SourceCompositionLayer } from './composition-layer';
// The encoder, layer and input types live in their own files; the public API keeps them here too.
export type {
  CapturedFrame,
  EncodeContext,
  EncodedFrame,
  EncoderFactoryOptions,
  EncoderInput,
  FrameCapture,
  FrameEncoder,
  FrameEncoderFactory,
  ImageEncodeFn,
} from './encoder-types';
export type { InputHandler, InputOfKind, InputOrigin } from './input-types';
export type { SourceLayerState, SourceLayersState } from './layer-types';

/** State of a `SourceEngine`, in its zustand vanilla store. @public */
export interface SourceState {
  /** Link to the relay. */
  connection: ConnectionState;
  /** The path frames take now: `'webrtc'` once a DataChannel transport has moved to its channels. */
  transport: TransportKind;
  /** Last failure (transport, encoder, bad input message); cleared when the link reopens. */
  error: Error | null;
  /** Mode being streamed. */
  mode: StreamMode;
  /** Stats, refreshed about 4 times a second. */
  stats: StreamStats;
  /** Adaptive-quality state (mirrors the app's settings when no controller runs). */
  quality: QualityState;
  /** Receivers known to be watching (from ACKs of the last few seconds). */
  receivers: number;
  /**
   * Relay ids of the receivers connected, as the relay last listed them (Roster); `null` while
   * it has not (not connected yet, or a relay that does not send Roster).
   */
  receiverIds: readonly number[] | null;
  /**
   * ACKs the source refused as implausible since it was created (a frame it never sent or no
   * longer remembers, a timestamp that does not match, a receiver the relay does not list, or a
   * queue depth beyond the frames that receiver was sent): they reach neither the quality
   * controller nor `onAck`. Rules in docs/ARCHITECTURE.md.
   */
  implausibleAcks: number;
  /**
   * Input messages from receivers that did not decode (a wrong payload size, an unknown kind of
   * a known type, bad values) since the source was created. A receiver's broken or hostile input
   * is counted here and dropped: it is not the source's `error`, so no receiver can put a source
   * into an error state.
   */
  badInput: number;
  /** Lossy image quality 0..1 used in compressed mode. */
  imageQuality: number;
  /** Wire codec of the audio stream (`'opus'` = AudioCompressed, `'pcm'` = AudioPcm), `null` without audio. */
  audioCodec: AudioWireCodec | null;
  /**
   * Quality layers of an adaptive source (`quality` set, mode not pinned): what it offers, and per
   * layer who is on it, its fps, image quality and bytes/s; `null` for a fixed or pinned mode.
   */
  layers: SourceLayersState | null;
}

/** A canvas the source can capture. @public */
export type CaptureTarget = HTMLCanvasElement | OffscreenCanvas | FrameCapture;

/** Options of `createSourceEngine`. @public */
export interface SourceEngineOptions {
  /** Relay base URL, e.g. `ws://127.0.0.1:9100`, or a cluster's relays (tried in turn on reconnect). */
  url: RelayUrls;
  /** Channel name. */
  channel: string;
  /**
   * Stream as one composition layer of the channel (`&layer=<id>`, several sources on one
   * channel): the engine sends its LayerPlacement on every open and on `setLayer`.
   * @defaultValue none (the channel's plain source)
   */
  layer?: SourceCompositionLayer;
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
  /**
   * Streaming mode.
   * @defaultValue 'delta'
   */
  mode?: StreamMode;
  /**
   * Target frames per second, a finite number in (0, 240]; anything else throws `TypeError`.
   * @defaultValue 30
   */
  fps?: number;
  /**
   * When to capture: `'animation-frame'` captures in the display frame right after the app's own
   * `requestAnimationFrame` paint, throttled to `fps` (lowest glass-to-glass latency);
   * `'interval'` runs a drift-free timer at `fps`; `'manual'` captures only when the app calls
   * `captureNow()` after painting. `captureNow()` works in every schedule (the fps budget is shared).
   * @defaultValue 'animation-frame' where `requestAnimationFrame` exists, else 'interval'
   */
  capture?: CaptureSchedule;
  /**
   * Frames between keyframes in delta mode (and SignalSyncs in signal mode). Unset, delta mode
   * sends one every `DELTA_KEYFRAME_INTERVAL` (300) frames and signal mode every 60.
   * @defaultValue 300 (delta), 60 (signal)
   */
  keyframeInterval?: number;
  /** What to capture; can be set later with `setCanvas`. */
  canvas?: CaptureTarget;
  /** Returns the app's state for signal mode. */
  signalState?: () => SignalState;
  /** Audio to stream (browser only): Opus (AudioCompressed) where WebCodecs has it, else AudioPcm. */
  audioNode?: AudioNode;
  /**
   * Audio wire codec; `'auto'` picks Opus where the browser can encode it.
   * @defaultValue 'auto'
   */
  audioCodec?: AudioWireCodec | 'auto';
  /**
   * Opus bitrate, bits per second (about 6 KB/s on the wire at the default).
   * @defaultValue 48000
   */
  audioBitrate?: number;
  /**
   * Image encoder for compressed mode. Browsers have one built in; a Node source passes one
   * (sharp, `@napi-rs/canvas`) to make compressed mode available.
   * @defaultValue the browser's canvas encoder, none in Node
   */
  imageEncoder?: ImageEncodeFn;
  /**
   * Starting lossy WebP quality 0..1 in compressed mode; the quality controller lowers it while the
   * link is congested and brings it back when the link is healthy.
   * @defaultValue 0.8
   */
  imageQuality?: number;
  /**
   * Compressed mode sends lossless PNG instead of WebP.
   * @defaultValue false
   */
  lossless?: boolean;
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
  /**
   * Skip a frame while the transport holds more than this many unsent bytes.
   * @defaultValue 1 MiB
   */
  maxBufferedBytes?: number;
  /** Encoders per mode, replacing or adding to the built-in pixel/delta/signal ones. */
  encoders?: Partial<Record<StreamMode, FrameEncoderFactory>>;
  /**
   * Adaptive quality: a controller (or options to create one) fed with frames sent and ACKs;
   * about four times a second the engine applies its level and fps. `setMode` then pins a mode.
   * Without it the mode only changes through `setMode`.
   * @defaultValue none (no adaptation)
   */
  quality?: QualityController | QualityControllerOptions;
  /** Called with every ACK a receiver sends that the source finds plausible (the quality controller's input). */
  onAck?: (ack: AckInput) => void;
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
}

/**
 * A framework-free source: captures, encodes, sends; receives input.
 * @public
 */
export interface SourceEngine {
  /** zustand vanilla store; only the engine writes it. */
  readonly store: StoreApi<SourceState>;
  /** Opens the transport and starts streaming. Idempotent. */
  connect(): void;
  /** Changes what is captured (`null` pauses pictures). */
  setCanvas(canvas: CaptureTarget | null): void;
  /**
   * Switches mode (pins it when a quality controller runs); the next frame is a keyframe. `null`
   * hands the choice back to the controller.
   */
  setMode(mode: StreamMode | null): void;
  /**
   * Limits the quality controller (`minMode`, `maxMode`, `maxBitrate`, `modes`), at once; bounds that
   * leave no mode the engine can produce are refused (the store's `error` says why).
   */
  setQualityBounds(bounds: QualityBounds): void;
  /** Changes the capture rate; throws `TypeError` unless `fps` is a finite number in (0, 240]. */
  setFps(fps: number): void;
  /** Sets the lossy image quality 0..1 of compressed mode (the controller may lower it under congestion). */
  setImageQuality(quality: number): void;
  /** Replaces the signal-state getter. */
  setSignalState(getter: (() => SignalState) | null): void;
  /** Streams this node's audio (`null` stops). */
  setAudioNode(node: AudioNode | null): void;
  /** Sends a haptic command to every receiver. */
  haptic(cmd: { durationMs: number; intensity: number; pattern?: number[] }): void;
  /**
   * Subscribes to an input kind, or `'*'` for all; handlers get the typed event and
   * `{ receiverId }` (who sent it). Returns the unsubscribe function. A handler that throws does
   * not stop the others; its error lands in `store.error` (never rethrown).
   */
  on<K extends InputKind | '*'>(kind: K, handler: InputHandler<K>): () => void;
  /**
   * Moves this source's composition layer (same `id` as the `layer` option): sent at once when
   * connected, and again on every reconnect.
   * @throws TypeError without a `layer` option or for another id; ProtocolError `BAD_PAYLOAD`
   * for a field out of range
   */
  setLayer(layer: SourceCompositionLayer): void;
  /**
   * Applies a binding's live settings: only what changed since the last call (by value for
   * bounds and placement), so a framework binding hands it everything on each render. A fixed
   * `mode` pins the controller, `'auto'` unpins it.
   * @throws as `setFps` and `setLayer` do (after the other settings are applied)
   */
  update(settings: SourceLiveSettings): void;
  /** Sends a keyframe with the next frame. */
  requestKeyframe(): void;
  /**
   * Captures and sends a frame now, if the fps budget has a slot; call it right after painting.
   * Like scheduled captures it is skipped (counted as dropped) while a frame is still encoding
   * or the socket is backed up, and does nothing before `connect()` or after `dispose()`.
   * Returns whether a capture step ran.
   * @example
   * ```ts
   * function frame() { draw(ctx); source.captureNow(); requestAnimationFrame(frame); }
   * ```
   */
  captureNow(): boolean;
  /** Stops everything; idempotent. */
  dispose(): void;
}
