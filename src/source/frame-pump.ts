import type { FrameMeta } from '../codec/frame-meta';
import { peekSeq, peekTimestamp, type QualityLayer, type SignalState, withLayer } from '../protocol/index';
import type { StreamMode } from '../quality/ladder';
import type { Transport } from '../transport/index';
import type { StatsMeter } from '../transport/stats';
import type { EncoderSet } from './encoders';
import { type CaptureSchedule, FramePacer, startClock } from './frame-clock';
import type { EncoderInput, FrameCapture } from './types';

/** What the frame pump reads from and reports to the engine. @internal */
export interface FramePumpHost {
  readonly transport: Transport;
  readonly meter: StatsMeter;
  readonly encoders: EncoderSet;
  readonly maxBuffered: number;
  mode(): StreamMode;
  capture(): FrameCapture | null;
  signal(): SignalState | null | undefined;
  meta(): FrameMeta;
  /** Sends; false when the transport refused (the frame is then not committed). */
  send(message: Uint8Array, droppable: boolean): boolean;
  /** The layer a frame of `mode` is tagged with (0: unlayered, a fixed or pinned mode). */
  layer(mode: StreamMode): QualityLayer;
  /** A frame went out (for the quality controller). */
  sent(
    seq: number,
    timestamp: number,
    bytes: number,
    mode: StreamMode,
    keyframe: boolean,
    layer: QualityLayer,
  ): void;
  error(e: Error): void;
  disposed(): boolean;
}

/**
 * The capture → encode → send loop at the target fps. At most one frame is in flight: while an
 * encode (WebP is asynchronous) or the socket is busy, frames that come due are skipped and
 * counted as dropped, so a slow encoder or link lowers the frame rate instead of building a queue.
 * @internal
 */
export class FramePump {
  /** The next frame must be a keyframe (start, reconnect, request, mode or canvas change). */
  keyPending = true;
  readonly #host: FramePumpHost;
  #busy = false;
  readonly #fallbackReported = new Set<StreamMode>();
  readonly #schedule: CaptureSchedule;
  readonly #pacer = new FramePacer(30);
  #stopClock: (() => void) | null = null;

  constructor(host: FramePumpHost, schedule: CaptureSchedule) {
    this.#host = host;
    this.#schedule = schedule;
  }

  /** (Re)starts the capture clock at `fps`. */
  start(fps: number): void {
    this.stop();
    this.#pacer.setFps(fps);
    this.#stopClock = startClock(this.#schedule, this.#pacer, {
      now: () => performance.now(),
      tick: () => void this.tick(),
    });
  }

  get running(): boolean {
    return this.#stopClock !== null;
  }

  stop(): void {
    this.#stopClock?.();
    this.#stopClock = null;
  }

  /**
   * The app just painted: capture now if the fps budget has a slot (else nothing happens).
   * Returns whether a step ran (it may still be skipped as dropped while busy or backpressured).
   */
  captureNow(): boolean {
    if (!this.running || !this.#pacer.take(performance.now())) return false;
    void this.tick();
    return true;
  }

  /** One step; skipped while the previous one or the socket is busy. */
  async tick(): Promise<void> {
    const h = this.#host;
    if (h.disposed() || h.transport.state !== 'open') return;
    if (this.#busy || h.transport.bufferedAmount > h.maxBuffered) {
      h.meter.framesDropped++;
      return;
    }
    const mode = h.mode();
    const encoder = h.encoders.get(mode);
    if (!encoder) return;
    if (encoder.mode !== mode && !this.#fallbackReported.has(mode)) {
      // Say it once: the app asked for a mode nobody can encode here, and gets delta instead.
      this.#fallbackReported.add(mode);
      h.error(
        new Error(`no encoder for mode '${mode}' (plug one in through encoders); streaming ${encoder.mode}`),
      );
    }
    this.#busy = true;
    try {
      const input = await this.#gather(encoder.input);
      if (!input || h.disposed()) return;
      const t0 = performance.now();
      const keyframe = this.keyPending;
      const encoded = await encoder.encode(input, { ...h.meta(), keyframe });
      h.meter.encoded(performance.now() - t0);
      if (!encoded || h.disposed()) return;
      const m = encoded.message;
      const layer = h.layer(encoder.mode);
      if (layer !== 0) m[1] = withLayer(m[1]!, layer);
      if (h.send(m, !encoded.keyframe)) {
        encoded.commit?.();
        if (encoded.keyframe) this.keyPending = false;
        h.meter.framesSent++;
        h.meter.frame();
        h.meter.lastSeq = peekSeq(m);
        h.sent(h.meter.lastSeq, peekTimestamp(m), m.length, mode, encoded.keyframe, layer);
      } else h.meter.framesDropped++;
    } catch (e) {
      h.error(e instanceof Error ? e : new Error(String(e)));
    } finally {
      this.#busy = false;
    }
  }

  async #gather(kind: EncoderInput['kind']): Promise<EncoderInput | null> {
    if (kind === 'signal') {
      const state = this.#host.signal();
      return state ? { kind, state } : null;
    }
    const frame = await this.#host.capture()?.capture();
    return frame ? { kind, frame } : null;
  }
}
