import type { AckInput, QualityLayer, RosterInfo } from '../protocol/index';
import { AckGuard, type AckVerdict } from './ack-guard';

/**
 * One {@link AckGuard} per layer (layer 0 for an unlayered stream): each layer is its own chain of
 * keyframes and deltas, so the queue-depth bound of an ACK is counted in frames of the layer it
 * acknowledges, never inflated by the frames of the others. seq is one counter across layers, so
 * a seq names one frame and its layer (a 64 K table, overwritten as seq wraps).
 * @internal
 */
export class LayerAckGuards {
  readonly #guards = new Map<QualityLayer, AckGuard>();
  /** seq -> layer + 1 of the frame last sent with that seq (0: none). */
  readonly #layerOf = new Uint8Array(0x10000);
  #roster: RosterInfo[] = [];
  #unknown = 0;

  /** ACKs refused so far, every layer together. */
  get refused(): number {
    let n = this.#unknown;
    for (const g of this.#guards.values()) n += g.refused;
    return n;
  }

  /** The receivers the relay announced, `null` while it has not. */
  get receivers(): readonly number[] | null {
    return this.#guard(0).receivers;
  }

  #guard(layer: QualityLayer): AckGuard {
    let g = this.#guards.get(layer);
    if (!g) {
      g = new AckGuard();
      // A layer that starts late still knows who is there.
      for (const r of this.#roster) g.roster(r);
      this.#guards.set(layer, g);
    }
    return g;
  }

  /** Records a frame sent on `layer`. */
  sent(layer: QualityLayer, seq: number, timestamp: number, keyframe: boolean): void {
    this.#layerOf[seq & 0xffff] = layer + 1;
    this.#guard(layer).sent(seq, timestamp, keyframe);
  }

  /** Applies a Roster to every layer's guard. */
  roster(r: RosterInfo): void {
    this.#guard(0);
    for (const g of this.#guards.values()) g.roster(r);
    // Replaying the Rosters since the last snapshot rebuilds the list for a guard made later.
    this.#roster = r.kind === 'snapshot' ? [r] : [...this.#roster, r];
    if (this.#roster.length > 64) this.#roster = [{ kind: 'snapshot', ids: [...(this.receivers ?? [])] }];
  }

  /** The link to the relay was lost: its receiver list is stale until the next snapshot. */
  disconnected(): void {
    this.#roster = [];
    for (const g of this.#guards.values()) g.disconnected();
  }

  /** The layer of the frame an ACK names, or `null` for a seq never sent. */
  layerOf(ack: AckInput): QualityLayer | null {
    const l = this.#layerOf[ack.ackSeq & 0xffff]!;
    return l === 0 ? null : ((l - 1) as QualityLayer);
  }

  /** Checks an ACK against the guard of the layer its frame was sent on. */
  check(ack: AckInput, receiver: number): AckVerdict {
    const layer = this.layerOf(ack);
    if (layer === null) {
      this.#unknown++;
      return 'unknown-frame';
    }
    return this.#guard(layer).check(ack, receiver);
  }
}
