import type { AckInput } from '../protocol/index';
import {
  createQualityController,
  type LadderMode,
  type QualityBounds,
  QualityController,
  type QualityControllerOptions,
  type QualityState,
  type StreamMode,
} from '../quality/index';

/**
 * Glue between the source engine and the quality controller: the engine reports frames sent
 * and ACKs, and every stats tick (about 4 Hz) asks for a decision it then applies itself.
 * @internal
 */
export class AdaptiveQuality {
  readonly controller: QualityController;

  constructor(
    option: QualityController | QualityControllerOptions,
    mode: StreamMode | undefined,
    fps: number,
    modes: readonly LadderMode[],
  ) {
    this.#engineModes = modes;
    if (option instanceof QualityController) {
      this.controller = option;
      this.setModes(modes);
    } else {
      this.#appModes = option.modes ?? null;
      this.controller = createQualityController({
        ...(mode ? { mode } : {}),
        fps,
        ...option,
        modes: this.#allowed(),
        now: performance.now(),
      });
    }
  }

  #engineModes: readonly LadderMode[];
  #appModes: readonly LadderMode[] | null = null;

  /** Modes both the engine can produce and the app allows. */
  #allowed(): LadderMode[] {
    const app = this.#appModes;
    return this.#engineModes.filter((m) => app === null || app.includes(m));
  }

  /** What the engine can produce changed (a signal getter came or went). */
  setModes(modes: readonly LadderMode[]): QualityState {
    this.#engineModes = modes;
    return this.controller.setBounds({ modes: this.#allowed() }, performance.now());
  }

  /** The app's bounds (`minMode`, `maxMode`, `maxBitrate`, `modes`), kept within what the engine can produce. */
  setBounds(bounds: QualityBounds): QualityState {
    const before = this.#appModes;
    if (bounds.modes !== undefined) this.#appModes = bounds.modes;
    try {
      return this.controller.setBounds({ ...bounds, modes: this.#allowed() }, performance.now());
    } catch (e) {
      this.#appModes = before;
      throw e;
    }
  }

  get quality(): QualityState {
    return this.controller.quality;
  }

  sent(seq: number, timestamp: number, bytes: number, mode: StreamMode): void {
    this.controller.onFrameSent({ seq, timestamp, bytes, mode }, performance.now());
  }

  /** `receiver` is the relay-stamped id from the ACK's `width` field (0: no relay id). */
  ack(ack: AckInput, receiver = 0): void {
    const sample = receiver > 0 ? { ...ack, receiverId: String(receiver) } : ack;
    this.controller.onAck(sample, performance.now());
  }

  /** The relay reports a receiver left: its link stops counting at once. */
  left(receiver: number): void {
    this.controller.removeReceiver(String(receiver), performance.now());
  }

  /** The relay lists every receiver connected now: forget anyone else's link. */
  listed(receivers: readonly number[]): void {
    this.controller.setReceivers(receivers.map(String), performance.now());
  }

  /** The relay reports no receivers left: forget their links. */
  noReceivers(): void {
    this.controller.clearReceivers(performance.now());
  }

  /** The app chose a mode: pin it (`null` hands control back). */
  pin(mode: StreamMode | null): QualityState {
    return this.controller.pin(mode, performance.now());
  }

  fps(fps: number): QualityState {
    return this.controller.setTargetFps(fps, performance.now());
  }

  tick(): { level: StreamMode; fps: number; quality: QualityState } {
    return this.controller.tick(performance.now());
  }
}

/** Deep-enough equality for the small `QualityState` object, to skip no-op store updates. @internal */
export function sameQuality(a: QualityState, b: QualityState): boolean {
  return (
    a.level === b.level &&
    a.fps === b.fps &&
    a.reason === b.reason &&
    a.pinned === b.pinned &&
    a.estimates.rttMs === b.estimates.rttMs &&
    a.estimates.bandwidthBps === b.estimates.bandwidthBps &&
    a.estimates.lagFrames === b.estimates.lagFrames
  );
}
