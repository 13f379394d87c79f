import type { AckInput, RosterInfo } from '../protocol/index';

/** Frames remembered for checking ACKs (about 34 s at 30 fps); an ACK of an older one is refused. */
export const ACK_WINDOW = 1024;

/**
 * Draws a receiver counts beyond its frames: one when its canvas is attached, one for a
 * renderer's own redraw request (`invalidate`).
 */
export const QUEUE_DEPTH_SLACK = 2;

/** Why an ACK was refused, or `'ok'`. @internal */
export type AckVerdict = 'ok' | 'unknown-frame' | 'unknown-receiver' | 'queue-depth';

interface SentFrame {
  readonly seq: number;
  readonly timestamp: number;
  /** Counts every frame sent, from 0. */
  readonly ordinal: number;
  readonly keyframe: boolean;
  /** Ordinal of the newest keyframe at or before this frame (its own when it is one). */
  readonly chainStart: number;
}

/**
 * Refuses ACKs no honest receiver could send, before they reach the quality controller: one
 * receiver must not move everyone's quality with made-up numbers. An ACK is refused when
 * - `unknown-frame`: its (ackSeq, echoTimestamp) is none of the last {@link ACK_WINDOW} frames
 *   sent (a seq never sent, one too old, or a timestamp that does not match);
 * - `unknown-receiver`: the relay announced its receivers (Roster) and this relay id is not
 *   among them (it left, or never joined);
 * - `queue-depth`: its queueDepth exceeds the frames that receiver can have been sent up to the
 *   acknowledged one, plus {@link QUEUE_DEPTH_SLACK}. A receiver's queue holds frames it
 *   decoded and has not drawn, the acknowledged one last; the first it can have got is the
 *   keyframe its chain starts on: the relay's replay for a late joiner (the keyframe before
 *   the one current when its join reached the source, since a keyframe may still have been on
 *   its way to the relay), or else the first frame it acknowledged.
 * A plausible but large queue is that receiver's own state and still counts: plausibility only
 * rules out the impossible. The bound stops growing once a receiver's first frame has left the
 * window (about ACK_WINDOW + 2 frames), so a tab hidden for longer than that (it draws nothing,
 * its queue keeps growing) has its ACKs refused and counted until it draws again, which keeps
 * a stopped receiver from reading as a congested one.
 * @internal
 */
export class AckGuard {
  readonly #bySeq = new Map<number, SentFrame>();
  readonly #ring: SentFrame[] = [];
  #next = 0;
  /** Relay id -> ordinal the receiver's frames start at or after. */
  readonly #from = new Map<number, number>();
  /** Relay ids the relay says are connected; `null` until it says (an older relay never does). */
  #roster: Set<number> | null = null;
  /** ACKs refused so far. */
  refused = 0;

  /** The receivers the relay announced, `null` while it has not. */
  get receivers(): readonly number[] | null {
    return this.#roster ? [...this.#roster] : null;
  }

  /** Records a frame sent (the frames receivers acknowledge: pictures and signal state). */
  sent(seq: number, timestamp: number, keyframe: boolean): void {
    const ordinal = this.#next++;
    const prev = this.#ring[this.#ring.length - 1];
    // Kept per frame so a check is O(1), not a walk back through the window per ACK.
    const chainStart = keyframe || prev === undefined ? ordinal : prev.chainStart;
    const f: SentFrame = { seq, timestamp, ordinal, keyframe, chainStart };
    this.#ring.push(f);
    this.#bySeq.set(seq, f);
    if (this.#ring.length > ACK_WINDOW) {
      const old = this.#ring.shift()!;
      if (this.#bySeq.get(old.seq) === old) this.#bySeq.delete(old.seq);
    }
  }

  /** Applies a Roster from the relay. */
  roster(r: RosterInfo): void {
    if (r.kind === 'snapshot' || this.#roster === null) {
      const before = this.#roster;
      this.#roster = new Set();
      for (const id of before ?? []) if (!r.ids.includes(id)) this.#from.delete(id);
    }
    const join = this.#joinStart();
    for (const id of r.ids) {
      if (r.kind === 'left') {
        this.#roster.delete(id);
        this.#from.delete(id);
      } else {
        if (!this.#roster.has(id) || !this.#from.has(id)) this.#from.set(id, join);
        this.#roster.add(id);
      }
    }
  }

  /** The link to the relay was lost: what it said about receivers is stale until its next snapshot. */
  disconnected(): void {
    this.#roster = null;
  }

  /**
   * Checks one ACK from relay id `receiver` (0: no relay id); counts it in `refused` unless
   * `'ok'`.
   */
  check(ack: AckInput, receiver: number): AckVerdict {
    const verdict = this.#verdict(ack, receiver);
    if (verdict !== 'ok') this.refused++;
    return verdict;
  }

  #verdict(ack: AckInput, receiver: number): AckVerdict {
    const f = this.#bySeq.get(ack.ackSeq);
    if (f === undefined || f.timestamp !== ack.echoTimestamp) return 'unknown-frame';
    if (receiver > 0 && this.#roster !== null && !this.#roster.has(receiver)) return 'unknown-receiver';
    // A real frame it acknowledged was sent to it, whatever depth it claims with it.
    const from = Math.min(this.#from.get(receiver) ?? f.ordinal, f.ordinal);
    this.#from.set(receiver, from);
    const start = this.#chainStart(from);
    return ack.queueDepth > f.ordinal - start + 1 + QUEUE_DEPTH_SLACK ? 'queue-depth' : 'ok';
  }

  /** Where a receiver joining now may start: the keyframe before the current one. */
  #joinStart(): number {
    const newest = this.#next - 1;
    if (newest < 0) return 0;
    const current = this.#chainStart(newest);
    return this.#chainStart(current - 1);
  }

  /** Ordinal of the newest keyframe at or before `ordinal` (the oldest remembered frame if none). */
  #chainStart(ordinal: number): number {
    const ring = this.#ring;
    const oldest = ring[0]?.ordinal ?? 0;
    const f = ring[Math.min(ordinal - oldest, ring.length - 1)];
    return f === undefined ? oldest : Math.max(f.chainStart, oldest);
  }
}
