import {
  encodeKeyframeRequest,
  encodeStreamStatus,
  FrameType,
  frameLayer,
  InputType,
  type LayerId,
  type ProtocolError,
  type StreamStatusKind,
} from '../src/protocol/index';
import { SourceRoster } from './channel-roster';
import type { ChannelState } from './channel-state';
import type { ChannelHooks } from './cluster/hooks';
import type { ResolvedLayerPolicy } from './layers/layer-policy';
import { LayerRouter } from './layers/layer-router';
import type { RelayLogger } from './logger';
import { RelayMetrics } from './metrics';
import { classify, FrameClass, type Peer, type ReceiverPeer, type ResyncSource } from './peer';
import type { RetainedBudget, Retainer } from './retained-budget';

/** What a channel needs from its relay. @internal */
export interface ChannelContext {
  readonly metrics: RelayMetrics;
  readonly log: RelayLogger;
  readonly keyframeRequestIntervalMs: number;
  readonly sourceBudget: number;
  /** The relay-wide budget for retained state, shared by every channel. */
  readonly retained: RetainedBudget;
  /** Thresholds and clock of the per-receiver layer choice. */
  readonly policy: ResolvedLayerPolicy;
  /** A fresh state for one quality layer. */
  newState(): ChannelState;
}

/**
 * One channel: its source, its receivers and the state late joiners need. Fan-out forwards the
 * source's buffer itself to every receiver (no copy, no decode).
 * @internal
 */
export class Channel implements ResyncSource, Retainer {
  source: Peer | null = null;
  readonly receivers: Set<ReceiverPeer> = new Set();
  /** True after End until the source sends again. */
  ended = false;
  private pictureSeen = false;
  private lastKeyframeRequest = Number.NEGATIVE_INFINITY;
  private seq = 0;
  /** Who the source has heard of (the cluster side adds receivers of other relays). */
  readonly roster: SourceRoster;
  /** Quality layers: routing per receiver once the source sends a LayerOffer (layers/). */
  readonly layers: LayerRouter;
  /** Retained bytes as last reported to the budget. */
  retained = 0;
  lastActive: number = performance.now();
  /** Its cluster side (cluster/), told of local source frames, remote input and joins; null without `nats`. */
  hooks: ChannelHooks | null = null;

  constructor(
    readonly name: string,
    readonly state: ChannelState,
    private readonly ctx: ChannelContext,
  ) {
    ctx.retained.add(this);
    this.roster = new SourceRoster(this);
    const channel = this;
    this.layers = new LayerRouter({
      name,
      receivers: this.receivers,
      get source() {
        return channel.source;
      },
      get sourceReachable() {
        return channel.source !== null || channel.hooks?.remoteSource === true;
      },
      keyframeRequest: (bytes) => this.sendKeyframeRequest(bytes),
      remoteLayers: () => this.hooks?.remoteLayers() ?? [],
      layersChanged: () => this.hooks?.layersChanged(),
      metrics: ctx.metrics,
      policy: ctx.policy,
      keyframeRequestIntervalMs: ctx.keyframeRequestIntervalMs,
      newState: () => ctx.newState(),
      unlayered: state,
      account: () => this.account(),
      nextSeq: () => this.nextSeq(),
      flushJoins: () => this.roster.flushJoins(),
    });
  }

  get idle(): boolean {
    return this.receivers.size === 0;
  }

  get deltaLogBytes(): number {
    return this.state.deltaBytes + this.layers.deltaBytes;
  }

  /** True when nobody is connected, so the store may drop the channel. */
  get empty(): boolean {
    return this.source === null && this.receivers.size === 0;
  }

  /** Fans one validated source frame out to every receiver. */
  publish(bytes: Uint8Array, type: number, flags: number): void {
    const cls = classify(type, flags);
    if (this.ended && type !== FrameType.End) {
      this.ended = false;
      this.broadcastStatus('online');
    }
    this.lastActive = performance.now();
    const start = performance.now();
    const layer = frameLayer(flags);
    if (layer !== 0) {
      // Routing checked it is offered. Per layer: its own state, and only its receivers.
      const err = this.layers.publish(bytes, type, cls, layer as LayerId);
      if (err) return void this.refuseSignal(err);
      if (this.source) this.hooks?.sourceFrame(bytes);
      this.ctx.metrics.fanout.observe((performance.now() - start) / 1000);
      return;
    }
    const refused = this.record(bytes, type, cls);
    this.account();
    if (refused) return;
    for (const peer of this.receivers) peer.offer(bytes, type, cls, this);
    if (this.source) this.hooks?.sourceFrame(bytes);
    this.ctx.metrics.fanout.observe((performance.now() - start) / 1000);
    if (type === FrameType.End) {
      this.ended = true;
      this.state.clear();
      this.layers.clear();
      this.account();
      this.pictureSeen = false;
    }
  }

  /** Forwards a receiver's input message to the source (dropped if there is none or it is behind). */
  toSource(bytes: Uint8Array, type: number): void {
    const slot = RelayMetrics.input(type);
    if (this.source === null && this.hooks?.remoteSource) return void this.hooks.remoteInput(bytes);
    if (this.source === null || this.source.over(this.ctx.sourceBudget)) {
      this.ctx.metrics.dropped[slot]!++;
      return;
    }
    // A source never gets input from a receiver it has not been told about.
    this.roster.flushJoins();
    this.source.send(bytes, slot);
  }

  /** Asks the source for a keyframe, at most once per `keyframeRequestIntervalMs` unless forced. */
  requestKeyframe(force = false): void {
    const now = performance.now();
    if (this.source === null && !this.hooks?.remoteSource) return;
    if (!force && now - this.lastKeyframeRequest < this.ctx.keyframeRequestIntervalMs) return;
    this.lastKeyframeRequest = now;
    this.ctx.metrics.keyframeRequests.inc();
    this.sendKeyframeRequest(encodeKeyframeRequest({ seq: this.nextSeq(), timestamp: 0 }));
  }

  // To the source here, or through the cluster to the relay that holds it.
  private sendKeyframeRequest(request: Uint8Array): void {
    if (this.source) this.source.send(request, RelayMetrics.input(InputType.KeyframeRequest));
    else this.hooks?.remoteInput(request);
  }

  /**
   * Attaches a source: receivers learn it is online, the source learns who is there (Roster
   * snapshot, then the count) and is asked for a keyframe.
   */
  attachSource(peer: Peer): void {
    this.source = peer;
    this.roster.attached();
    // A new source offers its layers afresh, and its seqs start over.
    this.layers.reset();
    this.ended = false;
    // The new source's deltas do not apply to the old keyframe: hold deltas until its keyframe.
    this.state.breakChain();
    this.account();
    for (const r of this.receivers) r.needsPicture = true;
    this.broadcastStatus('online');
    this.requestKeyframe(true);
    this.roster.sendCount();
    this.hooks?.sourceChanged(true, false);
  }

  /** Detaches the source; receivers stay and learn it is offline (unless it ended the stream). */
  detachSource(peer: Peer): void {
    if (this.source !== peer) return;
    this.source = null;
    this.roster.detached();
    if (!this.ended) this.broadcastStatus('offline');
    this.hooks?.sourceChanged(false, this.ended);
  }

  /** Adds a receiver and sends it, first, the status, current picture and merged signal state. */
  attachReceiver(peer: ReceiverPeer): void {
    this.lastActive = performance.now();
    this.hooks?.receiversChanged(this.receivers.size, this.receivers.size + 1);
    this.receivers.add(peer);
    this.roster.joined(peer);
    try {
      peer.send(this.statusMessage(this.status()), FrameType.StreamStatus);
      // Layered: the best layer whose picture fits (and no layer 0 picture: setOffer dropped it).
      this.layers.join(peer);
      if (this.pictureSeen && !this.layers.layered && !peer.sendPicture(this)) {
        // No whole chain: show the last keyframe (a moment old) and hold deltas until a new one.
        const { keyframe } = this.state;
        if (keyframe) peer.send(keyframe, keyframe[0]!);
        peer.needsPicture = true;
        this.requestKeyframe();
      }
      const sync = this.state.signalSync();
      if (sync) peer.send(sync, FrameType.SignalSync);
      else if (this.state.signalLost) {
        // The state was dropped for the memory budget: hold diffs until the source's SignalSync.
        peer.needsSignal = true;
        this.requestKeyframe();
      }
    } finally {
      // Building the sync may have merged pending diffs, even when a send after it threw.
      this.account();
    }
    this.roster.scheduleCount();
  }

  /** Removes a receiver; the source hears of it at once (unless it never heard of the join). */
  detachReceiver(peer: ReceiverPeer): void {
    if (!this.receivers.delete(peer)) return;
    this.hooks?.receiversChanged(this.receivers.size + 1, this.receivers.size);
    this.roster.left(peer);
    this.layers.leave(peer);
  }

  /** Stops timers and returns the retained bytes to the budget (the channel is dropped). */
  dispose(): void {
    this.roster.dispose();
    this.layers.dispose();
    this.state.clear();
    this.account();
    this.ctx.retained.remove(this);
  }

  /** Budget eviction: forget everything retained; later joiners get a KeyframeRequest. */
  dropRetained(): void {
    this.state.dropPicture();
    this.state.dropSignal();
    this.layers.drop(true);
    this.account();
  }

  /** Budget eviction: forget the delta log; later joiners get the keyframe and a request. */
  dropDeltaLog(): void {
    this.state.breakChain();
    this.layers.drop(false);
    this.account();
  }

  status(): StreamStatusKind {
    if (this.ended) return 'ended';
    return this.source || this.hooks?.remoteSource ? 'online' : 'offline';
  }

  // Reports the state's size change to the relay-wide budget (which may evict, this one included).
  account(): void {
    const now = this.state.retainedBytes + this.layers.retainedBytes;
    const delta = now - this.retained;
    this.retained = now;
    if (delta !== 0) this.ctx.retained.change(delta);
  }

  /** Records a frame in the channel state; true when it is refused (not to be forwarded). */
  private record(bytes: Uint8Array, type: number, cls: FrameClass): boolean {
    switch (cls) {
      case FrameClass.PictureKey:
        this.pictureSeen = true;
        this.state.recordKeyframe(bytes);
        break;
      case FrameClass.PictureDelta:
        this.pictureSeen = true;
        this.state.recordDelta(bytes);
        break;
      case FrameClass.SignalSync:
      case FrameClass.SignalDiff: {
        const err = this.state.recordSignal(bytes, type === FrameType.SignalSync);
        if (err === null) break;
        this.refuseSignal(err);
        return true;
      }
    }
    return false;
  }

  // Refused for everyone: live receivers stay consistent with what a late joiner gets.
  private refuseSignal(err: ProtocolError): void {
    this.ctx.metrics.signalsRefused.inc({ reason: err.code.toLowerCase() });
    this.ctx.log.warn({ channel: this.name, code: err.code, reason: err.message }, 'signal refused');
  }

  private statusMessage(status: StreamStatusKind): Uint8Array {
    return encodeStreamStatus(status, { seq: this.nextSeq(), timestamp: 0 }, this.receivers.size);
  }

  private broadcastStatus(status: StreamStatusKind): void {
    if (this.receivers.size === 0) return;
    const msg = this.statusMessage(status);
    for (const r of this.receivers) r.sendControl(msg, FrameType.StreamStatus);
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xffff;
    return this.seq;
  }
}
