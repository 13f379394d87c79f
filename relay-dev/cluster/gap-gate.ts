import { frameLayer } from '../../src/protocol/index';
import type { Channel } from '../channel';
import { classify, FrameClass } from '../peer';
import type { ClusterNode } from './nats-node';

/**
 * The gap gating of a following relay: once a frame from the source's relay is missed, the deltas
 * (signal diffs) after it would paint on a picture the local receivers do not have, so per layer
 * they go nowhere until that layer's next keyframe (SignalSync), which is asked for.
 * @internal
 */
export class GapGate {
  /** Per layer (bit n: layer n): deltas (signal diffs) go nowhere until a keyframe (SignalSync). */
  private picture = 0;
  private signal = 0;

  constructor(
    private readonly node: ClusterNode,
    private readonly channel: Channel,
  ) {}

  /** Something was missed: hold deltas and diffs until the source's next keyframe, and ask for it. */
  gap(): void {
    this.node.metrics.gaps.inc();
    this.picture = 0b1111;
    this.signal = 0b1111;
    this.channel.state.breakChain();
    this.channel.layers.drop(false);
    this.channel.requestKeyframe(true);
  }

  /** Whether a live message from the source's relay may go into the channel (a keyframe opens its layer). */
  admit(message: Uint8Array): boolean {
    const { channel } = this;
    const flags = message[1]!;
    const cls = classify(message[0]!, flags);
    const bit = 1 << frameLayer(flags);
    if (
      (cls === FrameClass.PictureDelta && this.picture & bit) ||
      (cls === FrameClass.SignalDiff && this.signal & bit)
    ) {
      // Ask again (rate-limited): the first request may have been lost too, at most once.
      if (!channel.layers.requestLayerKeyframe(frameLayer(flags))) channel.requestKeyframe();
      return false;
    }
    if (cls === FrameClass.PictureKey) this.picture &= ~bit;
    if (cls === FrameClass.SignalSync) this.signal &= ~bit;
    return true;
  }
}
