import {
  type AppInputEvent,
  type AudioWireCodec,
  type CaptureTarget,
  type FrameEncoderFactory,
  type ImageEncodeFn,
  QualityController,
  type QualityControllerOptions,
  type RelayUrls,
  type SignalState,
  type SourceCompositionLayer,
  type SourceEngineOptions,
  type SourceLiveSettings,
  type StreamMode,
  type Transport,
  type TransportChoice,
} from '../core';

/** What a source captures: a canvas, an OffscreenCanvas, or a custom frame capture. @public */
export type SourceCanvas = CaptureTarget;

/**
 * The `mode` a source is asked for: a fixed mode (pinned when a quality controller runs), or
 * `'auto'` to let the controller choose.
 * @public
 */
export type StreamSourceMode = StreamMode | 'auto';

/**
 * Adaptive quality for a source: `true` for a controller with default settings, its options
 * (start mode, thresholds, bounds), or a ready `QualityController`; `false` for none.
 * @public
 */
export type StreamSourceQuality = boolean | QualityControllerOptions | QualityController;

/**
 * Options of the `useStreamSource` hook. `url`, `channel`, `token` and `transport` identify the
 * connection: changing one of them replaces the engine. So does changing what the engine only
 * reads at start and cannot change live: whether a quality controller runs (or which instance),
 * `lossless`, `audioCodec`, `audioBitrate`, and whether `getToken` is given (a new `getToken` function
 * does not: it is read through a ref). `encoders`, `imageEncoder` and the controller's
 * thresholds are read at start only (a later change is not seen until the engine is replaced).
 * Every other option is pushed into the live engine.
 * @public
 */
export interface UseStreamSourceOptions {
  /** Relay base URL, e.g. `ws://127.0.0.1:9100`, or a cluster's relays (tried in turn on reconnect). */
  url: RelayUrls;
  /** Channel name; receivers on the same channel see this source. */
  channel: string;
  /**
   * Stream as one composition layer of the channel: `{ id, z, x, y, width, height, opacity?, input? }`
   * (several sources on one channel, composited by the receiver). The placement is live; a new
   * `id`, or adding or removing the option, replaces the engine (the id is in the URL).
   * @defaultValue undefined (the channel's plain source)
   */
  layer?: SourceCompositionLayer | undefined;
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
   * Mode to stream in, live. A fixed mode pins the quality controller to it; `'auto'` (or leaving
   * it out) lets the controller choose: at start its own `mode`/`pin` options apply, and a change
   * from a fixed mode to `'auto'` unpins it. Without `quality` there is no controller: `'auto'`
   * keeps the current mode, and the engine starts in `'delta'`.
   * @defaultValue `'auto'`
   */
  mode?: StreamSourceMode | undefined;
  /**
   * Capture rate in frames per second (the controller may lower it at the bottom of its ladder).
   * @defaultValue 30
   */
  fps?: number | undefined;
  /**
   * A full frame every this many frames in `delta` mode (a full sync in `signal` mode). Read at start.
   * Delta keyframes are rare by default: the relay gives late joiners keyframe + delta log, and a
   * receiver that lost its base asks for one.
   * @defaultValue 300 (delta), 60 (signal)
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
   * Audio wire codec: `'opus'` (AudioCompressed), `'pcm'` (AudioPcm), or `'auto'` for Opus where the
   * browser can encode it. Changing it replaces the engine.
   * @defaultValue `'auto'`
   */
  audioCodec?: AudioWireCodec | 'auto' | undefined;
  /**
   * Opus bitrate in bits per second (about 6 KB/s on the wire at the default). Changing it replaces
   * the engine.
   * @defaultValue 48000
   */
  audioBitrate?: number | undefined;
  /**
   * App state for `signal` mode: an object (the latest one is diffed against the last sent
   * at each tick) or a function the engine calls once per tick.
   * @defaultValue undefined
   */
  signalState?: SignalState | (() => SignalState) | undefined;
  /**
   * Adaptive quality. With a controller the source steps between `pixel`, `compressed`, `delta`
   * and `signal` to fit the link. The bounds in the options (`minMode`, `maxMode`, `maxBitrate`,
   * `modes`) are live; turning the controller on or off, or passing another instance, replaces
   * the engine; thresholds and the start mode are read at start.
   * @defaultValue false (no adaptation: the mode changes only through `mode`)
   */
  quality?: StreamSourceQuality | undefined;
  /**
   * Lossy WebP quality 0..1 in `compressed` mode, live. Under congestion the controller may go
   * below it for a while, never above.
   * @defaultValue 0.8
   */
  imageQuality?: number | undefined;
  /**
   * `compressed` mode sends lossless PNG instead of WebP. Changing it replaces the engine.
   * @defaultValue false
   */
  lossless?: boolean | undefined;
  /**
   * Image encoder for `compressed` mode (browsers have one built in; a Node source or a custom
   * codec passes its own). Read at start.
   * @defaultValue the browser's canvas encoder
   */
  imageEncoder?: ImageEncodeFn | undefined;
  /**
   * Encoders per mode, replacing or adding to the built-in ones (e.g. a `neural` encoder). Read
   * at start: define it outside the component or memoize it.
   * @defaultValue the built-in pixel, delta, compressed and signal encoders
   */
  encoders?: Partial<Record<StreamMode, FrameEncoderFactory>> | undefined;
  /**
   * Called with every input event a person made on any receiver: pointer, keys, touch, gamepad,
   * MIDI, scroll, resize, voice, BCI. Not the receivers' frame ACKs and keyframe requests (the
   * engine answers those; `engine.on('ack', ...)` still sees them).
   * @defaultValue undefined
   */
  onInput?: ((event: AppInputEvent) => void) | undefined;
  /**
   * Called when the engine reports an error (its `state.error` changes to a new error).
   * @defaultValue undefined
   */
  onError?: ((error: Error) => void) | undefined;
  /**
   * Send queue size above which non-key frames are skipped, in bytes. Read at start.
   * @defaultValue 1 MiB
   */
  maxBufferedBytes?: number | undefined;
  /**
   * `'websocket'`, `'webrtc'` or `'auto'` (DataChannels when the relay offers them, else the
   * WebSocket; the WebRTC code loads only then), or a ready transport to use instead (tests, custom
   * links): the engine owns it and closes it on dispose, so give each mount its own.
   * @defaultValue undefined (`'websocket'`)
   */
  transport?: Transport | TransportChoice | undefined;
}

/** The concrete mode the prop asks for, `null` for `'auto'` (or none). @internal */
export function fixedMode(mode: StreamSourceMode | undefined): StreamMode | null {
  return mode === undefined || mode === 'auto' ? null : mode;
}

/** Controller options or instance for the engine, `undefined` for none. @internal */
export function engineQuality(
  q: StreamSourceQuality | undefined,
): QualityController | QualityControllerOptions | undefined {
  if (q === undefined || q === false) return undefined;
  return q === true ? {} : q;
}

const controllerIds = new WeakMap<QualityController, number>();
let nextControllerId = 0;

/**
 * The start-only settings the engine cannot change live, as a string: a change replaces the engine.
 * A controller instance counts by identity (inline options objects do not: only whether there is one).
 * @internal
 */
export function restartKey(o: UseStreamSourceOptions): string {
  const q = engineQuality(o.quality);
  let quality = 'none';
  if (q instanceof QualityController) {
    let id = controllerIds.get(q);
    if (id === undefined) {
      id = ++nextControllerId;
      controllerIds.set(q, id);
    }
    quality = `c${id}`;
  } else if (q) quality = 'options';
  const tokens = o.getToken ? 'getToken' : '';
  const layer = o.layer ? `layer:${o.layer.id}` : '';
  return `${quality}|${o.lossless === true}|${o.audioCodec ?? 'auto'}|${o.audioBitrate ?? ''}|${tokens}|${layer}`;
}

/** `SourceEngineOptions` from the hook's options (only what is set, for exactOptionalPropertyTypes). @internal */
export function toEngineOptions(
  o: UseStreamSourceOptions,
  signalGetter: () => SignalState,
  tokenGetter?: () => Promise<string> | string,
): SourceEngineOptions {
  const init: SourceEngineOptions = { url: o.url, channel: o.channel };
  const mode = fixedMode(o.mode);
  const quality = engineQuality(o.quality);
  if (o.token !== undefined) init.token = o.token;
  if (o.layer !== undefined) init.layer = o.layer;
  if (o.getToken !== undefined) init.getToken = tokenGetter ?? o.getToken;
  if (mode !== null) init.mode = mode;
  if (o.fps !== undefined) init.fps = o.fps;
  if (o.keyframeInterval !== undefined) init.keyframeInterval = o.keyframeInterval;
  if (o.maxBufferedBytes !== undefined) init.maxBufferedBytes = o.maxBufferedBytes;
  if (o.transport !== undefined) init.transport = o.transport;
  if (o.signalState !== undefined) init.signalState = signalGetter;
  if (o.audioCodec !== undefined) init.audioCodec = o.audioCodec;
  if (o.audioBitrate !== undefined) init.audioBitrate = o.audioBitrate;
  if (o.imageQuality !== undefined) init.imageQuality = o.imageQuality;
  if (o.lossless !== undefined) init.lossless = o.lossless;
  if (o.imageEncoder !== undefined) init.imageEncoder = o.imageEncoder;
  if (o.encoders !== undefined) init.encoders = o.encoders;
  if (quality !== undefined) init.quality = quality;
  return init;
}

/**
 * The controller bounds the options ask for (the engine completes them with defaults and
 * compares them by value); null when the options carry none (no controller, or a ready instance).
 * @internal
 */
export function qualityBounds(q: StreamSourceQuality | undefined): SourceLiveSettings['bounds'] {
  const o = engineQuality(q);
  if (!o || o instanceof QualityController) return null;
  const { minMode, maxMode, maxBitrate, modes } = o;
  return { minMode, maxMode, maxBitrate, modes };
}

/** The mode the idle snapshot shows before the engine exists: the engine's likely start mode. @internal */
export function idleMode(o: UseStreamSourceOptions): StreamMode {
  const fixed = fixedMode(o.mode);
  if (fixed) return fixed;
  const q = engineQuality(o.quality);
  if (!q) return 'delta';
  if (q instanceof QualityController) return q.quality.level;
  return q.mode ?? q.maxMode ?? 'pixel';
}
