// What the relay measures of one receiver's link on a layered channel: the frames sent to it
// (for its ACKs), the bytes written against how its send buffer grew (the drain rate), and the
// policy's memory. Read once per tick by the channel's layer router.
import { HEADER_SIZE } from '../../src/protocol/index';
import { type ImplausibleAck, SentFrames } from './ack-check';
import { type LinkSample, newPolicyState, type PolicyState, type ResolvedLayerPolicy } from './layer-policy';

/** Bytes of an Ack's payload (seq u16, timestamp u32, decode µs u32, queue depth u16). */
const ACK_PAYLOAD = 12;

/** One receiver's link measures. @internal */
export class ReceiverLink {
  readonly frames: SentFrames = new SentFrames();
  readonly policy: PolicyState;
  /** Implausible ACKs it sent (the `ds_relay_receiver_implausible_acks` gauge). */
  implausible = 0;
  /** LayerReports sent to it (their seq). */
  reportSeq = 0;
  /** Link capacity in bytes/s, measured while its buffer stayed non-empty; null until then. */
  capacity: number | null = null;
  capacityAt = 0;
  private written = 0;
  private lastBuffered = 0;
  private lastAt: number;
  private lastDrops = 0;

  constructor(
    private readonly p: ResolvedLayerPolicy,
    drops: number,
  ) {
    this.policy = newPolicyState(p);
    this.lastAt = p.now();
    this.lastDrops = drops;
  }

  /** Records a frame written to its socket. */
  sent(message: Uint8Array): void {
    const v = new DataView(message.buffer, message.byteOffset, HEADER_SIZE);
    this.frames.sent(v.getUint16(2, true), v.getUint32(4, true), this.p.now());
    this.written += message.byteLength;
  }

  /** Checks one of its ACKs (the whole message); null when plausible (and then recorded). */
  checkAck(message: Uint8Array): ImplausibleAck | 'malformed' | null {
    if (message.byteLength !== HEADER_SIZE + ACK_PAYLOAD) return 'malformed';
    const v = new DataView(message.buffer, message.byteOffset + HEADER_SIZE, ACK_PAYLOAD);
    const verdict = this.frames.check(v.getUint16(0, true), v.getUint32(2, true), v.getUint16(10, true));
    if (verdict !== null) this.implausible++;
    return verdict;
  }

  /**
   * Samples the link: `buffered` bytes wait in its send buffer now, `drops` is its total drop
   * count. While the buffer stayed non-empty the link was saturated, so what drained meanwhile
   * (bytes written minus the buffer's growth) over the time is its capacity.
   */
  sample(buffered: number, budget: number, drops: number): LinkSample {
    const now = this.p.now();
    const dt = (now - this.lastAt) / 1000;
    if (dt > 0) {
      if (this.lastBuffered > 0 && buffered > 0) {
        const drained = Math.max(0, this.written - (buffered - this.lastBuffered)) / dt;
        this.capacity = this.capacity === null ? drained : (this.capacity + drained) / 2;
        this.capacityAt = now;
      }
      this.written = 0;
      this.lastAt = now;
    }
    this.lastBuffered = buffered;
    const newDrops = drops - this.lastDrops;
    this.lastDrops = drops;
    return {
      now,
      buffered,
      budget,
      drops: newDrops,
      lagMs: this.frames.lagMs(now),
      queueDepth: this.frames.ackedPos >= 0 ? this.frames.queueDepth : 0,
      capacity: this.capacity,
      capacityAt: this.capacityAt,
    };
  }
}
