import type { QualityThresholds, StreamMode } from './ladder';

/**
 * A frame the source sent, as the controller remembers it.
 * @public
 */
export interface SentRecord {
  /** Header seq (u16, wraps). */
  readonly seq: number;
  /** Header timestamp (u32 ms of stream time), echoed back by ACKs. */
  readonly timestamp: number;
  /** Whole message size in bytes. */
  readonly bytes: number;
  /** Controller clock (`now`) when it was sent. */
  readonly sentAt: number;
  /** Mode the source was streaming in (a delta stream's keyframes count as `delta`). */
  readonly mode: StreamMode;
}

/**
 * One receiver ACK as the source sees it: the `AckInput` fields, plus what the relay or the source
 * adds. `AckInput` from `decodeInput` fits as it is.
 * @public
 */
export interface AckSample {
  /** Seq of the acknowledged frame. */
  readonly ackSeq: number;
  /** Header timestamp of the acknowledged frame, echoed. */
  readonly echoTimestamp: number;
  /** Receiver's decode time for the frame, microseconds (subtracted from the RTT). */
  readonly decodeMicros: number;
  /** Frames waiting to be drawn on the receiver. */
  readonly queueDepth: number;
  /**
   * Which receiver sent it, when the relay says so.
   * @defaultValue `''` (all ACKs treated as one receiver)
   */
  readonly receiverId?: string;
  /**
   * Bytes of the acknowledged frame, when the caller knows them.
   * @defaultValue the size recorded by `sent`
   */
  readonly bytes?: number;
}

/** Bytes acknowledged at one moment. @internal */
export interface AckedBytes {
  readonly at: number;
  readonly bytes: number;
  /** seq + timestamp * 65536: which frame it was. */
  readonly key: number;
}

/**
 * What the controller knows about one receiver's link, built only from its ACKs.
 * @public
 */
export interface LinkEstimate {
  readonly id: string;
  readonly firstAckAt: number;
  readonly lastAckAt: number;
  readonly lastAckSeq: number;
  /** `sentAt` of the newest frame this receiver acknowledged; later frames are its lag. */
  readonly lastAckSentAt: number;
  /** Smoothed RTT, ms, over frames sent since `rttEpoch`. */
  readonly srttMs: number | null;
  /**
   * The level change (controller clock) the RTT average belongs to: frames sent before a change
   * waited behind the old level's backlog, so their RTT says nothing about the new level.
   */
  readonly rttEpoch: number;
  /** Lowest RTT seen within `minRttWindowMs`: the empty-queue baseline. */
  readonly minRttMs: number | null;
  readonly minRttAt: number;
  /** Smoothed receiver render-queue depth. */
  readonly queueDepth: number;
  /** Acknowledged bytes inside the bandwidth window. */
  readonly acked: readonly AckedBytes[];
}

/**
 * One receiver's congestion signals at a moment.
 * @public
 */
export interface LinkSignals {
  readonly id: string;
  readonly rttMs: number | null;
  /**
   * The RTT congestion is judged on: `rttMs`, or while that predates the last change (no newer
   * sample yet) the age of the oldest frame sent since then and not yet acknowledged, a lower bound.
   */
  readonly judgedRttMs: number | null;
  readonly queueDelayMs: number | null;
  /** Delivered bytes per second over the last window (at least two ACKs), `null` before that. */
  readonly bandwidthBps: number | null;
  /** Delivered bytes / sent bytes over the same (RTT-shifted) window, `null` when too little was sent. */
  readonly deliveryRatio: number | null;
  /** Frames sent after the newest acknowledged one. */
  readonly lagFrames: number;
  /** Bytes of those frames: the backlog still on its way. */
  readonly unackedBytes: number;
  /** Of those, frames older than the baseline RTT plus the allowed queueing delay. */
  readonly overdueFrames: number;
  readonly queueDepth: number;
}

const QUEUE_DEPTH_GAIN = 0.25;

/** Finds the sent frame an ACK refers to: same seq and same timestamp (guards against seq wrap). @internal */
export function findSent(
  sent: readonly SentRecord[],
  seq: number,
  timestamp: number,
): SentRecord | undefined {
  for (let i = sent.length - 1; i >= 0; i--) {
    const r = sent[i]!;
    if (r.seq === seq && r.timestamp === timestamp) return r;
  }
  return undefined;
}

/**
 * Folds one ACK into a receiver's estimate (RFC 6298-style EWMA for RTT), returning a new estimate.
 * Returns `link` itself for a duplicate ACK.
 * @internal
 */
export function updateLink(
  link: LinkEstimate | undefined,
  ack: AckSample,
  record: SentRecord | undefined,
  now: number,
  t: QualityThresholds,
  changedAt = Number.NEGATIVE_INFINITY,
): LinkEstimate {
  if (link && link.lastAckSeq === ack.ackSeq && (!record || record.sentAt <= link.lastAckSentAt)) return link;
  // RTT only from frames sent since the last level change; the first such sample restarts the average.
  const sample =
    record && record.sentAt >= changedAt ? Math.max(0, now - record.sentAt - ack.decodeMicros / 1000) : null;
  const fresh = link !== undefined && link.rttEpoch === changedAt;
  const prevSrtt = fresh || sample === null ? (link?.srttMs ?? null) : null;
  const srttMs =
    sample === null ? prevSrtt : prevSrtt === null ? sample : prevSrtt + t.rttGain * (sample - prevSrtt);
  let minRttMs = link?.minRttMs ?? null;
  let minRttAt = link?.minRttAt ?? now;
  if (sample !== null && (minRttMs === null || sample <= minRttMs || now - minRttAt > t.minRttWindowMs)) {
    minRttMs = sample;
    minRttAt = now;
  }
  const bytes = ack.bytes ?? record?.bytes ?? 0;
  const horizon = now - t.bandwidthWindowMs;
  // Keep the window, but never fewer than the last two ACKs: big frames on a slow link arrive
  // seconds apart, and their spacing is what measures the link.
  const prev = link?.acked ?? [];
  const inWindow = prev.findIndex((a) => a.at > horizon);
  const acked = prev.slice(Math.max(0, inWindow < 0 ? prev.length - 1 : inWindow));
  const recSentAt = record?.sentAt ?? link?.lastAckSentAt ?? now;
  const newest = !link || recSentAt >= link.lastAckSentAt;
  // A frame acknowledged again (several receivers sharing one id, when the relay does not forward
  // receiver ids) still gives an RTT sample, but its bytes count once.
  const key = ack.ackSeq + ack.echoTimestamp * 65536;
  acked.push({ at: now, bytes: acked.some((a) => a.key === key) ? 0 : bytes, key });
  return {
    id: ack.receiverId ?? '',
    firstAckAt: link?.firstAckAt ?? now,
    lastAckAt: now,
    lastAckSeq: newest || !link ? ack.ackSeq : link.lastAckSeq,
    lastAckSentAt: newest || !link ? recSentAt : link.lastAckSentAt,
    srttMs,
    rttEpoch: sample === null ? (link?.rttEpoch ?? Number.NEGATIVE_INFINITY) : changedAt,
    minRttMs,
    minRttAt,
    queueDepth: link
      ? link.queueDepth + QUEUE_DEPTH_GAIN * (ack.queueDepth - link.queueDepth)
      : ack.queueDepth,
    acked,
  };
}

/**
 * Reads a receiver's congestion signals at `now`. Frames sent before `since` (the last level change)
 * are ignored for lag and the delivery ratio, so a backlog of the old level does not count twice.
 * @internal
 */
export function linkSignals(
  link: LinkEstimate,
  sent: readonly SentRecord[],
  now: number,
  since: number,
  t: QualityThresholds,
  changedAt = Number.NEGATIVE_INFINITY,
): LinkSignals {
  // No RTT sample since the last change yet: the average still describes the old level.
  const rttStale = link.rttEpoch < changedAt;
  const w = t.bandwidthWindowMs;
  // Delivered rate: bytes of every ACK after the oldest kept one, over the time since that one.
  // Dividing by `now` (not the newest ACK) lets the rate fall while ACKs stall.
  const first = link.acked[0];
  const span = first ? now - first.at : 0;
  let ackedBytes = 0;
  for (let i = 1; i < link.acked.length; i++) ackedBytes += link.acked[i]!.bytes;
  const bandwidthBps = link.acked.length >= 2 && span > 0 ? (ackedBytes * 1000) / span : null;

  const shift = Math.min(link.srttMs ?? 0, t.receiverTimeoutMs / 2);
  const from = now - Math.max(span, w) - shift;
  let sentBytes = 0;
  let lagFrames = 0;
  let unackedBytes = 0;
  let overdueFrames = 0;
  const overdueBefore = now - (link.minRttMs ?? 0) - t.maxQueueDelayMs;
  const lagFrom = Math.max(link.lastAckSentAt, since);
  let pendingSince = Number.POSITIVE_INFINITY;
  for (const r of sent) {
    if (r.sentAt >= changedAt && r.sentAt > link.lastAckSentAt)
      pendingSince = Math.min(pendingSince, r.sentAt);
    if (r.sentAt > from && r.sentAt <= now - shift) sentBytes += r.bytes;
    if (r.sentAt > link.lastAckSentAt) {
      lagFrames++;
      unackedBytes += r.bytes;
      if (r.sentAt > lagFrom && r.sentAt < overdueBefore) overdueFrames++;
    }
  }
  const sentRate = (sentBytes * 1000) / Math.max(span, w);
  const ratioValid =
    bandwidthBps !== null && from >= Math.max(since, link.firstAckAt) && sentBytes >= t.minRatioBytes;
  return {
    id: link.id,
    rttMs: link.srttMs,
    queueDelayMs:
      rttStale || link.srttMs === null || link.minRttMs === null ? null : link.srttMs - link.minRttMs,
    judgedRttMs: rttStale ? (pendingSince <= now ? now - pendingSince : null) : link.srttMs,
    bandwidthBps,
    deliveryRatio: ratioValid ? bandwidthBps / sentRate : null,
    lagFrames,
    unackedBytes,
    overdueFrames,
    queueDepth: link.queueDepth,
  };
}

/** Says why a link is congested, or `null` when it is not. @internal */
export function congestionReason(s: LinkSignals, t: QualityThresholds): string | null {
  const who = s.id ? ` (${s.id})` : '';
  if (s.overdueFrames > t.maxExcessLagFrames) return `lag ${s.overdueFrames} frames${who}`;
  if (s.deliveryRatio !== null && s.deliveryRatio < t.minDeliveryRatio)
    return `delivered ${Math.round(s.deliveryRatio * 100)}% of sent${who}`;
  if (s.queueDelayMs !== null && s.queueDelayMs > t.maxQueueDelayMs)
    return `queue delay ${Math.round(s.queueDelayMs)} ms${who}`;
  if (s.judgedRttMs !== null && s.judgedRttMs > t.maxRttMs)
    return `rtt ${Math.round(s.judgedRttMs)} ms${who}`;
  if (s.queueDepth > t.maxQueueDepth) return `receiver queue ${s.queueDepth.toFixed(1)}${who}`;
  return null;
}
