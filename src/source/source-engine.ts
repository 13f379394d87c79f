import type { StoreApi } from 'zustand/vanilla';
import { encodeHaptic, type HapticCommand } from '../codec/haptic';
import {
  encodeEnd,
  encodeLayerPlacement,
  encodePing,
  type InputKind,
  type SignalState,
} from '../protocol/index';
import { decodeFixedInput } from '../protocol/input-fixed';
import type { QualityBounds, StreamMode } from '../quality/index';
import { bindTransport } from '../transport/bind';
// The engines' transport choice is internal to them (not in the transport's public index).
import { createEngineTransport } from '../transport/choice';
import { watchTransportKind } from '../transport/choice-kind';
import { channelUrls, type Transport } from '../transport/index';
import { PongWatch } from '../transport/liveness';
import { StatsMeter, sameStats } from '../transport/stats';
import { AdaptiveQuality } from './adaptive';
import { AdaptiveSource, layerOptions } from './adaptive-source';
import { createCanvasCapture } from './capture';
import { CompositionLayerSender } from './composition-layer';
import { type EncoderSet, engineEncoders } from './encoders';
import { checkFps, defaultSchedule } from './frame-clock';
import { FramePump } from './frame-pump';
import { ImageQuality } from './image-quality';
import { InputSink } from './input-sink';
import { LayerAckGuards } from './layer-acks';
import { startLazyEngineAudio } from './lazy-audio-sender';
import { LiveSettings, optionBounds } from './live-settings';
import type { SourceLiveSettings } from './live-types';
import { sourceIntake } from './source-intake';
import type { PumpBase } from './source-layers';
import { sourceInbox } from './source-messages';
import { createSourceStore } from './store';
import type {
  CaptureTarget,
  FrameCapture,
  InputHandler,
  SourceCompositionLayer,
  SourceEngine,
  SourceEngineOptions,
  SourceState,
} from './types';

const STATS_INTERVAL_MS = 250;

/**
 * Creates a framework-free source: it captures the canvas (or the app's signal state) at the
 * target fps, encodes in the current mode, and sends through the transport, skipping frames
 * while the transport is still busy; it dispatches receivers' input to `on(...)` handlers.
 * Nothing touches the DOM or the network until `connect()`.
 * @throws TypeError when `fps` is not a finite number in (0, 240]
 * @example
 * ```ts
 * const source = createSourceEngine({ url: 'ws://127.0.0.1:9100', channel: 'demo', canvas, mode: 'delta' });
 * source.on('pointerdown', (e) => spawnAt(e.x, e.y));
 * source.connect();
 * // later
 * source.dispose();
 * ```
 * @public
 */
export function createSourceEngine(options: SourceEngineOptions): SourceEngine {
  return new SourceEngineImpl(options);
}

class SourceEngineImpl implements SourceEngine {
  readonly store: StoreApi<SourceState>;
  readonly #o: SourceEngineOptions;
  readonly #transport: Transport;
  // An app input handler that throws is the app's error: into the store (React's onError follows it).
  readonly #input = new InputSink((error) => this.store.setState({ error }), decodeFixedInput);

  readonly #maxBuffered: number;
  readonly #start = performance.now();
  readonly #meter: StatsMeter;
  readonly #unsubs: (() => void)[] = [];
  readonly #encoders: EncoderSet;
  #capture: FrameCapture | null = null;
  #signal: (() => SignalState) | null;
  #fps: number;
  #seq = 0;
  #badInput = 0;
  #connected = false;
  #disposed = false;
  readonly #pump: FramePump;
  #statsTimer: ReturnType<typeof setInterval> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #audioNode: AudioNode | null = null;
  #audio: { stop(): void } | null = null;
  #adaptive: AdaptiveSource | null = null;
  readonly #image: ImageQuality;
  readonly #pongs: PongWatch;
  readonly #acks = new LayerAckGuards();
  /** Relay messages in (see sourceIntake). */
  readonly #intake: (bytes: Uint8Array) => void;
  readonly #layer: CompositionLayerSender | null;
  readonly #live: LiveSettings;

  constructor(o: SourceEngineOptions) {
    this.#o = o;
    this.#live = new LiveSettings(optionBounds(o.quality)?.key ?? null);
    this.#fps = checkFps(o.fps ?? 30);
    this.#pongs = new PongWatch(o.maxMissedPongs);
    this.#image = new ImageQuality(o.imageQuality, (imageQuality) => this.store.setState({ imageQuality }));
    this.#encoders = engineEncoders(o, () => this.#image.current);
    this.#maxBuffered = o.maxBufferedBytes ?? 1024 * 1024;
    this.#signal = o.signalState ?? null;
    this.#meter = new StatsMeter(this.#start);
    const single = o.quality
      ? new AdaptiveQuality(o.quality, o.mode, this.#fps, this.#encoders.ladderModes(this.#signal !== null))
      : null;
    this.store = createSourceStore(
      single?.quality.level ?? o.mode ?? 'delta',
      this.#fps,
      this.#image.current,
    );
    if (single) this.store.setState({ quality: single.quality });
    // A composition layer: its placement is checked here, and sent on every open.
    this.#layer = o.layer
      ? new CompositionLayerSender(o.layer, (p) => this.#send(encodeLayerPlacement(p, this.#meta()), false))
      : null;
    const [url, ...urls] = channelUrls(o.url, o.channel, 'source', o.token, o.layer?.id);
    this.#transport = createEngineTransport(o.transport, {
      url,
      urls,
      WebSocket: o.WebSocket,
      getToken: o.getToken,
      RTCPeerConnection: o.RTCPeerConnection,
    });
    // A DataChannel transport says when it moves between the WebSocket and its channels.
    watchTransportKind(this.#transport, (transport) => this.store.setState({ transport }));
    if (o.canvas) this.#capture = createCanvasCapture(o.canvas);
    // What both pumps (single stream, per layer) read from the engine.
    const base: PumpBase = {
      transport: this.#transport,
      meter: this.#meter,
      encoders: this.#encoders,
      maxBuffered: this.#maxBuffered,
      capture: () => this.#capture,
      signal: () => this.#signal?.(),
      meta: () => this.#meta(),
      send: (m, droppable) => this.#send(m, droppable),
      error: (error) => this.store.setState({ error }),
      disposed: () => this.#disposed,
    };
    const schedule = o.capture ?? defaultSchedule();
    this.#pump = new FramePump(
      {
        ...base,
        mode: () => this.store.getState().mode,
        layer: (mode) => this.#adaptive?.tag(mode) ?? 0,
        sent: (seq, ts, bytes, mode, keyframe, layer) => {
          this.#acks.sent(layer, seq, ts, keyframe);
          this.#adaptive?.sent(seq, ts, bytes, mode);
        },
      },
      schedule,
    );
    this.#audioNode = o.audioNode ?? null;
    this.#intake = sourceIntake({
      inbox: sourceInbox({
        input: this.#input,
        pump: this.#pump,
        acks: this.#acks,
        meter: this.#meter,
        store: this.store,
        adaptive: () => this.#adaptive,
        onAck: o.onAck,
        now: () => this.#now(),
        syncPump: () => this.#syncPump(),
      }),
      input: this.#input,
      disposed: () => this.#disposed,
      badInput: () => {
        this.#badInput++;
      },
      error: (error) => this.store.setState({ error }),
    });
    if (!single) return;
    // The per-layer machinery is a lazy chunk, loaded at once (see AdaptiveSource).
    const loadLayers = () =>
      import('./source-layers').then(
        ({ SourceLayers }) =>
          new SourceLayers(
            {
              ...base,
              sent: (layer, seq, ts, _bytes, keyframe) => this.#acks.sent(layer, seq, ts, keyframe),
            },
            schedule,
            layerOptions(single.controller),
            this.#image,
          ),
      );
    this.#adaptive = new AdaptiveSource(single, loadLayers, {
      store: this.store,
      image: this.#image,
      applyMode: (m) => this.#applyMode(m),
      applyFps: (f) => this.#applyFps(f),
    });
  }

  /** Runs the per-layer pump while layers are produced, the single-stream one otherwise. */
  #syncPump(): void {
    if (!this.#connected || this.#disposed) return;
    if (this.#adaptive) this.#adaptive.syncPumps(this.#pump, this.#fps);
    else if (!this.#pump.running) {
      this.#pump.keyPending = true;
      this.#pump.start(this.#fps);
    }
  }

  connect(): void {
    if (this.#connected || this.#disposed) return;
    this.#connected = true;
    this.#syncPump();
    this.#statsTimer = setInterval(() => this.#flushStats(), STATS_INTERVAL_MS);
    const ping = this.#o.pingIntervalMs ?? 1000;
    if (ping > 0) this.#pingTimer = setInterval(() => this.#ping(), ping);
    if (this.#audioNode) this.setAudioNode(this.#audioNode);
    this.#unsubs.push(
      ...bindTransport(this.#transport, {
        update: (patch) => this.store.setState(patch),
        open: () => {
          this.#pongs.reset();
          // Before any frame of this connection: the relay lists the layer where it belongs.
          this.#layer?.opened();
          // Who was there before the outage is stale: the relay sends a snapshot on attach.
          this.#acks.disconnected();
          // Receivers may have missed anything sent before (or during) the outage.
          this.#pump.keyPending = true;
          this.#adaptive?.layers?.opened();
          this.#adaptive?.layers?.offer(this.#adaptive.layered);
        },
        message: (bytes) => this.#onMessage(bytes),
      }),
    );
  }

  setCanvas(canvas: CaptureTarget | null): void {
    this.#capture?.dispose?.();
    this.#capture = canvas ? createCanvasCapture(canvas) : null;
    this.requestKeyframe();
  }

  setMode(mode: StreamMode | null): void {
    if (!this.#adaptive) {
      if (mode) this.#applyMode(mode);
      return;
    }
    this.#adaptive.pin(mode);
    this.#syncPump();
  }

  setQualityBounds(bounds: QualityBounds): void {
    try {
      this.#adaptive?.setBounds(bounds);
    } catch (e) {
      this.store.setState({ error: e as Error });
    }
  }

  setFps(fps: number): void {
    checkFps(fps);
    if (this.#adaptive) this.#adaptive.setFps(fps);
    else this.#applyFps(fps);
  }

  setImageQuality(quality: number): void {
    this.#image.set(quality);
  }

  #applyMode(mode: StreamMode): void {
    if (this.store.getState().mode === mode) return;
    this.#encoders.reset(mode);
    this.#pump.keyPending = true;
    this.store.setState((s) => ({
      mode,
      quality: this.#adaptive ? s.quality : { ...s.quality, level: mode },
    }));
  }

  #applyFps(fps: number): void {
    if (fps === this.#fps) return;
    this.#fps = fps;
    if (!this.#adaptive) this.store.setState((s) => ({ quality: { ...s.quality, fps } }));
    if (this.#pump.running) this.#pump.start(fps);
  }

  setSignalState(getter: (() => SignalState) | null): void {
    const had = this.#signal !== null;
    this.#signal = getter;
    if (this.#adaptive && had !== (getter !== null)) {
      try {
        this.#adaptive.setModes(this.#encoders.ladderModes(getter !== null));
      } catch (e) {
        // The app's bounds allow only signal and the getter is gone: keep the old modes, say why.
        this.store.setState({ error: e as Error });
      }
    }
  }

  setAudioNode(node: AudioNode | null): void {
    this.#audio?.stop();
    this.#audio = null;
    this.#audioNode = node;
    if (!node || !this.#connected || this.#disposed) return;
    this.#audio = startLazyEngineAudio(node, this.#o, {
      meta: () => this.#meta(),
      ready: () => this.#transport.state === 'open',
      send: (m) => this.#send(m, true),
      error: (error) => this.store.setState({ error }),
      codec: (audioCodec) => {
        if (this.store.getState().audioCodec !== audioCodec) this.store.setState({ audioCodec });
      },
    });
  }

  haptic(cmd: HapticCommand): void {
    this.#send(encodeHaptic(cmd, this.#meta()), false);
  }

  on<K extends InputKind | '*'>(kind: K, handler: InputHandler<K>): () => void {
    return this.#input.on(kind, handler);
  }

  setLayer(layer: SourceCompositionLayer): void {
    if (!this.#layer) throw new TypeError('setLayer: this engine was created without a `layer` option');
    this.#layer.set(layer, this.#transport.state === 'open' && !this.#disposed);
  }

  update(settings: SourceLiveSettings): void {
    this.#live.apply(this, settings);
  }

  requestKeyframe(): void {
    this.#pump.keyPending = true;
    this.#adaptive?.layers?.keyframe(0);
  }

  captureNow(): boolean {
    const layers = this.#adaptive?.perLayer ? this.#adaptive.layers : null;
    return layers ? layers.pump.captureNow() : this.#pump.captureNow();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pump.stop();
    this.#adaptive?.dispose();
    for (const t of [this.#statsTimer, this.#pingTimer]) if (t) clearInterval(t);
    this.setAudioNode(null);
    if (this.#transport.state === 'open') this.#transport.send(encodeEnd(this.#meta()));
    for (const u of this.#unsubs.splice(0)) u();
    this.#transport.close(1000, 'source disposed');
    this.#input.clear();
    this.#capture?.dispose?.();
    this.#capture = null;
    this.store.setState({ connection: 'closed' });
  }

  #meta(): { seq: number; timestamp: number } {
    const seq = this.#seq;
    this.#seq = (seq + 1) & 0xffff;
    return { seq, timestamp: this.#now() };
  }

  #now(): number {
    return Math.round(performance.now() - this.#start) >>> 0;
  }

  #send(message: Uint8Array, droppable: boolean): boolean {
    if (this.#transport.send(message, { droppable }) !== 'sent') return false;
    this.#meter.bytesOut(message.length);
    return true;
  }

  #ping(): void {
    if (this.#transport.state !== 'open' || !this.#pongs.beforePing(this.#transport)) return;
    this.#send(encodePing(this.#meta()), false);
  }

  #onMessage(bytes: Uint8Array): void {
    this.#pongs.alive();
    this.#meter.bytesIn(bytes.length);
    this.#intake(bytes);
  }

  #flushStats(): void {
    const next = this.#meter.snapshot(performance.now());
    if (!sameStats(this.store.getState().stats, next)) this.store.setState({ stats: next });
    const implausibleAcks = this.#acks.refused;
    if (this.store.getState().implausibleAcks !== implausibleAcks) this.store.setState({ implausibleAcks });
    if (this.store.getState().badInput !== this.#badInput) this.store.setState({ badInput: this.#badInput });
    this.#adaptive?.tick();
  }
}
