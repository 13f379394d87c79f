import type { QualityState, StreamMode } from './ladder';
import type { AckSample } from './link-estimator';
import { type QualityEvent, reduceQuality, type SentFrame, toQualityState } from './reduce';
import {
  type ControllerState,
  createControllerState,
  type QualityBounds,
  type QualityControllerOptions,
} from './state';

/**
 * What `tick` decided.
 * @public
 */
export interface QualityDecision {
  /** Mode to stream in from now on. */
  level: StreamMode;
  /** Frames per second to capture at from now on. */
  fps: number;
  /** True when `level` or `fps` differ from before this tick. */
  changed: boolean;
  /** The full state for the store. */
  quality: QualityState;
}

/**
 * A stateful wrapper over `reduceQuality` for the source engine: feed it sent frames and ACKs, call
 * `tick(now)` from the capture loop, and apply the decision. Still no timers of its own.
 * @example
 * ```ts
 * const qc = createQualityController({ fps: 30, maxMode: 'compressed' });
 * qc.onFrameSent({ seq, timestamp, bytes: msg.byteLength }, performance.now());
 * engine.on('ack', (ack) => qc.onAck(ack, performance.now()));
 * const d = qc.tick(performance.now());
 * if (d.changed) setMode(d.level);
 * ```
 * @public
 */
export class QualityController {
  #state: ControllerState;

  constructor(options: QualityControllerOptions = {}) {
    this.#state = createControllerState(options);
  }

  /** The full controller state (immutable; a new object after each change). */
  get state(): ControllerState {
    return this.#state;
  }

  /** The store-facing view: level, fps, reason, pinned, estimates. */
  get quality(): QualityState {
    return toQualityState(this.#state);
  }

  /** Applies any event (the reducer behind the other methods). */
  dispatch(event: QualityEvent): ControllerState {
    this.#state = reduceQuality(this.#state, event);
    return this.#state;
  }

  /** Records a frame the source sent. */
  onFrameSent(frame: SentFrame, now: number): void {
    this.dispatch({ type: 'sent', now, frame });
  }

  /** Folds in a receiver's ACK (an `AckInput` fits as it is). */
  onAck(ack: AckSample, now: number): void {
    this.dispatch({ type: 'ack', now, ack });
  }

  /** Re-estimates the links and decides the level and fps at `now`. */
  tick(now: number): QualityDecision {
    const before = this.#state;
    const after = this.dispatch({ type: 'tick', now });
    return {
      level: after.level,
      fps: after.fps,
      changed: after.level !== before.level || after.fps !== before.fps,
      quality: toQualityState(after),
    };
  }

  /** Pins a mode (`null` hands control back to the ladder). */
  pin(mode: StreamMode | null, now: number): QualityState {
    return toQualityState(this.dispatch({ type: 'pin', now, mode }));
  }

  /** Changes `minMode`, `maxMode` or `maxBitrate`; takes effect at once. */
  setBounds(bounds: QualityBounds, now: number): QualityState {
    return toQualityState(this.dispatch({ type: 'bounds', now, bounds }));
  }

  /** Changes the target fps. */
  setTargetFps(fps: number, now: number): QualityState {
    return toQualityState(this.dispatch({ type: 'fps', now, fps }));
  }

  /** Forgets a receiver that left (when the relay reports it). */
  removeReceiver(receiverId: string, now: number): void {
    this.dispatch({ type: 'receiver-left', now, receiverId });
  }

  /** Keeps only the links of `receiverIds` (every receiver connected now, as the relay lists them). */
  setReceivers(receiverIds: readonly string[], now: number): void {
    this.dispatch({ type: 'receivers', now, receiverIds });
  }

  /** Forgets every receiver (the relay reports none left), so the next joiner starts from a clean slate. */
  clearReceivers(now: number): void {
    this.dispatch({ type: 'receivers-cleared', now });
  }
}

/**
 * Creates a `QualityController`. Throws `QualityError` (BAD_OPTIONS) for bad options.
 * @example
 * ```ts
 * const qc = createQualityController({ mode: 'pixel', fps: 30, minMode: 'delta' });
 * ```
 * @public
 */
export function createQualityController(options: QualityControllerOptions = {}): QualityController {
  return new QualityController(options);
}
