// The pure quality reducer: the events that move a controller and what each does to its state.
import { decide } from './decide';
import { QualityError } from './errors';
import { isStreamMode, ladderIndex, QUALITY_LADDER, type QualityState, type StreamMode } from './ladder';
import { type AckSample, findSent, type SentRecord, updateLink } from './link-estimator';
import { receiverLeft, receiversCleared, receiversListed } from './receivers';
import { type ControllerState, clampLevel, makeConfig, type QualityBounds } from './state';

/** Most sent frames remembered (about 8 s at 60 fps). */
const MAX_SENT = 512;

/**
 * A frame the source just sent.
 * @internal
 */
export interface SentFrame {
  /** Header seq. */
  seq: number;
  /** Header timestamp (echoed by the receiver's ACK). */
  timestamp: number;
  /** Whole message size in bytes. */
  bytes: number;
  /**
   * Mode the source streams in (a delta stream's periodic keyframe is still `delta`).
   * @defaultValue the controller's current level
   */
  mode?: StreamMode;
}

/**
 * Everything that moves a controller: frames sent, ACKs received, clock ticks and app settings.
 * `now` is any monotonic millisecond clock, the same for every event.
 * @public
 */
export type QualityEvent =
  | { type: 'sent'; now: number; frame: SentFrame }
  | { type: 'ack'; now: number; ack: AckSample }
  | { type: 'tick'; now: number }
  | { type: 'pin'; now: number; mode: StreamMode | null }
  | { type: 'bounds'; now: number; bounds: QualityBounds }
  | { type: 'fps'; now: number; fps: number }
  | { type: 'receiver-left'; now: number; receiverId: string }
  /** Every receiver connected now (the relay's snapshot): anyone else's link is forgotten. */
  | { type: 'receivers'; now: number; receiverIds: readonly string[] }
  | { type: 'receivers-cleared'; now: number };

function badEvent(detail: string): never {
  throw new QualityError('BAD_EVENT', detail);
}

function isCount(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}

function prune(s: ControllerState, now: number): ControllerState {
  const horizon = now - s.config.thresholds.receiverTimeoutMs;
  const first = s.sent.findIndex((r) => r.sentAt >= horizon);
  const start = Math.max(first < 0 ? s.sent.length : first, s.sent.length - MAX_SENT);
  const sent = start > 0 ? s.sent.slice(start) : s.sent;
  // A silent receiver is forgotten only while another one still ACKs: then it is stalled and the
  // relay resyncs it. When all go silent the link itself is choked, and their lag must keep counting.
  let links = s.links;
  const anyAlive = [...s.links.values()].some((l) => l.lastAckAt >= horizon);
  for (const [id, l] of s.links) {
    if (anyAlive && l.lastAckAt < horizon) {
      if (links === s.links) links = new Map(s.links);
      (links as Map<string, unknown>).delete(id);
    }
  }
  return sent === s.sent && links === s.links ? s : { ...s, sent, links };
}

function onSent(s: ControllerState, now: number, f: SentFrame): ControllerState {
  if (!isCount(f.seq, 0xffff)) badEvent(`seq: ${f.seq}`);
  if (!isCount(f.timestamp, 0xffffffff)) badEvent(`timestamp: ${f.timestamp}`);
  if (!Number.isFinite(f.bytes) || f.bytes < 0) badEvent(`bytes: ${f.bytes}`);
  if (f.mode !== undefined && !isStreamMode(f.mode)) badEvent(`mode: ${String(f.mode)}`);
  const rec: SentRecord = {
    seq: f.seq,
    timestamp: f.timestamp,
    bytes: f.bytes,
    sentAt: now,
    mode: f.mode ?? s.level,
  };
  const sent = s.sent.length >= MAX_SENT ? s.sent.slice(1) : s.sent.slice();
  sent.push(rec);
  return { ...s, sent };
}

function onAck(s: ControllerState, now: number, a: AckSample): ControllerState {
  if (!isCount(a.ackSeq, 0xffff)) badEvent(`ackSeq: ${a.ackSeq}`);
  if (!isCount(a.echoTimestamp, 0xffffffff)) badEvent(`echoTimestamp: ${a.echoTimestamp}`);
  if (!Number.isFinite(a.decodeMicros) || a.decodeMicros < 0) badEvent(`decodeMicros: ${a.decodeMicros}`);
  if (!Number.isFinite(a.queueDepth) || a.queueDepth < 0) badEvent(`queueDepth: ${a.queueDepth}`);
  if (a.bytes !== undefined && (!Number.isFinite(a.bytes) || a.bytes < 0)) badEvent(`bytes: ${a.bytes}`);
  const id = a.receiverId ?? '';
  const prev = s.links.get(id);
  const record = findSent(s.sent, a.ackSeq, a.echoTimestamp);
  // RTT samples count from the end of the last change's settling (see decide.ts `settle`).
  const since = Math.max(s.lastChangeAt, s.settleUntil);
  const next = updateLink(prev, a, record, now, s.config.thresholds, since);
  if (next === prev) return s;
  const links = new Map(s.links);
  links.set(id, next);
  return { ...s, links };
}

function onPin(s: ControllerState, now: number, mode: StreamMode | null): ControllerState {
  const config = makeConfig({ pin: mode }, s.config);
  if (mode !== null)
    return { ...s, config, level: mode, fps: config.targetFps, reason: 'pinned', lastChangeAt: now };
  const level = clampLevel(ladderIndex(s.level) < 0 ? QUALITY_LADDER[config.bestIndex]! : s.level, config);
  return {
    ...s,
    config,
    level,
    reason: 'unpinned',
    lastChangeAt: now,
    congestedSince: null,
    healthySince: null,
  };
}

/**
 * The pure quality reducer: `(state, event) -> state`. Throws `QualityError` (BAD_EVENT, BAD_OPTIONS)
 * for a malformed event; never touches a clock, timer or socket.
 * @example
 * ```ts
 * let s = createControllerState({ fps: 30 });
 * s = reduceQuality(s, { type: 'sent', now: 0, frame: { seq: 0, timestamp: 0, bytes: 960_016 } });
 * s = reduceQuality(s, { type: 'ack', now: 40, ack: { ackSeq: 0, echoTimestamp: 0, decodeMicros: 900, queueDepth: 0 } });
 * s = reduceQuality(s, { type: 'tick', now: 100 });
 * ```
 * @internal
 */
export function reduceQuality(state: ControllerState, event: QualityEvent): ControllerState {
  const now = event.now;
  if (typeof now !== 'number' || !Number.isFinite(now)) badEvent(`now: ${String(now)}`);
  switch (event.type) {
    case 'sent':
      return onSent(state, now, event.frame);
    case 'ack':
      return onAck(state, now, event.ack);
    case 'tick':
      return decide(prune(state, now), now);
    case 'pin':
      return onPin(state, now, event.mode);
    case 'bounds': {
      const config = makeConfig(event.bounds, state.config);
      return decide({ ...state, config }, now);
    }
    case 'fps': {
      const config = makeConfig({ fps: event.fps }, state.config);
      return {
        ...state,
        config,
        fps: config.targetFps,
        reason: `fps set to ${config.targetFps}`,
        lastChangeAt: now,
      };
    }
    case 'receiver-left':
      return receiverLeft(state, event.receiverId);
    case 'receivers':
      return receiversListed(state, event.receiverIds);
    case 'receivers-cleared':
      return receiversCleared(state);
    default:
      return badEvent(`type: ${String((event as { type: unknown }).type)}`);
  }
}

/** The public view of a controller state, as it goes into the source engine's store. @internal */
export function toQualityState(s: ControllerState): QualityState {
  return {
    level: s.level,
    fps: s.fps,
    reason: s.reason,
    pinned: s.config.pin !== null,
    estimates: s.estimates,
  };
}
