// Per-layer quality decisions: one controller per produced layer, fed only with that layer's
// frames and the ACKs of the receivers the relay put on it. A receiver on the lossy layer, honest
// or hostile, never reaches the lossless layer's controller, and one that leaves (or moves) stops
// counting on its old layer at once.
import type { AckInput, LayerAssignment, LayerId } from '../protocol/index';
import { QualityController, type QualityDecision } from './controller';
import type { QualityState, QualityThresholds, StreamMode } from './ladder';
import type { LayerModes } from './layer-plan';

/** How the controller's reason starts when the app's bitrate cap set the fps (decide.ts). */
const BITRATE_REASON = 'max bitrate';
/** The reason of an upper layer held at its target fps while one of its receivers is congested. */
const RELAY_MOVES = 'target fps: the relay moves slow receivers to a lower layer';

/** A held layer's fps: its target, or less where the app's bitrate cap asks it (never under the floor). */
function cappedFps(c: QualityController): number {
  const { config, bytesPerFrame } = c.state;
  const cap = config.maxBytesPerSec;
  const bpf = bytesPerFrame[config.pin ?? c.state.level];
  if (cap === null || bpf === undefined || bpf <= 0 || bpf * config.targetFps <= cap) return config.targetFps;
  return Math.max(config.thresholds.minFps, Math.floor(cap / bpf));
}

/** Settings every layer's controller shares. @public */
export interface LayerQualityOptions {
  /** Target fps of every layer (each lowers its own under congestion). */
  fps: number;
  /** Overrides of the controller thresholds. */
  thresholds?: Partial<QualityThresholds>;
  /** Ceiling on each layer's bitrate, bits per second; `null` for none. */
  maxBitrate?: number | null;
}

/** One layer's decision at a tick. @public */
export interface LayerDecision {
  layer: LayerId;
  mode: StreamMode;
  fps: number;
  quality: QualityState;
  changed: boolean;
}

/**
 * The controllers of an adaptive source's layers and who is on which layer. No timers: the engine
 * passes `now` (any monotonic ms clock) to every call.
 * @public
 */
export class LayerQuality {
  readonly #controllers = new Map<LayerId, QualityController>();
  /** Relay id -> the layer the relay last reported it on. */
  readonly #on = new Map<number, LayerAssignment>();
  #options: LayerQualityOptions;

  constructor(options: LayerQualityOptions) {
    this.#options = options;
  }

  /** The assignments the relay last reported (receivers on layer 0 included). */
  get assignments(): readonly LayerAssignment[] {
    return [...this.#on.values()];
  }

  /** The controller of `layer`, if that layer is planned. */
  controller(layer: LayerId): QualityController | undefined {
    return this.#controllers.get(layer);
  }

  /** Relay ids of the receivers on `layer`. */
  receiversOn(layer: LayerId): number[] {
    const ids: number[] = [];
    for (const a of this.#on.values()) if (a.layer === layer) ids.push(a.id);
    return ids.sort((a, b) => a - b);
  }

  /** The layers and their modes changed: controllers of new layers start fresh, gone ones are dropped. */
  setPlan(plan: LayerModes, now: number): void {
    for (const [layer, c] of this.#controllers) {
      if (plan[layer] !== c.state.level) this.#controllers.delete(layer);
    }
    for (const [key, mode] of Object.entries(plan)) {
      const layer = Number(key) as LayerId;
      if (mode === undefined || this.#controllers.has(layer)) continue;
      const o = this.#options;
      this.#controllers.set(
        layer,
        new QualityController({
          mode,
          modes: [mode],
          minMode: mode,
          maxMode: mode,
          fps: o.fps,
          ...(o.thresholds ? { thresholds: o.thresholds } : {}),
          ...(o.maxBitrate !== undefined ? { maxBitrate: o.maxBitrate } : {}),
          now,
        }),
      );
    }
  }

  /** A new target fps (or bitrate ceiling) for every layer. */
  setOptions(patch: Partial<LayerQualityOptions>, now: number): void {
    this.#options = { ...this.#options, ...patch };
    for (const c of this.#controllers.values()) {
      if (patch.fps !== undefined) c.setTargetFps(patch.fps, now);
      if (patch.maxBitrate !== undefined) c.setBounds({ maxBitrate: patch.maxBitrate }, now);
    }
  }

  /**
   * The relay's LayerReport (every receiver of the channel): it replaces what was known. A receiver
   * that moved, or is no longer listed, is forgotten by its old layer's controller at once.
   */
  report(entries: readonly LayerAssignment[], now: number): void {
    const next = new Map<number, LayerAssignment>();
    for (const e of entries) next.set(e.id, e);
    for (const [id, old] of this.#on) {
      if (next.get(id)?.layer !== old.layer) this.#forget(id, old.layer, now);
    }
    this.#on.clear();
    for (const [id, e] of next) this.#on.set(id, e);
  }

  /** A receiver left (Roster): it stops counting at once. */
  left(id: number, now: number): void {
    const a = this.#on.get(id);
    if (!a) return;
    this.#on.delete(id);
    this.#forget(id, a.layer, now);
  }

  /** The relay listed everyone connected now: anyone else is forgotten. */
  listed(ids: readonly number[], now: number): void {
    const keep = new Set(ids);
    for (const id of [...this.#on.keys()]) if (!keep.has(id)) this.left(id, now);
  }

  #forget(id: number, layer: number, now: number): void {
    this.#controllers.get(layer as LayerId)?.removeReceiver(String(id), now);
  }

  /** A frame went out on `layer`. */
  sent(layer: LayerId, frame: { seq: number; timestamp: number; bytes: number }, now: number): void {
    this.#controllers.get(layer)?.onFrameSent(frame, now);
  }

  /**
   * A plausible ACK of a frame sent on `layer` from relay id `receiver`: it counts only when the
   * relay reports that receiver on that layer (an ACK of the layer it is leaving, or of one it was
   * never put on, moves nothing). Returns whether it counted.
   */
  ack(layer: LayerId, ack: AckInput, receiver: number, now: number): boolean {
    if (this.#on.get(receiver)?.layer !== layer) return false;
    const c = this.#controllers.get(layer);
    if (!c) return false;
    c.onAck({ ...ack, receiverId: String(receiver) }, now);
    return true;
  }

  /**
   * Decides each planned layer's fps (and, through its controller state, the lossy image quality).
   * A layer with a worse one planned below it keeps its target fps (unless the app's bitrate cap
   * asks less): a receiver whose link cannot take it is the relay's to move down, and lowering the
   * layer for it would slow everyone else on it (and hide the congestion the relay moves it on).
   * Only the worst planned layer, with nowhere lower to go, lowers its fps for its receivers.
   */
  tick(now: number): LayerDecision[] {
    const out: LayerDecision[] = [];
    const worst = Math.max(...this.#controllers.keys());
    for (const [layer, c] of this.#controllers) {
      const d: QualityDecision = c.tick(now);
      const held = layer < worst && !d.quality.reason.startsWith(BITRATE_REASON);
      const fps = held ? cappedFps(c) : d.fps;
      const quality = held && fps !== d.fps ? { ...d.quality, fps, reason: RELAY_MOVES } : d.quality;
      out.push({ layer, mode: d.level, fps, quality, changed: d.changed });
    }
    return out.sort((a, b) => a.layer - b.layer);
  }
}
