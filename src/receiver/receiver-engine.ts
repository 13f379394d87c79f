import type { StoreApi } from 'zustand/vanilla';
import {
  decodeMessage,
  encodeKeyframeRequest,
  encodePing,
  Flag,
  FrameType,
  type InputEvent,
  type Message,
} from '../protocol/index';
import { encodeAck } from '../protocol/input-fixed';
import { bindTransport } from '../transport/bind';
// The engines' transport choice is internal to them (not in the transport's public index).
import { createEngineTransport } from '../transport/choice';
import { watchTransportKind } from '../transport/choice-kind';
import { channelUrls, type Transport } from '../transport/index';
import { keptMessage, lazyModule } from '../transport/lazy-module';
import { PongWatch } from '../transport/liveness';
import { StatsMeter, sameStats } from '../transport/stats';
import { FrameIntake } from './frame-intake';
import { defaultRequestFrame } from './frame-loop';
// The player and Opus decoder load on the first audio frame (lazy-audio.ts).
import { LazyAudioReceiver as AudioReceiver } from './lazy-audio';
import { LazyInputCapture } from './lazy-input';
import { RendererRegistry } from './registry';
import { BUILTIN_RENDERERS } from './renderers';
import { handleSideChannel, type SideChannelHost } from './side-channels';
import { createReceiverStore } from './store';
import { createCanvasSurface, type SurfaceCanvasLike } from './surface';
import type { ReceiverEngine, ReceiverEngineOptions, ReceiverState, RenderSurface } from './types';

const STATS_INTERVAL_MS = 250;
const KEYFRAME_REQUEST_GAP_MS = 250;

function isSurface(x: unknown): x is RenderSurface {
  return typeof (x as RenderSurface).putPixels === 'function';
}

/**
 * Creates a framework-free receiver: it decodes every frame as it arrives (deltas must chain),
 * draws only the latest picture once per animation frame, plays audio and haptics, sends ACKs,
 * and captures input on the attached element. Nothing touches the DOM or network until
 * `connect()`/`attach()`.
 * @example
 * ```ts
 * const receiver = createReceiverEngine({ url: 'ws://127.0.0.1:9100', channel: 'demo' });
 * receiver.attach(div, canvas);
 * receiver.connect();
 * receiver.store.subscribe((s) => console.log(s.connection, s.stats.fps));
 * ```
 * @public
 */
export function createReceiverEngine(options: ReceiverEngineOptions): ReceiverEngine {
  return new ReceiverEngineImpl(options);
}

class ReceiverEngineImpl implements ReceiverEngine {
  readonly store: StoreApi<ReceiverState>;
  readonly #o: ReceiverEngineOptions;
  readonly #transport: Transport;
  readonly #registry: RendererRegistry;
  readonly #start = performance.now();
  readonly #meter: StatsMeter;
  readonly #unsubs: (() => void)[] = [];
  readonly #requestFrame = defaultRequestFrame();
  /** A picture was drawn on arrival since the last display frame. */
  #drawnSinceFrame = false;
  #audio: AudioReceiver | null = null;
  #haptics: boolean;
  #inputs: ReceiverEngineOptions['inputs'];
  #canvas: HTMLCanvasElement | OffscreenCanvas | RenderSurface | null = null;
  #surface: RenderSurface | null = null;
  readonly #side: SideChannelHost;
  #input: LazyInputCapture | null = null;
  #element: HTMLElement | null = null;
  readonly #intake: FrameIntake;
  #cancelFrame: (() => void) | null = null;
  #statsTimer: ReturnType<typeof setInterval> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  readonly #pongs: PongWatch;
  /** The input codec for everything but ACKs (a view-only receiver never loads it). */
  readonly #inputCodec = lazyModule(
    () => import('../protocol/input'),
    (e) => this.#fail(e),
  );
  /** The LayerDirectory decoder (only a receiver of a composed channel loads it). */
  readonly #directoryCodec = lazyModule(
    () => import('../protocol/composition'),
    (e) => this.#fail(e),
  );
  #seq = 0;
  #lastKeyRequest = -Infinity;
  #connected = false;
  #disposed = false;

  constructor(o: ReceiverEngineOptions) {
    this.#o = o;
    this.store = createReceiverStore();
    this.#meter = new StatsMeter(this.#start);
    this.#pongs = new PongWatch(o.maxMissedPongs);
    this.#haptics = o.haptics !== false;
    this.#inputs = o.inputs;
    this.setAudio(o.audio !== false);
    const self = this;
    this.#side = {
      now: () => this.#now(),
      rtt: (ms) => {
        this.#meter.rttMs = ms;
      },
      sourceOnline: (online) => {
        if (this.store.getState().sourceOnline !== online) this.store.setState({ sourceOnline: online });
      },
      get online() {
        return self.store.getState().sourceOnline;
      },
      get haptics() {
        return self.#haptics;
      },
      get audio() {
        return self.#audio;
      },
      onHaptic: o.onHaptic,
      hapticPlayer: lazyModule(
        () => import('./haptics'),
        (e) => this.#fail(e),
      ),
      layerReports: lazyModule(
        () => import('./layer-report'),
        (e) => this.#fail(e),
      ),
      layer: (quality) => {
        if (quality) this.store.setState({ quality });
      },
      get current() {
        const s = self.store.getState();
        return { mode: s.mode, fps: s.stats.fps, rttMs: s.stats.rttMs };
      },
    };
    const [url, ...urls] = channelUrls(o.url, o.channel, 'receiver', o.token, o.layer);
    this.#transport = createEngineTransport(o.transport, {
      url,
      urls,
      WebSocket: o.WebSocket,
      getToken: o.getToken,
      RTCPeerConnection: o.RTCPeerConnection,
    });
    // A DataChannel transport says when it moves between the WebSocket and its channels.
    watchTransportKind(this.#transport, (transport) => this.store.setState({ transport }));
    this.#registry = new RendererRegistry(
      { ...BUILTIN_RENDERERS, ...o.renderers },
      {
        requestKeyframe: (reason) => this.#requestKeyframe(reason),
        invalidate: () => this.#intake.pendingDraws++,
        setSignal: (signal) => {
          if (this.store.getState().signal !== signal) this.store.setState({ signal });
        },
        renderSignal: o.renderSignal,
      },
    );
    this.#intake = new FrameIntake({
      registry: this.#registry,
      meter: this.#meter,
      store: this.store,
      requestKeyframe: (reason) => this.#requestKeyframe(reason),
      fail: (e) => this.#fail(e),
      disposed: () => this.#disposed,
      ack: this.#o.acks === false ? null : (ev) => this.#send((seq, ts) => encodeAck(ev, seq, ts)),
      ready: () => this.#drawOnArrival(),
    });
  }

  connect(): void {
    if (this.#connected || this.#disposed) return;
    this.#connected = true;
    this.#statsTimer = setInterval(() => this.#flushStats(), STATS_INTERVAL_MS);
    const ping = this.#o.pingIntervalMs ?? 1000;
    if (ping > 0) this.#pingTimer = setInterval(() => this.#ping(), ping);
    this.#loop();
    this.#unsubs.push(
      ...bindTransport(this.#transport, {
        update: (patch) => this.store.setState(patch),
        open: ({ reconnected }) => {
          this.#pongs.reset();
          this.#input?.resendSize();
          if (reconnected) {
            // What we hold may be stale: draw nothing new until a keyframe resynchronises us.
            this.#registry.resetAll();
            this.#intake.reset();
            this.#audio?.reset();
            this.#lastKeyRequest = -Infinity;
            this.#requestKeyframe('reconnected');
          }
        },
        message: (bytes) => this.#onMessage(bytes),
      }),
    );
  }

  attach(element: HTMLElement | null, canvas: HTMLCanvasElement | OffscreenCanvas | RenderSurface): void {
    if (this.#disposed) return;
    this.detach();
    this.#surface = isSurface(canvas) ? canvas : createCanvasSurface(canvas as unknown as SurfaceCanvasLike);
    this.#element = element;
    this.#canvas = canvas;
    this.#startInput();
    this.#intake.pendingDraws++;
    this.#loop();
  }

  detach(): void {
    this.#input?.dispose();
    this.#input = null;
    this.#surface = null;
    this.#element = null;
    this.#canvas = null;
  }

  setInputs(inputs: ReceiverEngineOptions['inputs']): void {
    this.#inputs = inputs;
    this.#startInput();
  }

  setAudio(on: boolean): void {
    if (this.#disposed || on === (this.#audio !== null)) return;
    if (on) this.#audio = new AudioReceiver((e) => this.#fail(e));
    else {
      this.#audio?.close();
      this.#audio = null;
      this.#audio = null;
    }
  }

  setHaptics(on: boolean): void {
    this.#haptics = on;
  }

  #startInput(): void {
    this.#input?.dispose();
    this.#input = null;
    const element = this.#element;
    const canvas = this.#canvas;
    if (!element || !canvas || this.#disposed || this.#inputs === false) return;
    this.#input = new LazyInputCapture(
      element,
      canvas,
      this.#inputs,
      {
        frameSize: () => {
          const s = this.store.getState();
          return { width: s.width, height: s.height };
        },
        send: (ev) => this.sendInput(ev),
        gesture: () => this.#audio?.resume(),
      },
      (e) => this.#fail(e),
    );
  }

  sendInput(ev: InputEvent): void {
    if (ev.kind === 'ack') {
      this.#send((seq, ts) => encodeAck(ev, seq, ts));
      return;
    }
    // The input codec loads with the first event (the capture loads on attach, so by the time a
    // person acts it is usually there); events go out in the order given, and one that fails to
    // encode is reported as the store's error.
    this.#inputCodec(({ encodeInput }) => {
      if (!this.#disposed) this.#send((seq, ts) => encodeInput(ev, seq, ts));
    });
  }

  /** Sends one input message, numbered in send order. */
  #send(encode: (seq: number, timestamp: number) => Uint8Array): void {
    if (this.#transport.state !== 'open') return;
    const bytes = encode(this.#seq, this.#now());
    this.#seq = (this.#seq + 1) & 0xffff;
    if (this.#transport.send(bytes) === 'sent') this.#meter.bytesOut(bytes.length);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.detach();
    this.#cancelFrame?.();
    this.#cancelFrame = null;
    for (const t of [this.#statsTimer, this.#pingTimer]) if (t) clearInterval(t);
    for (const u of this.#unsubs.splice(0)) u();
    this.#transport.close(1000, 'receiver disposed');
    this.#registry.dispose();
    this.#audio?.close();
    this.store.setState({ connection: 'closed' });
  }

  #now(): number {
    return Math.round(performance.now() - this.#start) >>> 0;
  }

  /**
   * One animation frame: send coalesced input, then draw the latest picture if there is a new one
   * and none was drawn on arrival since the last frame (that one is this frame's picture; anything
   * newer waits for the next frame).
   */
  #loop(): void {
    if (this.#cancelFrame || this.#disposed) return;
    this.#cancelFrame = this.#requestFrame(() => {
      this.#cancelFrame = null;
      if (this.#disposed) return;
      this.#input?.flush();
      if (!this.#drawnSinceFrame) this.#drawPending();
      this.#drawnSinceFrame = false;
      if (this.#connected || this.#element) this.#loop();
    });
  }

  /**
   * The first picture to arrive after a display frame is drawn at once instead of waiting up to a
   * whole frame for the next one; later arrivals in the same interval are coalesced (latest wins).
   */
  #drawOnArrival(): void {
    if (this.#disposed || this.#drawnSinceFrame) return;
    if (this.#drawPending()) this.#drawnSinceFrame = true;
  }

  #drawPending(): boolean {
    const f = this.#intake;
    if (f.pendingDraws === 0 || !f.current) return false;
    this.#meter.framesDropped += f.pendingDraws - 1;
    f.pendingDraws = 0;
    f.framesWaiting = 0;
    f.current.draw(this.#surface);
    this.#meter.frame();
    return true;
  }

  #requestKeyframe(reason: string): void {
    const now = performance.now();
    if (now - this.#lastKeyRequest < KEYFRAME_REQUEST_GAP_MS) return;
    if (this.#transport.state !== 'open') return;
    this.#lastKeyRequest = now;
    const seq = this.#seq;
    this.#seq = (seq + 1) & 0xffff;
    void reason;
    this.#transport.send(encodeKeyframeRequest({ seq, timestamp: this.#now() }));
  }

  #ping(): void {
    if (this.#transport.state !== 'open' || !this.#pongs.beforePing(this.#transport)) return;
    const seq = this.#seq;
    this.#seq = (seq + 1) & 0xffff;
    this.#transport.send(encodePing({ seq, timestamp: this.#now(), input: true }));
  }

  #fail(e: unknown): void {
    const error = e instanceof Error ? e : new Error(String(e));
    if (this.store.getState().error?.message !== error.message) this.store.setState({ error });
  }

  #onMessage(bytes: Uint8Array): void {
    this.#pongs.alive();
    this.#meter.bytesIn(bytes.length);
    let message: Message;
    try {
      message = decodeMessage(bytes);
    } catch (e) {
      this.#fail(e);
      return;
    }
    const { header } = message;
    if (header.flags & Flag.Input) return;
    try {
      if (header.type === FrameType.LayerDirectory) {
        const kept = keptMessage(message);
        this.#directoryCodec(({ decodeLayerDirectory }) => {
          if (!this.#disposed) this.store.setState({ composition: decodeLayerDirectory(kept) });
        });
        return;
      }
      if (handleSideChannel(message, this.#side)) return;
    } catch (e) {
      this.#fail(e);
      return;
    }
    this.#intake.receive(message);
  }

  #flushStats(): void {
    const next = this.#meter.snapshot(performance.now());
    if (!sameStats(this.store.getState().stats, next)) this.store.setState({ stats: next });
  }
}
