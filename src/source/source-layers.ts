import {
  encodeLayerOffer,
  LAYERS,
  type LayerAssignment,
  type LayerId,
  QualityLayer,
} from '../protocol/index';
import {
  demandedLayers,
  LAYER_NAME,
  type LayerModes,
  LayerQuality,
  type LayerQualityOptions,
  offerMask,
} from '../quality/index';
import type { CaptureSchedule } from './frame-clock';
import type { ImageQuality } from './image-quality';
import { LayeredPump, type LayeredPumpHost, type LayerSpec } from './layered-pump';
import type { SourceLayerState, SourceLayersState } from './types';

/** How long a layer the relay asked a keyframe of is produced without a receiver on it, ms. */
export const REQUESTED_LAYER_MS = 5000;

/** What both pumps (single stream and per layer) read from the engine. @internal */
export type PumpBase = Omit<LayeredPumpHost, 'layers' | 'sent'>;

/** What the layer set needs from the engine beyond the pump's host. @internal */
export interface SourceLayersHost extends Omit<LayeredPumpHost, 'layers' | 'sent'> {
  /** A layered frame went out (the engine's ACK guards record it). */
  sent(layer: LayerId, seq: number, timestamp: number, bytes: number, keyframe: boolean): void;
}

/**
 * The quality layers of an adaptive source: what it offers the relay (LayerOffer), which layers it
 * produces (those the relay's LayerReport shows receivers on, plus any the relay just asked a
 * keyframe of), and each layer's own controller (fps; image quality on the lossy layer). Layered
 * production starts with the relay's first LayerReport: a relay that never sends one (an older
 * relay, or a direct transport) gets the single adaptive stream as before.
 * @internal
 */
export class SourceLayers {
  readonly quality: LayerQuality;
  readonly #pump: LayeredPump;
  readonly #host: SourceLayersHost;
  readonly #image: ImageQuality;
  #plan: LayerModes = {};
  /** Mask last sent on this connection (`null`: none yet). */
  #sentMask: number | null = null;
  #reported = false;
  readonly #requested = new Map<LayerId, number>();
  readonly #fps = new Map<LayerId, number>();
  readonly #bytes = new Map<LayerId, number>();
  readonly #reason = new Map<LayerId, string>();
  #bytesAt = performance.now();
  #rates = new Map<LayerId, number>();

  constructor(
    host: SourceLayersHost,
    schedule: CaptureSchedule,
    options: LayerQualityOptions,
    image: ImageQuality,
  ) {
    this.#host = host;
    this.#image = image;
    this.quality = new LayerQuality(options);
    this.#pump = new LayeredPump(
      {
        ...host,
        layers: () => this.produced(),
        sent: (layer, seq, ts, bytes, keyframe) => {
          this.#bytes.set(layer, (this.#bytes.get(layer) ?? 0) + bytes);
          this.quality.sent(layer, { seq, timestamp: ts, bytes }, performance.now());
          host.sent(layer, seq, ts, bytes, keyframe);
        },
      },
      schedule,
    );
  }

  /** True once the relay reported layers: production is per layer. */
  get active(): boolean {
    return this.#reported;
  }

  get pump(): LayeredPump {
    return this.#pump;
  }

  get plan(): LayerModes {
    return this.#plan;
  }

  /** The layers and their modes (from the modes the source may use now). */
  setPlan(plan: LayerModes): void {
    this.#plan = plan;
    this.quality.setPlan(plan, performance.now());
    for (const l of LAYERS) if (plan[l] === undefined) this.#fps.delete(l);
  }

  /** Sends the LayerOffer for `layered` (mask 0 when not) if it differs from what this connection got. */
  offer(layered: boolean): void {
    const mask = layered ? offerMask(this.#plan) : 0;
    if (mask === this.#sentMask || this.#host.transport.state !== 'open') return;
    if (this.#host.send(encodeLayerOffer(mask, this.#host.meta()), false)) this.#sentMask = mask;
  }

  /** A non-empty LayerOffer went out on this connection: its frames may carry layer bits. */
  get offered(): boolean {
    return this.#sentMask !== null && this.#sentMask !== 0;
  }

  /** The transport (re)opened: the relay knows no offer yet, and every layer starts with a keyframe. */
  opened(): void {
    this.#sentMask = null;
    this.#pump.keyframe();
  }

  /** The relay's LayerReport (every receiver and its layer). */
  report(entries: readonly LayerAssignment[]): void {
    this.#reported = true;
    this.quality.report(entries, performance.now());
    for (const e of entries) if (e.layer !== QualityLayer.None) this.#requested.delete(e.layer as LayerId);
  }

  /** A KeyframeRequest for `layer` (0: every layer produced). */
  keyframe(layer: number): void {
    if (layer === QualityLayer.None) {
      this.#pump.keyframe();
      return;
    }
    const id = layer as LayerId;
    if (this.#plan[id] === undefined) return;
    // A receiver is about to switch to it: produce it (from a keyframe) even before anyone is on it.
    this.#requested.set(id, performance.now() + REQUESTED_LAYER_MS);
    this.#pump.keyframe(id);
  }

  /** The layers to produce now, best first, each at its controller's fps. */
  produced(): LayerSpec[] {
    const now = performance.now();
    const layers = new Set(demandedLayers(this.#plan, this.quality.assignments));
    for (const [l, until] of this.#requested) {
      if (until < now) this.#requested.delete(l);
      else layers.add(l);
    }
    const out: LayerSpec[] = [];
    for (const l of LAYERS) {
      const mode = this.#plan[l];
      if (mode !== undefined && layers.has(l))
        out.push({ layer: l, mode, fps: this.#fps.get(l) ?? this.#targetFps() });
    }
    return out;
  }

  #targetFps(): number {
    return this.quality.controller(QualityLayer.Lossless)?.state.config.targetFps ?? 30;
  }

  /** One controller tick: per-layer fps and lossy image quality; restarts the clock when the fastest layer changed. */
  tick(): void {
    const now = performance.now();
    for (const d of this.quality.tick(now)) {
      this.#fps.set(d.layer, d.fps);
      this.#reason.set(d.layer, d.quality.reason);
      if (d.layer === QualityLayer.Lossy) this.#image.tick(this.quality.controller(d.layer)!, now);
    }
    const dt = (now - this.#bytesAt) / 1000;
    if (dt >= 0.9) {
      this.#rates = new Map([...this.#bytes].map(([l, b]) => [l, Math.round(b / dt)]));
      this.#bytes.clear();
      this.#bytesAt = now;
    }
    if (!this.#pump.running) return;
    const fastest = Math.max(1, ...this.produced().map((l) => l.fps));
    if (fastest !== this.#pump.clockFps) this.#pump.start();
  }

  /** The store's view of the layers. */
  state(): SourceLayersState {
    const produced = new Set(this.produced().map((l) => l.layer));
    const out: SourceLayersState = {
      active: this.#reported,
      offered: LAYERS.filter((l) => this.#plan[l] !== undefined).map((l) => LAYER_NAME[l]),
    };
    for (const l of LAYERS) {
      const mode = this.#plan[l];
      if (mode === undefined) continue;
      const c = this.quality.controller(l);
      const layer: SourceLayerState = {
        mode,
        produced: this.#reported && produced.has(l),
        receivers: this.quality.receiversOn(l),
        fps: this.#fps.get(l) ?? this.#targetFps(),
        imageQuality: l === QualityLayer.Lossy ? this.#image.current : null,
        bytesPerSec: this.#rates.get(l) ?? 0,
        reason: this.#reason.get(l) ?? c?.quality.reason ?? 'starting',
      };
      out[LAYER_NAME[l]] = layer;
    }
    return out;
  }
}
