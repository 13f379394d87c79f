import type { FrameMeta } from '../codec/frame-meta';
import { type LayerId, peekSeq, peekTimestamp, type SignalState, withLayer } from '../protocol/index';
import type { LadderMode } from '../quality/ladder';
import type { Transport } from '../transport/index';
import type { StatsMeter } from '../transport/stats';
import type { EncoderSet } from './encoders';
import { type CaptureSchedule, FramePacer, startClock } from './frame-clock';
import type { CapturedFrame, FrameCapture } from './types';

/** A layer the pump produces now, at its own fps. @internal */
export interface LayerSpec {
  readonly layer: LayerId;
  readonly mode: LadderMode;
  readonly fps: number;
}

/** What the layered pump reads from and reports to the engine. @internal */
export interface LayeredPumpHost {
  readonly transport: Transport;
  readonly meter: StatsMeter;
  readonly encoders: EncoderSet;
  readonly maxBuffered: number;
  /** The layers to produce now (demanded by the relay), best first. */
  layers(): readonly LayerSpec[];
  capture(): FrameCapture | null;
  signal(): SignalState | null | undefined;
  meta(): FrameMeta;
  send(message: Uint8Array, droppable: boolean): boolean;
  /** A frame went out on `layer`. */
  sent(layer: LayerId, seq: number, timestamp: number, bytes: number, keyframe: boolean): void;
  error(e: Error): void;
  disposed(): boolean;
}

interface Slot {
  readonly pacer: FramePacer;
  fps: number;
  /** The layer's next frame must be a keyframe (its first, a request, a reconnect). */
  keyPending: boolean;
}

/**
 * Capture once, encode per layer: each tick of a clock at the fastest layer's fps captures one
 * picture (and reads the signal state once) and encodes it for every layer that is due by its own
 * fps, each with its own encoder and so its own keyframes and delta base, each frame tagged with
 * its layer in the header flags. One tick is in flight at a time; while it or the socket is busy,
 * ticks are skipped (dropped), as in the single-stream pump. A layer that starts (or starts again)
 * begins with a keyframe.
 * @internal
 */
export class LayeredPump {
  readonly #host: LayeredPumpHost;
  readonly #schedule: CaptureSchedule;
  readonly #clock = new FramePacer(30);
  readonly #slots = new Map<LayerId, Slot>();
  #busy = false;
  #stopClock: (() => void) | null = null;

  constructor(host: LayeredPumpHost, schedule: CaptureSchedule) {
    this.#host = host;
    this.#schedule = schedule;
  }

  get running(): boolean {
    return this.#stopClock !== null;
  }

  /** (Re)starts the clock at the fastest of the layers' fps. */
  start(): void {
    this.stop();
    const fps = Math.max(1, ...this.#host.layers().map((l) => l.fps));
    this.#clock.setFps(fps);
    this.#stopClock = startClock(this.#schedule, this.#clock, {
      now: () => performance.now(),
      tick: () => void this.tick(),
    });
  }

  stop(): void {
    this.#stopClock?.();
    this.#stopClock = null;
  }

  /** The clock's fps, for the engine to restart it when the fastest layer changes. */
  get clockFps(): number {
    return 1000 / this.#clock.interval;
  }

  /** Keyframe next on `layer`, or on every layer with none. */
  keyframe(layer?: LayerId): void {
    for (const [l, s] of this.#slots) if (layer === undefined || l === layer) s.keyPending = true;
  }

  /** The app just painted: capture now if the clock has a slot. */
  captureNow(): boolean {
    if (!this.running || !this.#clock.take(performance.now())) return false;
    void this.tick();
    return true;
  }

  #due(now: number): LayerSpec[] {
    const specs = this.#host.layers();
    for (const l of this.#slots.keys()) {
      // A layer nobody wants any more: its chain ends; if it comes back it starts with a keyframe.
      if (!specs.some((s) => s.layer === l)) this.#slots.delete(l);
    }
    const due: LayerSpec[] = [];
    for (const spec of specs) {
      let slot = this.#slots.get(spec.layer);
      if (!slot) {
        slot = { pacer: new FramePacer(spec.fps), fps: spec.fps, keyPending: true };
        this.#slots.set(spec.layer, slot);
      } else if (slot.fps !== spec.fps) {
        slot.fps = spec.fps;
        slot.pacer.setFps(spec.fps);
      }
      if (slot.pacer.take(now)) due.push(spec);
    }
    return due;
  }

  /** One step: capture, then encode and send each due layer. */
  async tick(): Promise<void> {
    const h = this.#host;
    if (h.disposed() || h.transport.state !== 'open') return;
    if (this.#busy || h.transport.bufferedAmount > h.maxBuffered) {
      h.meter.framesDropped++;
      return;
    }
    const due = this.#due(performance.now());
    if (due.length === 0) return;
    this.#busy = true;
    try {
      const pictures = due.some((d) => d.mode !== 'signal');
      const frame = pictures ? await h.capture()?.capture() : null;
      const state = due.some((d) => d.mode === 'signal') ? h.signal() : null;
      let sent = false;
      for (const spec of due) {
        if (h.disposed()) return;
        sent = (await this.#encodeLayer(spec, frame ?? null, state ?? null)) || sent;
      }
      if (sent) h.meter.frame();
    } catch (e) {
      h.error(e instanceof Error ? e : new Error(String(e)));
    } finally {
      this.#busy = false;
    }
  }

  async #encodeLayer(
    spec: LayerSpec,
    frame: CapturedFrame | null,
    state: SignalState | null,
  ): Promise<boolean> {
    const h = this.#host;
    const slot = this.#slots.get(spec.layer);
    const encoder = h.encoders.get(spec.mode);
    if (!slot || !encoder) return false;
    const input =
      encoder.input === 'signal'
        ? state && { kind: 'signal' as const, state }
        : frame && { kind: 'picture' as const, frame };
    if (!input) return false;
    const t0 = performance.now();
    const encoded = await encoder.encode(input, { ...h.meta(), keyframe: slot.keyPending });
    h.meter.encoded(performance.now() - t0);
    if (!encoded || h.disposed()) return false;
    const m = encoded.message;
    m[1] = withLayer(m[1]!, spec.layer);
    if (!h.send(m, !encoded.keyframe)) {
      h.meter.framesDropped++;
      return false;
    }
    encoded.commit?.();
    if (encoded.keyframe) slot.keyPending = false;
    h.meter.framesSent++;
    h.meter.lastSeq = peekSeq(m);
    h.sent(spec.layer, h.meter.lastSeq, peekTimestamp(m), m.length, encoded.keyframe);
    return true;
  }
}
