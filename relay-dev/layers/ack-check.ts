// Which of a receiver's ACKs the relay believes: only those naming a frame it really sent that
// receiver, with its timestamp, and a queue no deeper than what it was sent. Anything else could
// come from a receiver trying to steer the source (or other receivers' layers) and is refused.

/** Frames remembered per receiver: ACKs of older ones are refused (a real one comes within a second). @internal */
export const SENT_RING = 1024;

/** The deepest decode queue an ACK may report; receivers draw every frame long before this. @internal */
export const MAX_PLAUSIBLE_QUEUE = 64;

/** Why an ACK was refused (the `reason` label of `ds_relay_implausible_acks_total`). @internal */
export type ImplausibleAck = 'unknown_seq' | 'timestamp' | 'queue_depth';

/**
 * The frames recently sent to one receiver (seq, timestamp, when), and what its ACKs said.
 * Positions count every frame sent to it, so lag and "sent since" need no wrap arithmetic.
 * @internal
 */
export class SentFrames {
  /** Frames sent to it in all (the next position). */
  total = 0;
  /** Position of the newest frame it ACKed (plausibly), or -1. */
  ackedPos = -1;
  /** Queue depth of its last plausible ACK. */
  queueDepth = 0;
  private readonly seqs = new Uint16Array(SENT_RING);
  private readonly stamps = new Uint32Array(SENT_RING);
  private readonly times = new Float64Array(SENT_RING);

  /** Records a frame sent to the receiver. */
  sent(seq: number, timestamp: number, now: number): void {
    const at = this.total % SENT_RING;
    this.seqs[at] = seq;
    this.stamps[at] = timestamp;
    this.times[at] = now;
    this.total++;
  }

  /**
   * Position of the newest frame sent with `seq`, or -1. Seqs sent to one receiver do not rise
   * in order: a switch to another layer's held picture, or a resync from the keyframe + delta
   * log, sends older seqs after newer ones. So the ring is walked back from the newest: an honest
   * ACK names a recent frame (a few steps), and a refused one costs at most SENT_RING compares.
   */
  private find(seq: number): number {
    const oldest = Math.max(0, this.total - SENT_RING);
    for (let pos = this.total - 1; pos >= oldest; pos--) if (this.seqs[pos % SENT_RING] === seq) return pos;
    return -1;
  }

  /** Checks an ACK; a plausible one is recorded (lag, queue depth). Null when plausible. */
  check(seq: number, echoTimestamp: number, queueDepth: number): ImplausibleAck | null {
    const pos = this.find(seq);
    if (pos < 0) return 'unknown_seq';
    if (this.stamps[pos % SENT_RING] !== echoTimestamp >>> 0) return 'timestamp';
    // Frames waiting to be drawn were all sent to it, up to this one.
    if (queueDepth > Math.min(MAX_PLAUSIBLE_QUEUE, pos + 1)) return 'queue_depth';
    if (pos > this.ackedPos) this.ackedPos = pos;
    this.queueDepth = queueDepth;
    return null;
  }

  /** Age of the oldest frame sent after its newest ACKed one: 0 before its first ACK or when none waits. */
  lagMs(now: number): number {
    if (this.ackedPos < 0 || this.ackedPos + 1 >= this.total) return 0;
    const first = this.ackedPos + 1;
    // Older than the ring: it has not ACKed anything for over SENT_RING frames.
    if (first < this.total - SENT_RING) return Number.POSITIVE_INFINITY;
    return now - this.times[first % SENT_RING]!;
  }

  /** Forgets its ACK history (a new source: seqs start over). */
  reset(): void {
    this.ackedPos = -1;
    this.queueDepth = 0;
    this.total = 0;
  }
}
