// The per-receiver layer policy: a pure function of one receiver's link measures and the layers'
// byte rates, with its own small state. No clock of its own (the caller passes `now`), so it is
// tested tick by tick without time.
import type { LayerId } from '../../src/protocol/index';

/**
 * Thresholds of the relay's per-receiver layer choice (the `layers` option of `createRelay`).
 * Defaults in {@link LAYER_POLICY_DEFAULTS}; docs/RELAY.md ("Quality layers") says why each is
 * what it is.
 * @public
 */
export interface LayerPolicyOptions {
  /** How often each layered channel evaluates its receivers, ms (0: never, for tests that tick by hand). */
  tickMs?: number;
  /** The clock the policy reads, ms (tests inject one). */
  now?: () => number;
  /** A send buffer holding more than this many ms of the receiver's layer is congestion. */
  congestedQueueMs?: number;
  /** …but never below this many bytes (a keyframe or two in flight is not congestion). */
  congestedMinBytes?: number;
  /** Congestion or lag must last this long before a move down (drops move it at once). */
  downHoldMs?: number;
  /** The oldest frame sent to the receiver and not ACKed since is older than this: lagging. */
  lagMs?: number;
  /** A plausible ACK reporting more frames waiting to be drawn than this: lagging. */
  maxQueueDepth?: number;
  /** A receiver moves up after its link was clear this long (doubled after each failed probe). */
  upHoldMs?: number;
  /** Cap of the doubled hold. */
  maxUpHoldMs?: number;
  /** "Clear" means a send buffer at or under this many bytes. */
  upBufferBytes?: number;
  /** A move up needs a link measured at this many times the target layer's byte rate (when measured). */
  headroom?: number;
  /** A move down this soon after a move up is a failed probe (the hold doubles). */
  probeWindowMs?: number;
  /** A capacity measure older than this no longer blocks a probe (links change). */
  capacityMaxAgeMs?: number;
}

/** Options with every default applied. @internal */
export type ResolvedLayerPolicy = Required<LayerPolicyOptions>;

/** The defaults of {@link LayerPolicyOptions}. @public */
export const LAYER_POLICY_DEFAULTS: Readonly<Omit<ResolvedLayerPolicy, 'now'>> = {
  tickMs: 250,
  congestedQueueMs: 1000,
  congestedMinBytes: 64 * 1024,
  downHoldMs: 500,
  lagMs: 1500,
  maxQueueDepth: 8,
  upHoldMs: 2000,
  maxUpHoldMs: 32_000,
  upBufferBytes: 16 * 1024,
  headroom: 1.25,
  probeWindowMs: 4000,
  capacityMaxAgeMs: 10_000,
};

/**
 * Applies defaults and checks every threshold.
 * @throws TypeError on a value that is not a finite number in range
 * @internal
 */
export function resolveLayerPolicy(o: LayerPolicyOptions = {}): ResolvedLayerPolicy {
  const out = { ...LAYER_POLICY_DEFAULTS, now: () => performance.now(), ...o };
  for (const [k, v] of Object.entries(out)) {
    if (k === 'now') {
      if (typeof v !== 'function') throw new TypeError('createRelay: layers.now must be a function');
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new TypeError(`createRelay: layers.${k} must be a finite number >= 0, got ${String(v)}`);
    }
  }
  if (out.headroom < 1) throw new TypeError('createRelay: layers.headroom must be >= 1');
  if (out.maxUpHoldMs < out.upHoldMs)
    throw new TypeError('createRelay: layers.maxUpHoldMs must be >= upHoldMs');
  return out;
}

/** One receiver's link, as measured at one tick. @internal */
export interface LinkSample {
  now: number;
  /** Bytes in its send buffer now. */
  buffered: number;
  /** Its send budget (maxBufferedBytes). */
  budget: number;
  /** Frames dropped for it since the last sample. */
  drops: number;
  /** Age of the oldest frame sent to it and not ACKed since (0 when it does not ACK, or all are). */
  lagMs: number;
  /** Queue depth of its last plausible ACK (0 without ACKs). */
  queueDepth: number;
  /** Bytes/s its link drained while saturated, or null when never measured. */
  capacity: number | null;
  /** When `capacity` was measured. */
  capacityAt: number;
}

/** The policy's memory of one receiver. @internal */
export interface PolicyState {
  /** Since when it has been congested (buffer over threshold), or null. */
  overSince: number | null;
  /** Since when its ACKs have been lagging, or null. */
  lagSince: number | null;
  /** Since when its link has been clear, or null. */
  clearSince: number | null;
  /** The hold before the next move up, ms. */
  hold: number;
  /** When it last moved up (a probe in progress), or null. */
  probeAt: number | null;
}

/** A fresh policy state. @internal */
export function newPolicyState(p: ResolvedLayerPolicy): PolicyState {
  return { overSince: null, lagSince: null, clearSince: null, hold: p.upHoldMs, probeAt: null };
}

/** A decided move. @internal */
export interface LayerMove {
  to: LayerId;
  reason: 'congested' | 'lagging' | 'recovered';
}

/** Send buffer bytes above which a receiver on a layer of `rate` bytes/s is congested. @internal */
export function congestedBytes(rate: number, budget: number, p: ResolvedLayerPolicy): number {
  return Math.min(budget / 2, Math.max(p.congestedMinBytes, (rate * p.congestedQueueMs) / 1000));
}

/**
 * Decides whether a receiver on `layer` moves: down fast (drops at once; a buffer over
 * {@link congestedBytes} or lagging ACKs held for `downHoldMs`), up slowly (clear for `hold`,
 * and a measured capacity, if recent, with `headroom` over the target's rate). Updates `s`.
 * @param offered the layers offered, best first
 * @param rate bytes/s each layer carries at the relay
 * @internal
 */
export function decideMove(
  layer: LayerId,
  offered: readonly LayerId[],
  rate: (l: LayerId) => number,
  x: LinkSample,
  s: PolicyState,
  p: ResolvedLayerPolicy,
): LayerMove | null {
  const { now } = x;
  if (s.probeAt !== null && now - s.probeAt >= p.probeWindowMs) {
    // The probe held: the next one waits the base hold again.
    s.probeAt = null;
    s.hold = p.upHoldMs;
  }
  const over = x.buffered > congestedBytes(rate(layer), x.budget, p);
  const lagging = x.lagMs > p.lagMs || x.queueDepth > p.maxQueueDepth;
  s.overSince = over ? (s.overSince ?? now) : null;
  s.lagSince = lagging ? (s.lagSince ?? now) : null;
  const clear = !over && !lagging && x.drops === 0 && x.buffered <= p.upBufferBytes;
  s.clearSince = clear ? (s.clearSince ?? now) : null;

  const worse = offered.find((l) => l > layer);
  const better = [...offered].reverse().find((l) => l < layer);
  let down: LayerMove['reason'] | null = null;
  if (x.drops > 0 || (s.overSince !== null && now - s.overSince >= p.downHoldMs)) down = 'congested';
  else if (s.lagSince !== null && now - s.lagSince >= p.downHoldMs) down = 'lagging';
  if (down !== null && worse !== undefined) {
    if (s.probeAt !== null) s.hold = Math.min(s.hold * 2, p.maxUpHoldMs);
    s.probeAt = null;
    reset(s);
    return { to: worse, reason: down };
  }
  if (better === undefined || s.clearSince === null || now - s.clearSince < s.hold) return null;
  const measured = x.capacity !== null && now - x.capacityAt <= p.capacityMaxAgeMs;
  if (measured && x.capacity! < rate(better) * p.headroom) return null;
  s.probeAt = now;
  reset(s);
  return { to: better, reason: 'recovered' };
}

function reset(s: PolicyState): void {
  s.overSince = null;
  s.lagSince = null;
  s.clearSince = null;
}
