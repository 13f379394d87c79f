/**
 * Every way a source can stream a picture, from raw pixels to a trained model on the receiver.
 * @public
 */
export const STREAM_MODES = ['pixel', 'compressed', 'delta', 'signal', 'neural'] as const;

/**
 * A streaming mode: `pixel` (0x01 raw RGBA), `compressed` (0x02 WebP/PNG), `delta` (0x03 XOR+RLE with
 * periodic keyframes), `signal` (0x30/0x31 state the receiver renders) or `neural` (0x40/0x43).
 * @public
 */
export type StreamMode = (typeof STREAM_MODES)[number];

/**
 * The adaptive-quality ladder, best picture first. Moving right costs fidelity and saves bandwidth.
 * `neural` is outside the ladder: it needs a model on the receiver, so only the app can choose it.
 * @public
 */
export const QUALITY_LADDER = ['pixel', 'compressed', 'delta', 'signal'] as const;

/** A mode the quality controller may choose on its own. @public */
export type LadderMode = (typeof QUALITY_LADDER)[number];

/** A quality layer's name, as `useQuality` and the stores show it. @public */
export type LayerName = 'lossless' | 'lossy' | 'signal';

/**
 * What the source's quality controller currently chooses, and why. Lives in the source engine's store.
 * @example
 * ```ts
 * engine.store.subscribe((s) => console.log(s.quality.level, s.quality.reason));
 * ```
 * @public
 */
export interface QualityState {
  /**
   * The quality layer this state is about: on a receiver, the layer the relay put it on (then
   * `level` is the mode of that layer's frames and `reason` the relay's reason); on a layered
   * source, its best layer produced. Absent for a single stream.
   */
  layer?: LayerName;
  /** Mode the source should stream in now. */
  level: StreamMode;
  /** Frames per second the source should capture at now. */
  fps: number;
  /** Short human-readable reason for the last decision (e.g. `'lag 12 frames'`). */
  reason: string;
  /** True when the app pinned the mode, so the controller only reports estimates. */
  pinned: boolean;
  /** Link estimates from receiver ACKs; `null` until enough ACKs arrived. */
  estimates: {
    /** Smoothed round-trip time, source → receiver → source, in milliseconds. */
    rttMs: number | null;
    /** Delivered bandwidth of the slowest receiver, in bytes per second. */
    bandwidthBps: number | null;
    /** Frames sent but not yet acknowledged by the slowest receiver. */
    lagFrames: number | null;
  };
}

/**
 * One rung of the ladder: the mode and its nominal cost, used to predict what a level will need
 * before it has been measured.
 * @public
 */
export interface LadderStep {
  /** The mode of this rung. */
  readonly mode: LadderMode;
  /**
   * Bytes per second of the springs demo (600x400 at 30 fps) in this mode, from DESIGN.md's table.
   * Only the ratios between rungs matter: measured sizes replace them as soon as frames are sent.
   */
  readonly nominalBytesPerSec: number;
}

/**
 * The ladder with nominal costs (600x400 at 30 fps): pixel 28.8 MB/s, compressed 1.5 MB/s,
 * delta 1 MB/s, signal 2 KB/s.
 * @internal
 */
export const LADDER_STEPS: readonly LadderStep[] = [
  { mode: 'pixel', nominalBytesPerSec: 600 * 400 * 4 * 30 },
  { mode: 'compressed', nominalBytesPerSec: 1_500_000 },
  { mode: 'delta', nominalBytesPerSec: 1_000_000 },
  { mode: 'signal', nominalBytesPerSec: 2_000 },
];

/**
 * Thresholds and timings of the quality controller. Every field can be overridden per controller.
 * @public
 */
export interface QualityThresholds {
  /** Queueing delay (smoothed RTT minus the lowest recent RTT) that counts as congestion, ms. */
  readonly maxQueueDelayMs: number;
  /** Round-trip time that counts as congestion whatever the baseline, ms. */
  readonly maxRttMs: number;
  /** Unacknowledged frames beyond what one RTT explains that count as a backlog. */
  readonly maxExcessLagFrames: number;
  /** Receiver render-queue depth (smoothed) that means it cannot keep up. */
  readonly maxQueueDepth: number;
  /** Delivered/sent ratio below which the link is not carrying the current level. */
  readonly minDeliveryRatio: number;
  /** Congestion must last this long before stepping down, ms. */
  readonly downDwellMs: number;
  /** The link must stay healthy this long before the first step up, ms (doubles after a failed step). */
  readonly upDwellMs: number;
  /** Longest wait before a step up after repeated failures, ms. */
  readonly maxUpDwellMs: number;
  /** Least time between any two level or fps changes, ms. */
  readonly minChangeIntervalMs: number;
  /** A step up that meets congestion within this window counts as a failed probe, ms. */
  readonly probeWindowMs: number;
  /** Predicted demand of a higher level times this must fit the known capacity. */
  readonly upHeadroom: number;
  /** A step down picks the best level whose demand fits this fraction of delivered bandwidth. */
  readonly downTargetUtilisation: number;
  /** How long a capacity measured under congestion stays trusted, ms. */
  readonly capacityMemoryMs: number;
  /** Window over which delivered bandwidth is measured, ms. */
  readonly bandwidthWindowMs: number;
  /** Fewest bytes sent in one window for the delivered/sent ratio to count (tiny streams are noisy). */
  readonly minRatioBytes: number;
  /** How long the lowest RTT stays the baseline for queueing delay, ms. */
  readonly minRttWindowMs: number;
  /** A receiver silent this long is forgotten while others still ACK (the relay resyncs it), ms; also how long sent frames are remembered. */
  readonly receiverTimeoutMs: number;
  /** Lowest fps the controller goes down to at the bottom of the ladder. */
  readonly minFps: number;
  /** EWMA gain for RTT samples (RFC 6298 uses 1/8). */
  readonly rttGain: number;
}

/**
 * Default thresholds: step down after 0.5 s of congestion, step up after 3 s of health (backing off
 * to 60 s after failed probes), at most one change per second.
 * @public
 */
export const DEFAULT_THRESHOLDS: QualityThresholds = {
  maxQueueDelayMs: 150,
  maxRttMs: 1000,
  maxExcessLagFrames: 6,
  maxQueueDepth: 3,
  minDeliveryRatio: 0.8,
  downDwellMs: 500,
  upDwellMs: 3000,
  maxUpDwellMs: 60_000,
  minChangeIntervalMs: 1000,
  probeWindowMs: 2000,
  upHeadroom: 1.25,
  downTargetUtilisation: 0.85,
  capacityMemoryMs: 10_000,
  bandwidthWindowMs: 1000,
  minRatioBytes: 16_384,
  minRttWindowMs: 30_000,
  receiverTimeoutMs: 5000,
  minFps: 5,
  rttGain: 1 / 8,
};

/** Position of a ladder mode (0 = pixel), or -1 for `neural`. @internal */
export function ladderIndex(mode: StreamMode): number {
  return (QUALITY_LADDER as readonly StreamMode[]).indexOf(mode);
}

/** True when `mode` is on the adaptive ladder (every mode but `neural`). @public */
export function isLadderMode(mode: StreamMode): mode is LadderMode {
  return ladderIndex(mode) >= 0;
}

/** True when `value` names a stream mode. @public */
export function isStreamMode(value: unknown): value is StreamMode {
  return typeof value === 'string' && (STREAM_MODES as readonly string[]).includes(value);
}
