// How the controller decides (why each rule exists):
// - Congestion = any receiver with overdue frames, a delivered/sent ratio under 0.8, queueing delay
//   (smoothed RTT over the lowest recent RTT), a huge RTT, or a deep render queue. It must last
//   `downDwellMs` so one late ACK does not move the ladder.
// - A step down jumps straight to the best rung whose predicted demand fits 85% of the delivered
//   bandwidth (the link's capacity while it is saturated), lowering fps too when even that is too
//   much; then congestion is not judged until the old backlog has drained (`settle`: measured from
//   ACKs, not predicted), or the backlog of the level we just left would push us down again; RTT
//   and lag of frames sent before that are not judged. A rung is skipped only when even half the fps
//   would not fit it, and a failed probe goes back exactly to the rung it came from.
// - A step up needs `upDwellMs` of health. ACKs cannot show spare capacity above what we send, so
//   the step is a probe: if congestion follows within `probeWindowMs`, that rung's dwell doubles
//   (up to `maxUpDwellMs`), and a capacity measured while congested blocks probes for
//   `capacityMemoryMs`. That is what keeps a link between two rungs from flapping.
import { LADDER_STEPS, type LadderMode, ladderIndex, QUALITY_LADDER, type StreamMode } from './ladder';
import { congestionReason, type LinkSignals, linkSignals } from './link-estimator';
import { type ControllerState, clampLevel, stepIndex } from './state';

const NOMINAL_FPS = 30;
/** Longest wait for an old backlog to drain after a step down. */
const MAX_SETTLE_MS = 8000;
/** How often settling checks that the backlog is still draining. */
const SETTLE_CHECK_MS = 1000;
/** A backlog that shrank by less than this share since the last check is not draining: the new level does not fit either. */
const MIN_DRAIN_SHARE = 0.1;

/** Frames of one mode needed before their average size replaces the remembered one. */
const MIN_SIZE_SAMPLES = 3;

function nominal(mode: LadderMode): number {
  return LADDER_STEPS.find((s) => s.mode === mode)?.nominalBytesPerSec ?? 0;
}

/**
 * Predicted message bytes per frame in `mode`: measured if the source streamed in it, else scaled
 * from the nearest measured rung by the nominal ratios of `LADDER_STEPS`.
 * @internal
 */
export function bytesPerFrame(state: ControllerState, mode: LadderMode): number {
  const known = state.bytesPerFrame[mode];
  if (known !== undefined) return known;
  const i = ladderIndex(mode);
  for (let d = 1; d < QUALITY_LADDER.length; d++) {
    for (const j of [i - d, i + d]) {
      const other = QUALITY_LADDER[j];
      const b = other === undefined ? undefined : state.bytesPerFrame[other];
      if (other !== undefined && b !== undefined) return (b * nominal(mode)) / nominal(other);
    }
  }
  return nominal(mode) / NOMINAL_FPS;
}

function measureLevel(state: ControllerState): ControllerState['bytesPerFrame'] {
  let sum = 0;
  let n = 0;
  for (const r of state.sent) {
    if (r.mode === state.level && r.sentAt >= state.lastChangeAt) {
      sum += r.bytes;
      n++;
    }
  }
  if (n < MIN_SIZE_SAMPLES) return state.bytesPerFrame;
  return { ...state.bytesPerFrame, [state.level]: sum / n };
}

function aggregate(signals: readonly LinkSignals[]): ControllerState['estimates'] {
  let rttMs: number | null = null;
  let bandwidthBps: number | null = null;
  let lagFrames: number | null = null;
  for (const s of signals) {
    if (s.rttMs !== null) rttMs = Math.max(rttMs ?? 0, s.rttMs);
    if (s.bandwidthBps !== null) bandwidthBps = Math.min(bandwidthBps ?? Infinity, s.bandwidthBps);
    lagFrames = Math.max(lagFrames ?? 0, s.lagFrames);
  }
  return { rttMs, bandwidthBps, lagFrames };
}

function change(
  s: ControllerState,
  now: number,
  level: StreamMode,
  fps: number,
  reason: string,
  probe: StreamMode | 'fps' | null,
): ControllerState {
  return {
    ...s,
    level,
    fps,
    reason,
    lastChangeAt: now,
    congestedSince: null,
    healthySince: probe ? now : null,
    probeAt: probe ? now : null,
    probeTarget: probe,
  };
}

function dwellFor(s: ControllerState, target: StreamMode | 'fps'): number {
  return s.upDwellMs[target] ?? s.config.thresholds.upDwellMs;
}

/** Applies the hard limits (bounds, `maxBitrate`) at once; they need no dwell. */
function enforceLimits(s: ControllerState, now: number): ControllerState {
  const { config } = s;
  let level = clampLevel(s.level, config);
  let fps = s.fps;
  let reason = level === s.level ? '' : `bounds → ${level}`;
  const cap = config.maxBytesPerSec;
  const i0 = ladderIndex(level);
  if (cap !== null && i0 >= 0) {
    let i = i0;
    while (stepIndex(config, i, 1) !== i && bytesPerFrame(s, QUALITY_LADDER[i]!) * fps > cap) {
      i = stepIndex(config, i, 1);
    }
    level = QUALITY_LADDER[i]!;
    const bpf = bytesPerFrame(s, QUALITY_LADDER[i]!);
    if (bpf * fps > cap) fps = Math.max(config.thresholds.minFps, Math.floor(cap / bpf));
    if (i !== i0 || fps !== s.fps) reason = `max bitrate → ${level} @ ${fps} fps`;
  }
  return reason ? change(s, now, level, fps, reason, null) : s;
}

function stepDown(s: ControllerState, now: number, why: string, backlogBytes: number): ControllerState {
  const { config } = s;
  const t = config.thresholds;
  const i = ladderIndex(s.level);
  const bw = s.estimates.bandwidthBps;
  const budget = bw === null ? null : bw * t.downTargetUtilisation;
  const failed =
    s.probeAt !== null && now - s.probeAt <= t.probeWindowMs + t.downDwellMs ? s.probeTarget : null;
  let j = stepIndex(config, i, 1);
  // A failed probe goes back to the rung it came from, which was healthy: the bandwidth measured
  // while the probe's big frames queue is the link starved by them, not its capacity.
  if (j !== i && budget !== null && failed !== s.level) {
    // A rung is skipped only when even half the fps would not fit: a link just under a rung's
    // demand is better served by that rung a few fps slower than by a much poorer mode.
    while (stepIndex(config, j, 1) !== j && bytesPerFrame(s, QUALITY_LADDER[j]!) * s.fps * 0.5 > budget) {
      j = stepIndex(config, j, 1);
    }
  }
  const mode = QUALITY_LADDER[j]!;
  const bpf = bytesPerFrame(s, mode);
  let fps = s.fps;
  if (failed === s.level && j !== i) fps = s.fps;
  else if (budget !== null && bpf * fps > budget) fps = Math.floor(budget / bpf);
  else if (j === i) fps = Math.floor(fps / 2);
  fps = Math.min(s.fps, Math.max(t.minFps, fps));
  if (j === i && fps === s.fps) return { ...s, reason: `${why}; at the floor` };
  // The backlog drains at what the link carries beyond the new level's own demand. The prediction
  // only sets a short floor; `settle` then watches the backlog really drain, because a bandwidth
  // measured across the throttle's onset overestimates `spare`.
  const spare = bw === null ? 0 : Math.max(bw - bpf * fps, bw * 0.1);
  const drainMs = spare > 0 ? (backlogBytes * 1000) / spare : 0;
  return {
    ...change(s, now, mode, fps, `${why} → ${mode} @ ${fps} fps`, null),
    upDwellMs: failed
      ? { ...s.upDwellMs, [failed]: Math.min(t.maxUpDwellMs, dwellFor(s, failed) * 2) }
      : s.upDwellMs,
    capacity: bw === null ? s.capacity : { bps: bw, at: now },
    settleUntil: now + Math.min(SETTLE_CHECK_MS, drainMs),
    settleMaxUntil: now + MAX_SETTLE_MS,
    settleCheck: null,
  };
}

function stepUp(s: ControllerState, now: number): ControllerState {
  const { config } = s;
  const t = config.thresholds;
  if (s.fps < config.targetFps) {
    const fps = Math.min(config.targetFps, Math.max(s.fps + 1, s.fps * 2));
    return change(s, now, s.level, fps, `healthy → ${fps} fps`, 'fps');
  }
  const mode = QUALITY_LADDER[stepIndex(config, ladderIndex(s.level), -1)]!;
  const need = bytesPerFrame(s, mode) * s.fps;
  if (config.maxBytesPerSec !== null && need > config.maxBytesPerSec) {
    return { ...s, reason: `max bitrate holds ${s.level}` };
  }
  const bw = s.estimates.bandwidthBps;
  if (bw !== null && need * t.upHeadroom <= bw)
    return change(s, now, mode, s.fps, `headroom → ${mode}`, null);
  const cap = s.capacity;
  if (cap && now - cap.at < t.capacityMemoryMs && need * t.upHeadroom > cap.bps) {
    return { ...s, reason: `link ~${Math.round(cap.bps / 1000)} kB/s holds ${s.level}` };
  }
  return change(s, now, mode, s.fps, `probing ${mode}`, mode);
}

/**
 * After a step down, congestion is not judged while the backlog drains: the old level's frames and
 * the new level's ones queued behind them. Their ACK lag and RTT are the old level's queue, and
 * judging them is what stepped down too far. Drained means every receiver acknowledged a frame sent
 * since the change that is no older than its baseline RTT plus the allowed queueing delay. Settling
 * lasts at least the predicted drain time (up to a check interval), ends early when the unacknowledged backlog
 * stops shrinking (the new level does not fit: judge it now), and lasts at most `MAX_SETTLE_MS`.
 * Lag and RTT of frames sent before settling ended are never judged (`since`).
 */
function settle(s: ControllerState, now: number): ControllerState {
  if (now >= s.settleMaxUntil || now < s.settleUntil) return s;
  const t = s.config.thresholds;
  let backlog = 0;
  let drained = true;
  for (const l of s.links.values()) {
    if (l.lastAckSentAt < s.lastChangeAt || now - l.lastAckSentAt > (l.minRttMs ?? 0) + t.maxQueueDelayMs) {
      drained = false;
    }
    let bytes = 0;
    for (const r of s.sent) if (r.sentAt > l.lastAckSentAt) bytes += r.bytes;
    backlog = Math.max(backlog, bytes);
  }
  const end = { ...s, settleMaxUntil: now, settleCheck: null };
  if (drained) return end;
  const check = s.settleCheck;
  if (check === null) return { ...s, settleUntil: now + 1, settleCheck: { at: now, backlog } };
  if (now - check.at < SETTLE_CHECK_MS) return { ...s, settleUntil: now + 1 };
  if (backlog > check.backlog * (1 - MIN_DRAIN_SHARE)) return end;
  return { ...s, settleUntil: now + 1, settleCheck: { at: now, backlog } };
}

/**
 * One decision at `now`: enforce bounds and bitrate, then step down after sustained congestion or up
 * after sustained health (with probe backoff), never more often than `minChangeIntervalMs`.
 * @internal
 */
export function decide(state: ControllerState, now: number): ControllerState {
  const t = state.config.thresholds;
  let s: ControllerState = { ...state, bytesPerFrame: measureLevel(state) };
  s = settle(s, now);
  const since = Math.max(s.lastChangeAt, s.settleUntil);
  const signals = [...s.links.values()].map((l) => linkSignals(l, s.sent, now, since, t, since));
  s = { ...s, estimates: aggregate(signals) };
  if (s.config.pin !== null) {
    return { ...s, level: s.config.pin, fps: s.config.targetFps, reason: 'pinned', congestedSince: null };
  }
  if (ladderIndex(s.level) < 0) return s;
  s = enforceLimits(s, now);
  if (signals.length === 0) {
    const reason = s.lastChangeAt === now ? s.reason : 'waiting for ACKs';
    return { ...s, congestedSince: null, healthySince: null, reason };
  }
  const bw = s.estimates.bandwidthBps;
  if (s.capacity && bw !== null && bw > s.capacity.bps * 1.1) s = { ...s, capacity: null };
  const canChange = now - s.lastChangeAt >= t.minChangeIntervalMs;
  const why = now < s.settleUntil ? null : signals.map((x) => congestionReason(x, t)).find((r) => r !== null);
  if (why) {
    const from = s.congestedSince ?? now;
    s = { ...s, congestedSince: from, healthySince: null };
    if (canChange && now - from >= t.downDwellMs) {
      return stepDown(s, now, why, Math.max(...signals.map((x) => x.unackedBytes)));
    }
    return s;
  }
  if (now < s.settleUntil) return { ...s, congestedSince: null, healthySince: null };
  s = { ...s, congestedSince: null, healthySince: s.healthySince ?? now };
  if (s.probeAt !== null && s.probeTarget !== null && now - s.probeAt >= t.probeWindowMs) {
    const eased = Math.max(t.upDwellMs, dwellFor(s, s.probeTarget) / 2);
    s = { ...s, probeAt: null, probeTarget: null, upDwellMs: { ...s.upDwellMs, [s.probeTarget]: eased } };
  }
  const i = ladderIndex(s.level);
  const up = stepIndex(s.config, i, -1);
  if (s.fps >= s.config.targetFps && up === i) {
    return s.reason === 'healthy' ? s : { ...s, reason: 'healthy' };
  }
  const target = s.fps < s.config.targetFps ? 'fps' : QUALITY_LADDER[up]!;
  if (canChange && now - (s.healthySince ?? now) >= dwellFor(s, target)) return stepUp(s, now);
  return s;
}
