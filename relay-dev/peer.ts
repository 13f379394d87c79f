import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import {
  FrameType,
  frameLayer,
  isPictureKeyframe,
  type LayerId,
  type LayerReasonName,
  type QualityLayer,
} from '../src/protocol/index';
import type { Role } from './auth';
import type { ChannelState } from './channel-state';
import type { ReceiverLink } from './layers/receiver-link';
import type { RelayMetrics } from './metrics';
import type { DataLink } from './webrtc/link';

/** How the relay treats a source frame when a receiver is behind. @internal */
export const FrameClass = {
  /** Never dropped: End, StreamStatus. */
  Control: 0,
  /** Full picture: Pixels, CompressedPixels, NeuralFrame, or any FLAG_KEYFRAME frame. */
  PictureKey: 1,
  /** Depends on the previous picture: DeltaPixels. */
  PictureDelta: 2,
  SignalSync: 3,
  SignalDiff: 4,
  /** Independent frames (audio, haptics, latents): dropped alone, no resync needed. */
  Other: 5,
} as const;
/** @internal */
export type FrameClass = (typeof FrameClass)[keyof typeof FrameClass];

/**
 * Classifies a source frame from its header bytes. What counts as a picture keyframe is the
 * protocol's one rule (`isPictureKeyframe`), the same the codecs apply.
 * @internal
 */
export function classify(type: number, flags: number): FrameClass {
  switch (type) {
    case FrameType.End:
    case FrameType.StreamStatus:
      return FrameClass.Control;
    case FrameType.SignalSync:
      return FrameClass.SignalSync;
    case FrameType.SignalDiff:
      return FrameClass.SignalDiff;
    case FrameType.DeltaPixels:
      return FrameClass.PictureDelta;
    default:
      return isPictureKeyframe(type, flags) ? FrameClass.PictureKey : FrameClass.Other;
  }
}

/** What a receiver needs from its channel to resynchronise. @internal */
export interface ResyncSource {
  readonly state: ChannelState;
  requestKeyframe(): void;
}

const SEND_OPTIONS = { binary: true, compress: false } as const;

function uncork(peer: Peer, socket: Duplex): void {
  peer.uncorked();
  socket.uncork();
}

/** One connected socket with its role and liveness. @internal */
export class Peer {
  /** Last time (ms) the peer sent anything or answered a ping. */
  lastSeen: number = Date.now();
  constructor(
    readonly ws: WebSocket,
    readonly role: Role,
    readonly channel: string,
    protected readonly metrics: RelayMetrics,
    /** Relay-local id (1..65535, unique among live peers: `PeerIds`) stamped into the `width` field of input this peer sends. */
    readonly id: number,
  ) {}

  private corked = false;
  /** The peer's open DataChannels (webrtc/): once set, its frames go there instead of the socket. */
  link: DataLink | null = null;

  /** Sends without any budget check (control messages, join sequence). */
  send(bytes: Uint8Array, slot: number): void {
    if (this.link?.open) {
      // Pictures on the unordered channel, the rest on the reliable one (DataLink.send decides).
      this.link.send(bytes);
      this.metrics.framesOut[slot]!++;
      this.metrics.bytesOut[slot]! += bytes.byteLength;
      return;
    }
    // ws writes each message with its own syscall. Corking the socket until the end of this
    // tick lets every message routed in the tick (ws parses a whole TCP read at once) leave in
    // one writev: for small signal diffs this is most of the relay's CPU.
    if (!this.corked) {
      const socket = (this.ws as unknown as { _socket?: Duplex })._socket;
      if (socket) {
        this.corked = true;
        socket.cork();
        process.nextTick(uncork, this, socket);
      }
    }
    this.ws.send(bytes, SEND_OPTIONS);
    this.metrics.framesOut[slot]!++;
    this.metrics.bytesOut[slot]! += bytes.byteLength;
  }

  /** Called when the tick's batch is flushed. @internal */
  uncorked(): void {
    this.corked = false;
  }

  /** True while the socket's unsent bytes exceed `budget`. */
  over(budget: number): boolean {
    return this.ws.bufferedAmount + (this.link?.bufferedAmount ?? 0) > budget;
  }
}

/**
 * A receiver with a send budget. Past the budget it loses non-key frames, and the chain they
 * belong to (picture or signal) is marked broken until it is resynchronised: the next keyframe,
 * the channel's keyframe + delta log once it drains, or a merged SignalSync.
 * @internal
 */
export class ReceiverPeer extends Peer {
  needsPicture = false;
  needsSignal = false;
  drops = 0;
  /** The quality layer whose frames it gets (0: unlayered channel, or none chosen yet). */
  layer: QualityLayer = 0;
  /** The layer it moves to at that layer's next keyframe, or null. */
  target: LayerId | null = null;
  /** Why it is on (or moving to) its layer. */
  reason: LayerReasonName = 'join';
  /** Its link measures, while its channel is layered. */
  layerLink: ReceiverLink | null = null;
  /** Bytes of control messages sent while over budget since it was last under it. */
  private controlBacklog = 0;

  constructor(
    ws: WebSocket,
    channel: string,
    metrics: RelayMetrics,
    private readonly budget: number,
    id: number,
  ) {
    super(ws, 'receiver', channel, metrics, id);
  }

  /** Bytes waiting in its send buffer. */
  get buffered(): number {
    return this.ws.bufferedAmount + (this.link?.bufferedAmount ?? 0);
  }

  /** Its send budget (maxBufferedBytes). */
  get sendBudget(): number {
    return this.budget;
  }

  /**
   * Offers one source frame; sends it, drops it, or sends a resync in its place. Whatever
   * throws here (building a resync, say) closes this receiver alone (1011), never the source
   * whose frame is being fanned out, nor the receivers after this one.
   */
  offer(bytes: Uint8Array, type: number, cls: FrameClass, ch: ResyncSource): void {
    // Closing (by the relay or itself): what it is offered would go nowhere, and a resync that
    // throws again must not close and count it again.
    if (this.ws.readyState !== this.ws.OPEN) return;
    try {
      this.route(bytes, type, cls, ch);
    } catch {
      this.metrics.closed.inc({ reason: 'internal' });
      this.ws.close(1011, 'internal relay error');
    }
  }

  private route(bytes: Uint8Array, type: number, cls: FrameClass, ch: ResyncSource): void {
    if (cls === FrameClass.Control) {
      this.sendControl(bytes, type);
    } else if (this.over(this.budget)) {
      this.drop(type, cls);
    } else if (cls === FrameClass.PictureDelta && this.needsPicture) {
      this.resyncPicture(type, ch);
    } else if (cls === FrameClass.SignalDiff && this.needsSignal) {
      this.resyncSignal(type, ch);
    } else {
      if (cls === FrameClass.PictureKey) this.needsPicture = false;
      else if (cls === FrameClass.SignalSync) this.needsSignal = false;
      this.deliver(bytes, type);
    }
  }

  /**
   * Sends End or StreamStatus, which are never dropped. Over budget they still queue, so a
   * receiver that keeps not reading is terminated once they reach another budget's worth:
   * a source alternating End and a frame cannot grow its queue without bound.
   */
  sendControl(bytes: Uint8Array, type: number): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (!this.over(this.budget)) this.controlBacklog = 0;
    else {
      this.controlBacklog += bytes.byteLength;
      if (this.controlBacklog > this.budget) {
        this.metrics.closed.inc({ reason: 'stalled' });
        this.ws.terminate();
        return;
      }
    }
    this.send(bytes, type);
  }

  /** Sends the channel's current picture (keyframe + delta log) if it is whole and fits. */
  sendPicture(ch: ResyncSource): boolean {
    const { keyframe, deltas, deltaBytes } = ch.state;
    if (keyframe === null || deltas === null || keyframe.byteLength + deltaBytes > this.budget) return false;
    this.deliver(keyframe, keyframe[0]!);
    for (const d of deltas) this.deliver(d, d[0]!);
    this.needsPicture = false;
    return true;
  }

  /**
   * Sends the current picture of a quality layer from its state: keyframe + delta log for a
   * picture layer, SignalSync + diffs for the signal layer. False when there is none whole.
   */
  sendLayerPicture(layer: LayerId, ch: ResyncSource): boolean {
    if (layer !== 3) return this.sendPicture(ch);
    const resync = ch.state.signalResync();
    if (resync === null) return false;
    for (const m of resync) this.deliver(m, m[0]!);
    this.needsSignal = false;
    return true;
  }

  /** Sends a source frame and notes it for its link (ACK checks, drain rate, bytes per layer). */
  private deliver(bytes: Uint8Array, type: number): void {
    this.send(bytes, type);
    this.metrics.layerBytesOut[frameLayer(bytes[1]!)]! += bytes.byteLength;
    this.layerLink?.sent(bytes);
  }

  // The channel state already holds this diff, so its resync (a SignalSync, then the diffs since
  // it: nothing is merged or serialised for this) replaces it. Only once the receiver has
  // drained to half its budget: resyncing at every diff while it hovers at the budget would
  // send the whole state again and again and keep it there.
  private resyncSignal(type: number, ch: ResyncSource): void {
    if (this.over(this.budget >>> 1)) {
      this.drop(type, FrameClass.SignalDiff);
      return;
    }
    const resync = ch.state.signalResync();
    if (resync === null) {
      // The state was dropped (memory budget): the source answers a KeyframeRequest with a SignalSync.
      this.metrics.dropped[type]!++;
      ch.requestKeyframe();
      return;
    }
    this.needsSignal = false;
    for (const m of resync) this.deliver(m, m[0]!);
  }

  private resyncPicture(type: number, ch: ResyncSource): void {
    // The delta log ends with the current frame, so keyframe + log is the current picture.
    if (this.sendPicture(ch)) return;
    this.metrics.dropped[type]!++;
    ch.requestKeyframe();
  }

  private drop(type: number, cls: FrameClass): void {
    if (cls === FrameClass.PictureKey || cls === FrameClass.PictureDelta) this.needsPicture = true;
    else if (cls === FrameClass.SignalSync || cls === FrameClass.SignalDiff) this.needsSignal = true;
    this.drops++;
    this.metrics.dropped[type]!++;
  }
}
