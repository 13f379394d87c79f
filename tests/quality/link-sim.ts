// A discrete-event model of source -> relay -> receiver: one FIFO bottleneck per receiver with a
// capacity that can change over time, a relay budget past which frames are dropped (as peer.ts does),
// and ACKs that travel back with noise. It drives a real QualityController.
import type { QualityController, StreamMode } from '@ds-stream/react/core';

/** From `from` ms on, a receiver's link has this capacity and base RTT. */
export interface LinkPhase {
  from: number;
  capacityBps: number;
  baseRttMs: number;
}

export interface SimReceiver {
  id?: string;
  phases: LinkPhase[];
  /** Leaves (stops acking, removed from the controller) at this time. */
  leaveAt?: number;
}

export interface SimOptions {
  controller: QualityController;
  receivers: SimReceiver[];
  durationMs: number;
  /** Mean message bytes per frame in each mode. */
  frameBytes?: Partial<Record<StreamMode, number>>;
  /** Returns a multiplier for one frame's size (default 1). */
  sizeNoise?: () => number;
  /** Returns extra ms added to one ACK's return trip (default 0). */
  ackNoise?: () => number;
  /** Returns the receiver's reported queue depth (default 0). */
  queueNoise?: () => number;
  /** Relay budget per receiver, bytes queued before frames are dropped. */
  queueLimitBytes?: number;
  tickMs?: number;
}

export interface SimStep {
  t: number;
  level: StreamMode;
  fps: number;
  reason: string;
}

export interface SimResult {
  /** Every level/fps change, in order. */
  changes: SimStep[];
  /** The state after each tick. */
  ticks: SimStep[];
  final: SimStep;
}

/** Frame sizes on the springs demo, 600x400 (messages including the 16-byte header). */
export const SPRINGS_BYTES: Record<StreamMode, number> = {
  pixel: 960_016,
  compressed: 50_000,
  delta: 33_000,
  signal: 70,
  neural: 1000,
};

interface PendingAck {
  at: number;
  rx: number;
  seq: number;
  timestamp: number;
}

function phaseAt(phases: LinkPhase[], t: number): LinkPhase {
  let p = phases[0]!;
  for (const q of phases) if (q.from <= t) p = q;
  return p;
}

export function simulate(o: SimOptions): SimResult {
  const qc = o.controller;
  const sizes = { ...SPRINGS_BYTES, ...o.frameBytes };
  const tickMs = o.tickMs ?? 100;
  const limit = o.queueLimitBytes ?? 1_000_000;
  const busyUntil = o.receivers.map(() => 0);
  const left = o.receivers.map(() => false);
  const acks: PendingAck[] = [];
  const changes: SimStep[] = [];
  const ticks: SimStep[] = [];
  let seq = 0;
  let nextFrame = 0;
  let nextTick = tickMs;
  let last: SimStep = { t: 0, level: qc.quality.level, fps: qc.quality.fps, reason: qc.quality.reason };
  for (;;) {
    let ackIdx = -1;
    for (let i = 0; i < acks.length; i++) if (ackIdx < 0 || acks[i]!.at < acks[ackIdx]!.at) ackIdx = i;
    const ackAt = ackIdx < 0 ? Infinity : acks[ackIdx]!.at;
    const t = Math.min(nextFrame, nextTick, ackAt);
    if (t > o.durationMs) break;
    if (t === ackAt) {
      const a = acks.splice(ackIdx, 1)[0]!;
      if (left[a.rx]) continue;
      const id = o.receivers[a.rx]!.id;
      qc.onAck(
        {
          ackSeq: a.seq,
          echoTimestamp: a.timestamp,
          decodeMicros: 800,
          queueDepth: o.queueNoise?.() ?? 0,
          ...(id === undefined ? {} : { receiverId: id }),
        },
        t,
      );
    } else if (t === nextTick) {
      o.receivers.forEach((r, i) => {
        if (!left[i] && r.leaveAt !== undefined && t >= r.leaveAt) {
          left[i] = true;
          qc.removeReceiver(r.id ?? '', t);
        }
      });
      const d = qc.tick(t);
      const step = { t, level: d.level, fps: d.fps, reason: d.quality.reason };
      if (d.changed) changes.push(step);
      ticks.push(step);
      last = step;
      nextTick += tickMs;
    } else {
      const q = qc.quality;
      const bytes = Math.max(17, Math.round(sizes[q.level] * (o.sizeNoise?.() ?? 1)));
      const timestamp = Math.round(t) >>> 0;
      qc.onFrameSent({ seq, timestamp, bytes, mode: q.level }, t);
      o.receivers.forEach((r, i) => {
        if (left[i]) return;
        const p = phaseAt(r.phases, t);
        const owd = p.baseRttMs / 2;
        const queued = Math.max(0, busyUntil[i]! - t - owd) * (p.capacityBps / 1000);
        if (queued > limit) return; // relay drops non-key frames past the budget
        const start = Math.max(t + owd, busyUntil[i]!);
        busyUntil[i] = start + (bytes / p.capacityBps) * 1000;
        acks.push({
          at: busyUntil[i]! + 0.8 + owd + Math.max(0, o.ackNoise?.() ?? 0),
          rx: i,
          seq,
          timestamp,
        });
      });
      seq = (seq + 1) & 0xffff;
      nextFrame = t + 1000 / q.fps;
    }
  }
  return { changes, ticks, final: last };
}

/** Share of ticks in [from, to) spent at `level`. */
export function shareAt(r: SimResult, level: StreamMode, from: number, to = Infinity): number {
  const xs = r.ticks.filter((s) => s.t >= from && s.t < to);
  return xs.filter((s) => s.level === level).length / Math.max(1, xs.length);
}
