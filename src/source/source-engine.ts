import type { StoreApi } from 'zustand/vanilla';
import { encodeAudioPcm } from '../codec/audio-pcm';
import { encodeHaptic, type HapticCommand } from '../codec/haptic';
import {
  decodeMessage,
  decodeStreamStatus,
  encodeEnd,
  encodePing,
  Flag,
  FrameType,
  type InputKind,
  type Message,
  type SignalState,
} from '../protocol/index';
import type { StreamMode } from '../quality/ladder';
import {
  channelUrl,
  connectionStateOf,
  createWebSocketTransport,
  StatsMeter,
  sameStats,
  type Transport,
  TransportError,
} from '../transport/index';
import { AdaptiveQuality, sameQuality } from './adaptive';
import { type AudioTap, startAudioTap } from './audio-capture';
import { createCanvasCapture } from './capture';
import { EncoderSet } from './encoders';
import { InputSink, isAck } from './input-sink';
import { createSourceStore } from './store';
import type {
  CaptureTarget,
  EncoderInput,
  FrameCapture,
  InputHandler,
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
  readonly #input = new InputSink();
  readonly #maxBuffered: number;
  readonly #start = performance.now();
  readonly #meter: StatsMeter;
  readonly #unsubs: (() => void)[] = [];
  readonly #encoders: EncoderSet;
  #capture: FrameCapture | null = null;
  #signal: (() => SignalState) | null;
  #fps: number;
  #seq = 0;
  #keyPending = true;
  #busy = false;
  #failed = false;
  #connected = false;
  #disposed = false;
  #frameTimer: ReturnType<typeof setInterval> | null = null;
  #statsTimer: ReturnType<typeof setInterval> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #audioNode: AudioNode | null = null;
  #audio: Promise<AudioTap | null> | null = null;
  readonly #adaptive: AdaptiveQuality | null;

  constructor(o: SourceEngineOptions) {
    this.#o = o;
    this.#fps = o.fps ?? 30;
    this.#encoders = new EncoderSet(o.encoders, o.keyframeInterval ?? 60);
    this.#maxBuffered = o.maxBufferedBytes ?? 1024 * 1024;
    this.#signal = o.signalState ?? null;
    this.#meter = new StatsMeter(this.#start);
    this.#adaptive = o.quality ? new AdaptiveQuality(o.quality, o.mode, this.#fps) : null;
    this.store = createSourceStore(this.#adaptive?.quality.level ?? o.mode ?? 'delta', this.#fps);
    if (this.#adaptive) this.store.setState({ quality: this.#adaptive.quality });
    this.#transport =
      o.transport ??
      createWebSocketTransport({
        url: channelUrl(o.url, o.channel, 'source', o.token),
        ...(o.WebSocket ? { WebSocket: o.WebSocket } : {}),
      });
    if (o.canvas) this.#capture = createCanvasCapture(o.canvas);
    this.#audioNode = o.audioNode ?? null;
  }

  connect(): void {
    if (this.#connected || this.#disposed) return;
    this.#connected = true;
    const t = this.#transport;
    this.#unsubs.push(
      t.on('state', (next) => this.store.setState({ connection: connectionStateOf(next, this.#failed) })),
      t.on('error', (error) => {
        if (t.state === 'closed') this.#failed = true;
        this.store.setState({ error, connection: connectionStateOf(t.state, this.#failed) });
      }),
      t.on('open', () => {
        // Receivers may have missed anything sent before (or during) the outage.
        this.#keyPending = true;
        this.store.setState({ error: null });
      }),
      t.on('message', (bytes) => this.#onMessage(bytes)),
    );
    this.#restartFrameTimer();
    this.#statsTimer = setInterval(() => this.#flushStats(), STATS_INTERVAL_MS);
    const ping = this.#o.pingIntervalMs ?? 1000;
    if (ping > 0) this.#pingTimer = setInterval(() => this.#ping(), ping);
    if (this.#audioNode) this.setAudioNode(this.#audioNode);
    if (t.state === 'idle') t.connect();
    else if (t.state === 'closed' || t.state === 'closing') {
      // A transport closed by an earlier engine (transports are owned by one engine) cannot reopen.
      this.store.setState({
        connection: 'error',
        error: new TransportError('DISPOSED', 'the transport was already closed'),
      });
    } else this.store.setState({ connection: connectionStateOf(t.state) });
  }

  setCanvas(canvas: CaptureTarget | null): void {
    this.#capture?.dispose?.();
    this.#capture = canvas ? createCanvasCapture(canvas) : null;
    this.#keyPending = true;
  }

  setMode(mode: StreamMode): void {
    if (this.#adaptive) this.store.setState({ quality: this.#adaptive.pin(mode) });
    this.#applyMode(mode);
  }

  setFps(fps: number): void {
    if (!(fps > 0)) return;
    if (this.#adaptive) {
      this.store.setState({ quality: this.#adaptive.fps(fps) });
      fps = this.#adaptive.quality.fps;
    }
    this.#applyFps(fps);
  }

  #applyMode(mode: StreamMode): void {
    if (this.store.getState().mode === mode) return;
    this.#encoders.reset(mode);
    this.#keyPending = true;
    this.store.setState((s) => ({
      mode,
      quality: this.#adaptive ? s.quality : { ...s.quality, level: mode },
    }));
  }

  #applyFps(fps: number): void {
    if (fps === this.#fps) return;
    this.#fps = fps;
    if (!this.#adaptive) this.store.setState((s) => ({ quality: { ...s.quality, fps } }));
    if (this.#frameTimer) this.#restartFrameTimer();
  }

  setSignalState(getter: (() => SignalState) | null): void {
    this.#signal = getter;
  }

  setAudioNode(node: AudioNode | null): void {
    const prev = this.#audio;
    this.#audio = null;
    if (prev) void prev.then((tap) => tap?.stop());
    this.#audioNode = node;
    if (!node || !this.#connected || this.#disposed) return;
    const tap = startAudioTap(node, (samples, rate, channels) =>
      this.#sendAudio(samples, rate, channels),
    ).catch((e: unknown) => {
      this.store.setState({ error: e instanceof Error ? e : new Error(String(e)) });
      return null;
    });
    this.#audio = tap;
  }

  haptic(cmd: HapticCommand): void {
    this.#send(encodeHaptic(cmd, this.#meta()), false);
  }

  on<K extends InputKind | '*'>(kind: K, handler: InputHandler<K>): () => void {
    return this.#input.on(kind, handler);
  }

  requestKeyframe(): void {
    this.#keyPending = true;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const t of [this.#frameTimer, this.#statsTimer, this.#pingTimer]) if (t) clearInterval(t);
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

  #restartFrameTimer(): void {
    if (this.#frameTimer) clearInterval(this.#frameTimer);
    this.#frameTimer = setInterval(() => void this.#tick(), 1000 / this.#fps);
  }

  /** One capture → encode → send step; skipped while the previous one or the socket is busy. */
  async #tick(): Promise<void> {
    if (this.#disposed || this.#transport.state !== 'open') return;
    if (this.#busy || this.#transport.bufferedAmount > this.#maxBuffered) {
      this.#meter.framesDropped++;
      return;
    }
    const mode = this.store.getState().mode;
    const encoder = this.#encoders.get(mode);
    if (!encoder) return;
    this.#busy = true;
    try {
      const input = await this.#gather(encoder.input);
      if (!input || this.#disposed) return;
      const t0 = performance.now();
      const keyframe = this.#keyPending;
      const encoded = await encoder.encode(input, { ...this.#meta(), keyframe });
      this.#meter.encoded(performance.now() - t0);
      if (!encoded || this.#disposed) return;
      if (this.#send(encoded.message, !encoded.keyframe)) {
        encoded.commit?.();
        if (encoded.keyframe) this.#keyPending = false;
        this.#meter.framesSent++;
        this.#meter.frame();
        this.#meter.lastSeq = encoded.message[2]! | (encoded.message[3]! << 8);
        this.#adaptive?.sent(this.#meter.lastSeq, readU32(encoded.message, 4), encoded.message.length, mode);
      } else this.#meter.framesDropped++;
    } catch (e) {
      this.store.setState({ error: e instanceof Error ? e : new Error(String(e)) });
    } finally {
      this.#busy = false;
    }
  }

  async #gather(kind: EncoderInput['kind']): Promise<EncoderInput | null> {
    if (kind === 'signal') {
      const state = this.#signal?.();
      return state ? { kind, state } : null;
    }
    const frame = await this.#capture?.capture();
    return frame ? { kind, frame } : null;
  }

  #send(message: Uint8Array, droppable: boolean): boolean {
    if (this.#transport.send(message, { droppable }) !== 'sent') return false;
    this.#meter.bytesOut(message.length);
    return true;
  }

  #sendAudio(samples: Float32Array, rate: number, channels: number): void {
    if (this.#transport.state !== 'open') return;
    this.#send(encodeAudioPcm(samples, rate, channels, this.#meta()), true);
  }

  #ping(): void {
    if (this.#transport.state === 'open') this.#send(encodePing(this.#meta()), false);
  }

  #onMessage(bytes: Uint8Array): void {
    this.#meter.bytesIn(bytes.length);
    let message: Message;
    try {
      message = decodeMessage(bytes);
    } catch (e) {
      this.store.setState({ error: e as Error });
      return;
    }
    const { header } = message;
    if (header.flags & Flag.Input) {
      try {
        const ev = this.#input.dispatch(message);
        if (ev.kind === 'keyframe-request') this.#keyPending = true;
        else if (isAck(ev)) {
          this.#adaptive?.ack(ev);
          this.#o.onAck?.(ev);
        }
      } catch (e) {
        this.store.setState({ error: e as Error });
      }
    } else if (header.type === FrameType.Pong) {
      this.#meter.rttMs = (this.#now() - header.timestamp) >>> 0;
    } else if (header.type === FrameType.StreamStatus) {
      try {
        this.store.setState({ receivers: decodeStreamStatus(message).receivers });
      } catch (e) {
        this.store.setState({ error: e as Error });
      }
    }
  }

  #flushStats(): void {
    const next = this.#meter.snapshot(performance.now());
    if (!sameStats(this.store.getState().stats, next)) this.store.setState({ stats: next });
    if (!this.#adaptive) return;
    const d = this.#adaptive.tick();
    if (!sameQuality(this.store.getState().quality, d.quality)) this.store.setState({ quality: d.quality });
    this.#applyMode(d.level);
    this.#applyFps(d.fps);
  }
}

function readU32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
