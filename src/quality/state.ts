import { QualityError } from './errors';
import {
  DEFAULT_THRESHOLDS,
  isLadderMode,
  isStreamMode,
  type LadderMode,
  ladderIndex,
  QUALITY_LADDER,
  type QualityState,
  type QualityThresholds,
  type StreamMode,
} from './ladder';
import type { LinkEstimate, SentRecord } from './link-estimator';

/**
 * Limits the app puts on the controller.
 * @public
 */
export interface QualityBounds {
  /**
   * Lowest-fidelity rung the controller may choose (e.g. `'delta'`: never fall to `signal`).
   * @defaultValue `'signal'`
   */
  minMode?: LadderMode;
  /**
   * Highest-fidelity rung the controller may choose (e.g. `'compressed'`: never send raw pixels).
   * @defaultValue `'pixel'`
   */
  maxMode?: LadderMode;
  /**
   * Ceiling on the stream's bitrate, in bits per second; `null` for none.
   * @defaultValue `null`
   */
  maxBitrate?: number | null;
  /**
   * Ladder rungs the source can actually produce (e.g. no `compressed` without an image encoder, no
   * `signal` without a state getter); the controller steps over the others.
   * @defaultValue every rung
   */
  modes?: readonly LadderMode[];
}

/**
 * Options of `createQualityController`.
 * @public
 */
export interface QualityControllerOptions extends QualityBounds {
  /**
   * Mode to start in. `neural` is outside the ladder, so starting in it pins it.
   * @defaultValue `'pixel'` (clamped into the bounds)
   */
  mode?: StreamMode;
  /**
   * Target frames per second; the controller lowers it only at the bottom of the ladder.
   * @defaultValue `30`
   */
  fps?: number;
  /**
   * Mode the app pins: the controller keeps estimating but never changes level.
   * @defaultValue `null`
   */
  pin?: StreamMode | null;
  /**
   * Overrides of `DEFAULT_THRESHOLDS`.
   * @defaultValue `{}`
   */
  thresholds?: Partial<QualityThresholds>;
  /**
   * Controller clock at creation, in ms (any monotonic clock, the same one passed as `now` later).
   * @defaultValue `0`
   */
  now?: number;
}

/** Validated settings inside a controller state. @internal */
export interface ControllerConfig {
  readonly targetFps: number;
  /** Ladder index of `maxMode` (the best allowed rung; smaller index = better picture). */
  readonly bestIndex: number;
  /** Ladder index of `minMode` (the worst allowed rung). */
  readonly worstIndex: number;
  /** `maxBitrate` in bytes per second, or `null`. */
  readonly maxBytesPerSec: number | null;
  /** Per ladder index: may the controller choose this rung (`QualityBounds.modes`)? */
  readonly available: readonly boolean[];
  readonly pin: StreamMode | null;
  readonly thresholds: QualityThresholds;
}

/**
 * The whole state of a quality controller: a plain immutable value that `reduceQuality` maps to the
 * next one. No timers, no sockets.
 * @internal
 */
export interface ControllerState {
  readonly config: ControllerConfig;
  readonly level: StreamMode;
  readonly fps: number;
  readonly reason: string;
  /** Frames sent within `receiverTimeoutMs`, oldest first. */
  readonly sent: readonly SentRecord[];
  readonly links: ReadonlyMap<string, LinkEstimate>;
  /** Average message bytes per frame last measured in each mode. */
  readonly bytesPerFrame: Readonly<Partial<Record<StreamMode, number>>>;
  readonly congestedSince: number | null;
  readonly healthySince: number | null;
  readonly lastChangeAt: number;
  /** When the current step up started, while it is still on probation. */
  readonly probeAt: number | null;
  /** What the current probe tries: a ladder mode, or `'fps'`. */
  readonly probeTarget: StreamMode | 'fps' | null;
  /** Health needed before stepping up into a mode (or raising fps); doubles after each failed probe. */
  readonly upDwellMs: Readonly<Partial<Record<StreamMode | 'fps', number>>>;
  /** After a step down, congestion is not judged again until the old backlog drained (estimated). */
  readonly settleUntil: number;
  /**
   * Settling may last until then at most; it ends earlier once every receiver acknowledged a frame
   * sent after the step (its backlog has drained).
   */
  readonly settleMaxUntil: number;
  /** While settling: the biggest receiver backlog (unacknowledged bytes) at the last drain check. */
  readonly settleCheck: { readonly at: number; readonly backlog: number } | null;
  /** Delivered bandwidth measured while congested: an upper bound of the link, in bytes/s. */
  readonly capacity: { readonly bps: number; readonly at: number } | null;
  readonly estimates: QualityState['estimates'];
}

function bad(detail: string): never {
  throw new QualityError('BAD_OPTIONS', detail);
}

function checkMode(name: string, mode: unknown, ladderOnly: boolean): void {
  if (!isStreamMode(mode) || (ladderOnly && !isLadderMode(mode))) bad(`${name}: ${String(mode)}`);
}

/** Checks thresholds and bounds and returns the validated config. Throws `QualityError` BAD_OPTIONS. @internal */
export function makeConfig(
  options: QualityBounds & { fps?: number; pin?: StreamMode | null; thresholds?: Partial<QualityThresholds> },
  base?: ControllerConfig,
): ControllerConfig {
  const thresholds = { ...(base?.thresholds ?? DEFAULT_THRESHOLDS), ...options.thresholds };
  for (const [k, v] of Object.entries(thresholds)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) bad(`thresholds.${k}: ${String(v)}`);
  }
  if (thresholds.rttGain <= 0 || thresholds.rttGain > 1) bad(`thresholds.rttGain: ${thresholds.rttGain}`);
  if (thresholds.minFps <= 0) bad(`thresholds.minFps: ${thresholds.minFps}`);
  const targetFps = options.fps ?? base?.targetFps ?? 30;
  if (!Number.isFinite(targetFps) || targetFps <= 0) bad(`fps: ${targetFps}`);
  if (options.minMode !== undefined) checkMode('minMode', options.minMode, true);
  if (options.maxMode !== undefined) checkMode('maxMode', options.maxMode, true);
  const worstIndex = options.minMode
    ? ladderIndex(options.minMode)
    : (base?.worstIndex ?? QUALITY_LADDER.length - 1);
  const bestIndex = options.maxMode ? ladderIndex(options.maxMode) : (base?.bestIndex ?? 0);
  if (bestIndex > worstIndex) {
    bad(`maxMode ${QUALITY_LADDER[bestIndex]} is below minMode ${QUALITY_LADDER[worstIndex]}`);
  }
  const maxBitrate = options.maxBitrate === undefined ? undefined : options.maxBitrate;
  if (maxBitrate !== undefined && maxBitrate !== null && (!Number.isFinite(maxBitrate) || maxBitrate <= 0)) {
    bad(`maxBitrate: ${maxBitrate}`);
  }
  if (options.modes !== undefined) {
    if (!Array.isArray(options.modes)) bad('modes: not an array');
    for (const m of options.modes) checkMode('modes[]', m, true);
  }
  const available = options.modes
    ? QUALITY_LADDER.map((m) => options.modes!.includes(m))
    : (base?.available ?? QUALITY_LADDER.map(() => true));
  if (!available.some((a, i) => a && i >= bestIndex && i <= worstIndex)) {
    bad('no mode in modes lies between maxMode and minMode');
  }
  const pin = options.pin === undefined ? (base?.pin ?? null) : options.pin;
  if (pin !== null) checkMode('pin', pin, false);
  return {
    targetFps,
    bestIndex,
    worstIndex,
    maxBytesPerSec:
      maxBitrate === undefined ? (base?.maxBytesPerSec ?? null) : maxBitrate === null ? null : maxBitrate / 8,
    available,
    pin,
    thresholds,
  };
}

/**
 * The next rung the controller may choose from ladder index `i` in direction `dir` (+1 = worse
 * picture, -1 = better), within the bounds and skipping unavailable rungs; `i` itself when there is none.
 * @internal
 */
export function stepIndex(config: ControllerConfig, i: number, dir: 1 | -1): number {
  for (let j = i + dir; j >= config.bestIndex && j <= config.worstIndex; j += dir) {
    if (config.available[j]) return j;
  }
  return i;
}

/** Moves a ladder mode into the allowed range and onto an available rung; `neural` stays as it is. @internal */
export function clampLevel(level: StreamMode, config: ControllerConfig): StreamMode {
  const i = ladderIndex(level);
  if (i < 0) return level;
  const c = Math.min(Math.max(i, config.bestIndex), config.worstIndex);
  if (config.available[c]) return QUALITY_LADDER[c]!;
  // An unavailable rung: prefer the next worse one (it fits whatever link chose this rung).
  const down = stepIndex(config, c, 1);
  return QUALITY_LADDER[down !== c ? down : stepIndex(config, c, -1)]!;
}

/**
 * Builds the first state of a controller. Throws `QualityError` (BAD_OPTIONS) for bad options.
 * @example
 * ```ts
 * const state = createControllerState({ mode: 'compressed', fps: 30, maxMode: 'compressed' });
 * ```
 * @internal
 */
export function createControllerState(options: QualityControllerOptions = {}): ControllerState {
  const now = options.now ?? 0;
  if (!Number.isFinite(now)) bad(`now: ${now}`);
  if (options.mode !== undefined) checkMode('mode', options.mode, false);
  const mode = options.mode ?? 'pixel';
  const config = makeConfig({ ...options, pin: options.pin ?? (mode === 'neural' ? 'neural' : null) });
  return {
    config,
    level: config.pin ?? clampLevel(mode, config),
    fps: config.targetFps,
    reason: config.pin ? 'pinned' : 'starting',
    sent: [],
    links: new Map(),
    bytesPerFrame: {},
    congestedSince: null,
    healthySince: null,
    lastChangeAt: now,
    probeAt: null,
    probeTarget: null,
    upDwellMs: {},
    settleUntil: now,
    settleMaxUntil: now,
    settleCheck: null,
    capacity: null,
    estimates: { rttMs: null, bandwidthBps: null, lagFrames: null },
  };
}
