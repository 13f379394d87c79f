import type { StoreApi } from 'zustand/vanilla';
import type { AckInput, LayerAssignment, LayerId, QualityLayer, RosterInfo } from '../protocol/index';
import {
  LAYER_NAME,
  type LadderMode,
  type LayerQualityOptions,
  layerOfMode,
  planLayers,
  QUALITY_LADDER,
  type QualityBounds,
  type QualityController,
  type QualityState,
  type StreamMode,
} from '../quality/index';
import { modesInRange } from '../quality/layer-plan';
import { type AdaptiveQuality, sameQuality } from './adaptive';
import type { FramePump } from './frame-pump';
import type { ImageQuality } from './image-quality';
import type { SourceLayers } from './source-layers';
import type { SourceState } from './types';

/** Per-layer controller settings from the app's controller (its target fps, thresholds and bitrate cap). @internal */
export function layerOptions(single: QualityController): LayerQualityOptions {
  const c = single.state.config;
  return {
    fps: c.targetFps,
    thresholds: c.thresholds,
    maxBitrate: c.maxBytesPerSec === null ? null : c.maxBytesPerSec * 8,
  };
}

/** What the adaptive part applies through the engine. @internal */
export interface AdaptiveHost {
  readonly store: StoreApi<SourceState>;
  readonly image: ImageQuality;
  applyMode(mode: StreamMode): void;
  applyFps(fps: number): void;
}

/**
 * The adaptive side of a source: the single-stream controller (the ladder, as before layers) and
 * the quality layers. While the mode is not pinned the source offers layers; once the relay reports
 * them (LayerReport), each layer has its own controller and the ladder controller only stands by
 * (it takes over again when the app pins a mode, or with a relay that never reports layers).
 * @internal
 */
export class AdaptiveSource {
  readonly single: AdaptiveQuality;
  /** The per-layer machinery once its chunk has loaded (`null` before: one stream, no offer). */
  layers: SourceLayers | null = null;
  readonly #host: AdaptiveHost;
  #disposed = false;

  /**
   * `loadLayers` brings the per-layer machinery (its pump, controllers and plan: a lazy chunk).
   * Until it is there the source streams one stream, as a pinned source does, and offers no
   * layers: the relay places receivers on layers only after an offer, so nothing waits on it.
   */
  constructor(single: AdaptiveQuality, loadLayers: () => Promise<SourceLayers>, host: AdaptiveHost) {
    this.single = single;
    this.#host = host;
    loadLayers().then(
      (layers) => {
        if (this.#disposed) return;
        this.layers = layers;
        this.#replan();
      },
      (error: unknown) => {
        if (!this.#disposed)
          host.store.setState({ error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    this.#publish();
  }

  /** Not pinned: the source offers layers. */
  get layered(): boolean {
    return !this.single.quality.pinned;
  }

  /** Layers are offered and the relay reports them: produce per layer. */
  get perLayer(): boolean {
    return this.layered && this.layers?.active === true;
  }

  /** Stops the per-layer pump, and keeps layers that load later from starting. */
  dispose(): void {
    this.#disposed = true;
    this.layers?.pump.stop();
  }

  /**
   * The layer a single-stream frame of `mode` is tagged with: 0 when pinned (today's stream), and
   * until the layers have loaded and been offered (a relay refuses a layer bit on a channel that
   * offered none).
   */
  tag(mode: StreamMode): QualityLayer {
    return this.layered && this.layers?.offered === true ? layerOfMode(mode) : 0;
  }

  /** The modes the source may use changed (bounds, signal getter, pin): new plan, new offer. */
  #replan(): void {
    const layers = this.layers;
    if (layers) {
      const c = this.single.controller.state.config;
      layers.setPlan(planLayers(modesInRange(c.available, c.bestIndex, c.worstIndex, QUALITY_LADDER)));
      layers.offer(this.layered);
    }
    this.#publish();
  }

  /** Applies a change of the single controller's settings (and so maybe of the plan). */
  changed(quality: QualityState): void {
    this.#replan();
    if (this.perLayer) return;
    this.#host.store.setState({ quality });
    this.#host.applyMode(quality.level);
    this.#host.applyFps(quality.fps);
  }

  /**
   * Runs the per-layer pump while layers are produced, the single-stream `pump` (at `fps`)
   * otherwise; the one taking over starts with a keyframe.
   */
  syncPumps(pump: FramePump, fps: number): void {
    const layered = this.layers?.pump;
    if (this.perLayer && layered) {
      if (pump.running) pump.stop();
      if (!layered.running) layered.start();
    } else if (!pump.running) {
      layered?.stop();
      pump.keyPending = true;
      pump.start(fps);
    }
  }

  /** The app pins a mode (`null`: the controller chooses again, and layers are offered). */
  pin(mode: StreamMode | null): void {
    this.changed(this.single.pin(mode));
  }

  /**
   * New bounds from the app; the layers' controllers take its bitrate cap.
   * @throws QualityError from the controller for bounds that leave no mode
   */
  setBounds(bounds: QualityBounds): void {
    this.changed(this.single.setBounds(bounds));
    if (bounds.maxBitrate !== undefined) {
      this.layers?.quality.setOptions({ maxBitrate: bounds.maxBitrate }, performance.now());
    }
  }

  /** A new target fps, for the single stream and every layer. */
  setFps(fps: number): void {
    this.layers?.quality.setOptions({ fps }, performance.now());
    this.changed(this.single.fps(fps));
  }

  /**
   * The modes the engine can encode changed (a signal getter came or went).
   * @throws QualityError when the app's bounds leave none of them
   */
  setModes(modes: readonly LadderMode[]): void {
    this.changed(this.single.setModes(modes));
  }

  /** A frame of the single stream went out. */
  sent(seq: number, timestamp: number, bytes: number, mode: StreamMode): void {
    this.single.sent(seq, timestamp, bytes, mode);
  }

  /** A plausible ACK of a frame sent on `layer`. */
  ack(ack: AckInput, receiver: number, layer: QualityLayer | null): void {
    if (!this.perLayer) this.single.ack(ack, receiver);
    else if (layer !== null && layer !== 0)
      this.layers?.quality.ack(layer as LayerId, ack, receiver, performance.now());
  }

  roster(r: RosterInfo): void {
    const now = performance.now();
    if (r.kind === 'left') {
      for (const id of r.ids) {
        this.single.left(id);
        this.layers?.quality.left(id, now);
      }
    } else if (r.kind === 'snapshot') {
      this.single.listed(r.ids);
      this.layers?.quality.listed(r.ids, now);
    }
    // Before the engine stores the new receiver list, so no one sees a leaver still on a layer.
    this.#publish();
  }

  report(entries: readonly LayerAssignment[]): void {
    this.layers?.report(entries);
    this.#publish();
  }

  /** One stats tick (about 4 Hz). */
  tick(): void {
    if (!this.perLayer) {
      const d = this.single.tick();
      const s = this.#host.store.getState();
      if (!sameQuality(s.quality, d.quality)) this.#host.store.setState({ quality: d.quality });
      this.#host.applyMode(d.level);
      this.#host.applyFps(d.fps);
      this.#host.image.tick(this.single.controller);
    } else this.layers?.tick();
    this.#publish();
  }

  /** Store: the layers, and in per-layer production a `quality` that names the best layer produced. */
  #publish(): void {
    const store = this.#host.store;
    const layers = this.layered && this.layers ? this.layers.state() : null;
    const patch: Partial<SourceState> = {};
    if (JSON.stringify(layers) !== JSON.stringify(store.getState().layers)) patch.layers = layers;
    if (this.perLayer && this.layers) {
      const best = this.layers.produced()[0];
      const c = best && this.layers.quality.controller(best.layer);
      if (best && c) {
        const q: QualityState = { ...c.quality, layer: LAYER_NAME[best.layer], reason: summary(layers) };
        if (!sameQuality(store.getState().quality, q) || store.getState().quality.layer !== q.layer) {
          patch.quality = q;
        }
        if (store.getState().mode !== best.mode) patch.mode = best.mode;
      }
    }
    if (Object.keys(patch).length > 0) store.setState(patch);
  }
}

/** "lossless ×2 @ 30 fps · lossy ×1 @ 12 fps q 60%": the layers produced, for `quality.reason`. */
function summary(layers: SourceState['layers']): string {
  if (!layers) return '';
  const parts: string[] = [];
  for (const name of layers.offered) {
    const l = layers[name];
    if (!l?.produced) continue;
    const q = l.imageQuality === null ? '' : ` q ${Math.round(l.imageQuality * 100)}%`;
    parts.push(`${name} ×${l.receivers.length} @ ${l.fps} fps${q}`);
  }
  return parts.join(' · ');
}
