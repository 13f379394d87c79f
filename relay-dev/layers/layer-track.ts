// One quality layer of a channel: its retained state (what a receiver switching to it or joining
// on it is sent first) and the byte rate it carries, measured at the relay.
import { FrameType, type LayerId, type ProtocolError } from '../../src/protocol/index';
import type { ChannelState } from '../channel-state';
import { FrameClass, type ResyncSource } from '../peer';

/** Window over which a layer's byte rate is measured, ms: a keyframe is spread over it. */
const RATE_WINDOW_MS = 1000;

/** @internal */
export class LayerTrack {
  /** Bytes per second the layer carried over the last windows (0 until measured). */
  rate = 0;
  lastKeyframeRequest = Number.NEGATIVE_INFINITY;
  /** What a receiver on this layer resynchronises from. */
  readonly resync: ResyncSource;
  private bytes = 0;

  constructor(
    readonly id: LayerId,
    readonly state: ChannelState,
    private windowStart: number,
    requestKeyframe: () => void,
  ) {
    this.resync = { state, requestKeyframe };
  }

  /** Records a frame of this layer; returns why its signal state refused it, or null. */
  record(bytes: Uint8Array, type: number, cls: FrameClass): ProtocolError | null {
    this.bytes += bytes.byteLength;
    switch (cls) {
      case FrameClass.PictureKey:
        this.state.recordKeyframe(bytes);
        return null;
      case FrameClass.PictureDelta:
        this.state.recordDelta(bytes);
        return null;
      case FrameClass.SignalSync:
      case FrameClass.SignalDiff:
        return this.state.recordSignal(bytes, type === FrameType.SignalSync);
      default:
        return null;
    }
  }

  /** Closes the rate window once it is `RATE_WINDOW_MS` old. */
  measure(now: number): void {
    const dt = now - this.windowStart;
    if (dt < RATE_WINDOW_MS) return;
    const measured = (this.bytes * 1000) / dt;
    this.rate = this.rate === 0 ? measured : (this.rate + measured) / 2;
    this.bytes = 0;
    this.windowStart = now;
  }

  /**
   * Bytes of the whole current picture the relay holds for this layer (keyframe + delta log, or
   * the signal state), or null when it holds none whole.
   */
  pictureBytes(): number | null {
    const s = this.state;
    if (this.id === 3) return s.signalResync() === null ? null : s.retainedBytes;
    if (s.keyframe === null || s.deltas === null) return null;
    return s.keyframe.byteLength + s.deltaBytes;
  }
}
