import type { TransportState } from './state';

/**
 * Connection state an engine shows: the transport's state, with `closing` folded into
 * `closed` and `error` when it ended (or is retrying) because of a failure.
 * @public
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error';

/** Maps a transport state (and whether it ended in failure) to a `ConnectionState`. @internal */
export function connectionStateOf(state: TransportState, failed = false): ConnectionState {
  if (state === 'closing' || state === 'closed') return failed ? 'error' : 'closed';
  return state;
}

/**
 * Link and codec statistics of one engine, refreshed about four times a second.
 * @public
 */
export interface StreamStats {
  /** Frames per second sent (source) or drawn (receiver) over the last second. */
  fps: number;
  /** Bytes received per second. */
  bytesInPerSec: number;
  /** Bytes sent per second. */
  bytesOutPerSec: number;
  /** Picture/signal frames sent since start. */
  framesSent: number;
  /** Frames received since start. */
  framesReceived: number;
  /** Frames skipped (source: backpressure; receiver: superseded before drawn, or undecodable). */
  framesDropped: number;
  /** Sequence number of the last frame sent (source) or received (receiver); -1 before any. */
  lastSeq: number;
  /** Mean encode time per frame over the last window, ms. */
  encodeMs: number;
  /** Mean decode time per frame over the last window, ms. */
  decodeMs: number;
  /** Round-trip time to the relay from the last Ping/Pong, ms; `null` before the first Pong. */
  rttMs: number | null;
}

/** Stats before anything happened. @public */
export const EMPTY_STATS: Readonly<StreamStats> = {
  fps: 0,
  bytesInPerSec: 0,
  bytesOutPerSec: 0,
  framesSent: 0,
  framesReceived: 0,
  framesDropped: 0,
  lastSeq: -1,
  encodeMs: 0,
  decodeMs: 0,
  rttMs: null,
};

/**
 * Per-frame counters kept outside any store; `snapshot(now)` turns them into a `StreamStats`
 * with rates over the time since the previous snapshot. Engines snapshot about every 250 ms.
 * @internal
 */
export class StatsMeter {
  framesSent = 0;
  framesReceived = 0;
  framesDropped = 0;
  lastSeq = -1;
  rttMs: number | null = null;
  #frames = 0;
  #bytesIn = 0;
  #bytesOut = 0;
  #encodeMs = 0;
  #encodes = 0;
  #decodeMs = 0;
  #decodes = 0;
  #last: number;
  #prev: StreamStats = EMPTY_STATS;

  constructor(now: number) {
    this.#last = now;
  }

  /** Counts one shown/sent frame toward fps. */
  frame(): void {
    this.#frames++;
  }
  /** Counts received bytes. */
  bytesIn(n: number): void {
    this.#bytesIn += n;
  }
  /** Counts sent bytes. */
  bytesOut(n: number): void {
    this.#bytesOut += n;
  }
  /** Adds one encode duration. */
  encoded(ms: number): void {
    this.#encodeMs += ms;
    this.#encodes++;
  }
  /** Adds one decode duration. */
  decoded(ms: number): void {
    this.#decodeMs += ms;
    this.#decodes++;
  }

  /** Stats for the window since the last snapshot; resets the window counters. */
  snapshot(now: number): StreamStats {
    const sec = Math.max(1e-3, (now - this.#last) / 1000);
    const prev = this.#prev;
    const s: StreamStats = {
      fps: Math.round((this.#frames / sec) * 10) / 10,
      bytesInPerSec: Math.round(this.#bytesIn / sec),
      bytesOutPerSec: Math.round(this.#bytesOut / sec),
      framesSent: this.framesSent,
      framesReceived: this.framesReceived,
      framesDropped: this.framesDropped,
      lastSeq: this.lastSeq,
      encodeMs: this.#encodes ? this.#encodeMs / this.#encodes : prev.encodeMs,
      decodeMs: this.#decodes ? this.#decodeMs / this.#decodes : prev.decodeMs,
      rttMs: this.rttMs,
    };
    this.#frames = this.#bytesIn = this.#bytesOut = 0;
    this.#encodeMs = this.#encodes = this.#decodeMs = this.#decodes = 0;
    this.#last = now;
    this.#prev = s;
    return s;
  }
}

/** True when two stats snapshots are equal field by field (skips no-op store updates). @internal */
export function sameStats(a: StreamStats, b: StreamStats): boolean {
  for (const k of Object.keys(a) as (keyof StreamStats)[]) if (a[k] !== b[k]) return false;
  return true;
}
